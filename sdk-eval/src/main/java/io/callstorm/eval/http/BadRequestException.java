package io.callstorm.eval.http;

/**
 * The service rejected the request as malformed (HTTP 400): an unknown template, missing inputs, a bad
 * configuration. Not retried; fix the request.
 */
public final class BadRequestException extends EvalHttpException {
    private static final long serialVersionUID = 1L;

    public BadRequestException(String message) {
        super(message, 400, null);
    }
}
