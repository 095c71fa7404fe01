package io.callstorm.eval.http;

/**
 * The service refused the credentials (HTTP 401: missing or unknown key; HTTP 403: a key without access).
 * Not retried: repeating the call cannot fix a key. The message names the environment variables to check and
 * never the key itself.
 */
public final class InvalidAuthException extends EvalHttpException {
    private static final long serialVersionUID = 1L;

    public InvalidAuthException(String message, int statusCode) {
        super(message, statusCode, null);
    }
}
