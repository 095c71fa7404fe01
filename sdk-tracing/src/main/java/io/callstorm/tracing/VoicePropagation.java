package io.callstorm.tracing;

import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Carries trace context across the two hops between a caller and a voice agent, so that the caller's call
 * span and the agent's stage spans are one trace:
 * <ul>
 *   <li>HTTP: the W3C {@code traceparent} / {@code tracestate} request headers;</li>
 *   <li>WebSocket media streams: the same keys in the {@code start} message's custom parameters (Twilio
 *       Media Streams {@code start.customParameters}), since a WebSocket carries no per-message headers.</li>
 * </ul>
 *
 * <pre>{@code
 * // caller
 * Map<String, String> headers = new HashMap<>();
 * telemetry.propagation().injectHttpHeaders(call.context(), headers);
 * // agent
 * Context parent = telemetry.propagation().extractHttpHeaders(exchange.getRequestHeaders()::getFirst);
 * VoiceCall call = telemetry.callBuilder(id).parent(parent).spanKind(SpanKind.SERVER).start();
 * }</pre>
 *
 * <p>Map lookups fall back to a case-insensitive match, as HTTP header names are. Methods never throw: on failure nothing is injected, and extraction
 * returns the base context unchanged.
 */
public final class VoicePropagation {
    private final TextMapPropagator propagator;

    private VoicePropagation(TextMapPropagator propagator) {
        this.propagator = propagator;
    }

    /** Propagation with {@code propagator}. */
    public static VoicePropagation of(TextMapPropagator propagator) {
        return new VoicePropagation(Objects.requireNonNull(propagator, "propagator"));
    }

    /** Propagation with W3C trace context only. */
    public static VoicePropagation w3cTraceContext() {
        return of(W3CTraceContextPropagator.getInstance());
    }

    /** The propagator in use. */
    public TextMapPropagator propagator() {
        return propagator;
    }

    /** Writes {@code context}'s trace headers into {@code headers} (a mutable map). */
    public void injectHttpHeaders(Context context, Map<String, String> headers) {
        if (headers != null) {
            inject(context, headers, MapCarrier.INSTANCE, "injectHttpHeaders");
        }
    }

    /** Writes {@code context}'s trace headers through {@code setHeader}, e.g. {@code requestBuilder::header}. */
    public void injectHttpHeaders(Context context, BiConsumer<String, String> setHeader) {
        if (setHeader != null) {
            inject(context, setHeader, FunctionCarrier.SETTER, "injectHttpHeaders");
        }
    }

    /** The context of the request's trace headers, on top of {@link Context#current()}. */
    public Context extractHttpHeaders(Map<String, String> headers) {
        return headers == null ? Context.current() : extract(headers, MapCarrier.INSTANCE);
    }

    /**
     * The context of the request's trace headers, read through {@code header} (name to first value, or
     * {@code null}), e.g. {@code exchange.getRequestHeaders()::getFirst}.
     */
    public Context extractHttpHeaders(Function<String, String> header) {
        return header == null ? Context.current() : extract(header, FunctionCarrier.GETTER);
    }

    /** Adds {@code context}'s trace keys to a WebSocket start message's custom parameters (a mutable map). */
    public void injectStartParameters(Context context, Map<String, String> customParameters) {
        if (customParameters != null) {
            inject(context, customParameters, MapCarrier.INSTANCE, "injectStartParameters");
        }
    }

    /** A new map holding just {@code context}'s trace keys, to merge into a start message's custom parameters. */
    public Map<String, String> startParameters(Context context) {
        Map<String, String> out = new LinkedHashMap<>(4);
        injectStartParameters(context, out);
        return out;
    }

    /** The context carried by a WebSocket start message's custom parameters, on top of {@link Context#current()}. */
    public Context extractStartParameters(Map<String, String> customParameters) {
        return customParameters == null ? Context.current() : extract(customParameters, MapCarrier.INSTANCE);
    }

    private <C> void inject(Context context, C carrier, TextMapSetter<C> setter, String operation) {
        try {
            propagator.inject(context == null ? Context.current() : context, carrier, setter);
        } catch (RuntimeException e) {
            FailureLog.failed("VoicePropagation." + operation, e);
        }
    }

    private <C> Context extract(C carrier, TextMapGetter<C> getter) {
        Context base = Context.current();
        try {
            Context extracted = propagator.extract(base, carrier, getter);
            return extracted == null ? base : extracted;
        } catch (RuntimeException e) {
            FailureLog.failed("VoicePropagation.extract", e);
            return base;
        }
    }

    /** A string map as carrier; lookups fall back to a case-insensitive scan, as HTTP header names are. */
    private enum MapCarrier implements TextMapGetter<Map<String, String>>, TextMapSetter<Map<String, String>> {
        INSTANCE;

        // Deprecated in the OpenTelemetry API we build on (1.68), with a default that lists no keys. Kept: a
        // service's own propagator (one that reads prefixed baggage headers, say) may still list a carrier's keys.
        @Override
        @SuppressWarnings("deprecation")
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            if (carrier == null || key == null) {
                return null;
            }
            String v = carrier.get(key);
            if (v != null) {
                return v;
            }
            for (Map.Entry<String, String> e : carrier.entrySet()) {
                if (key.equalsIgnoreCase(e.getKey())) {
                    return e.getValue();
                }
            }
            return null;
        }

        @Override
        public void set(Map<String, String> carrier, String key, String value) {
            if (carrier != null && key != null && value != null) {
                carrier.put(key, value);
            }
        }
    }

    /** Functions as carriers: a header lookup to read, a header setter to write. */
    private static final class FunctionCarrier {
        static final TextMapGetter<Function<String, String>> GETTER = new TextMapGetter<>() {
            @Override
            public String get(Function<String, String> carrier, String key) {
                return carrier == null || key == null ? null : carrier.apply(key);
            }
        };
        static final TextMapSetter<BiConsumer<String, String>> SETTER = (carrier, key, value) -> {
            if (carrier != null && key != null && value != null) {
                carrier.accept(key, value);
            }
        };

        private FunctionCarrier() {
        }
    }
}
