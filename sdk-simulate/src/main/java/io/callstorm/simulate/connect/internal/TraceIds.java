package io.callstorm.simulate.connect.internal;

import java.util.concurrent.ThreadLocalRandom;

/**
 * W3C trace ids for calls with no span of the caller's to continue: one trace per call, a span per request, so
 * that an agent can join a call's turns.
 */
public final class TraceIds {
    private TraceIds() {
    }

    /** A new trace id: 16 random bytes as 32 hex digits. */
    public static String newTraceId() {
        return randomHex(16);
    }

    /** A {@code traceparent} in {@code traceId} with a new span id, sampled. */
    public static String traceparent(String traceId) {
        return "00-" + traceId + "-" + randomHex(8) + "-01";
    }

    /** {@code bytes} random bytes as hex digits (also for Twilio-style stream and call ids). */
    public static String randomHex(int bytes) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        StringBuilder sb = new StringBuilder(bytes * 2);
        for (int i = 0; i < bytes; i++) {
            int b = r.nextInt(256);
            sb.append(Character.forDigit(b >> 4, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        return sb.toString();
    }
}
