package io.callstorm.eval.http;

import java.util.OptionalInt;

/**
 * A call to a judge model or to the remote eval API failed. Subclasses say how:
 * {@link BadRequestException} (400), {@link InvalidAuthException} (401, 403), {@link EvalUnavailableException}
 * (429, 5xx, I/O errors and timeouts after retries, or a protection that refused the call). Messages never
 * contain an API key.
 */
public class EvalHttpException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int statusCode;

    public EvalHttpException(String message, int statusCode, Throwable cause) {
        super(message, cause);
        this.statusCode = statusCode;
    }

    /** The HTTP status of the failed response; empty when no response came (I/O error, refused call). */
    public OptionalInt statusCode() {
        return statusCode > 0 ? OptionalInt.of(statusCode) : OptionalInt.empty();
    }
}
