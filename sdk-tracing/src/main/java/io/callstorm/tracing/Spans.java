package io.callstorm.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;

/** Span names of calls and turns, and the error marking they share. */
final class Spans {
    static final String CALL = "voice.call";
    static final String TURN = "voice.turn";

    private Spans() {
    }

    static Context with(Context base, Span span) {
        try {
            return base.with(span);
        } catch (RuntimeException e) {
            FailureLog.failed("Context.with", e);
            return base;
        }
    }

    static void error(Span span, Throwable error, String operation) {
        try {
            if (span.isRecording()) {
                String type = error == null ? "_OTHER" : error.getClass().getName();
                span.setStatus(StatusCode.ERROR, error == null || error.getMessage() == null ? "" : error.getMessage());
                span.setAttribute(StandardAttributes.ERROR_TYPE, type);
                if (error != null) {
                    span.recordException(error);
                }
            }
        } catch (RuntimeException e) {
            FailureLog.failed(operation, e);
        }
    }

    static void error(Span span, String errorType, String operation) {
        try {
            if (span.isRecording()) {
                span.setStatus(StatusCode.ERROR);
                span.setAttribute(StandardAttributes.ERROR_TYPE,
                        errorType == null || errorType.isBlank() ? "_OTHER" : errorType);
            }
        } catch (RuntimeException e) {
            FailureLog.failed(operation, e);
        }
    }
}
