package io.callstorm.tracing;

import io.callstorm.core.secret.Secrets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Where instrumentation failures go. Instrumentation runs inside the user's request path, so it never throws:
 * the first failure is logged at WARN with its stack trace, later ones at DEBUG, and the caller carries on as
 * if the telemetry were off.
 */
final class FailureLog {
    private static final Logger LOG = LoggerFactory.getLogger("io.callstorm.tracing");
    private static final AtomicBoolean WARNED = new AtomicBoolean();

    private FailureLog() {
    }

    static void failed(String operation, Throwable failure) {
        try {
            if (WARNED.compareAndSet(false, true)) {
                LOG.warn("Callstorm voice instrumentation failed in {}; it carries on without this span or metric "
                        + "(later failures are logged at DEBUG)", operation, Secrets.redact(failure));
            } else if (LOG.isDebugEnabled()) {
                LOG.debug("Callstorm voice instrumentation failed in {}", operation, Secrets.redact(failure));
            }
        } catch (RuntimeException ignored) {
            // a broken logging backend must not break the call either
        }
    }

    /** For tests: forget that a warning was logged. */
    static void reset() {
        WARNED.set(false);
    }

    static boolean warned() {
        return WARNED.get();
    }
}
