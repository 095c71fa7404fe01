package io.callstorm.eval.internal.http;

import io.callstorm.eval.http.BadRequestException;
import io.callstorm.eval.http.CircuitState;
import io.callstorm.eval.http.EvalHttpException;
import io.callstorm.eval.http.EvalUnavailableException;
import io.callstorm.eval.http.InvalidAuthException;
import io.callstorm.eval.http.ResilienceConfig;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RequestNotPermitted;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * One OkHttp client behind Resilience4j: each attempt passes a bulkhead, a rate limiter and a circuit breaker,
 * and a retry wraps them all (the order Resilience4j recommends), so a retried attempt counts against the
 * breaker and waits for a permit like any other. Blocking: call it from a worker thread, never an event loop.
 * Not API.
 */
public final class ResilientHttpClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ResilientHttpClient.class);
    private static final int BODY_SNIPPET_CHARS = 300;

    private final String name;
    private final ResilienceConfig config;
    private final Redactor redactor;
    private final OkHttpClient http;
    private final Retry retry;
    private final CircuitBreaker circuitBreaker;
    private final RateLimiter rateLimiter;
    private final Bulkhead bulkhead;

    /**
     * @param name     what the client calls, for messages and logs, e.g. {@code judge}
     * @param config   timeouts, retry and protections
     * @param redactor secrets to keep out of messages and logs
     */
    public ResilientHttpClient(String name, ResilienceConfig config, Redactor redactor) {
        this.name = name;
        this.config = config;
        this.redactor = redactor;
        this.http = new OkHttpClient.Builder()
                // one deadline for the whole attempt (set per call), not separate connect/read/write limits
                .callTimeout(config.callTimeout())
                .connectTimeout(Duration.ZERO)
                .readTimeout(Duration.ZERO)
                .writeTimeout(Duration.ZERO)
                .retryOnConnectionFailure(false) // retries are ours, counted and backed off
                .build();
        this.retry = Retry.of(name, RetryConfig.<String>custom()
                .maxAttempts(config.maxAttempts())
                .retryOnException(ResilientHttpClient::isRetryable)
                .intervalBiFunction((IntervalBiFunction<String>) (attempt, outcome) ->
                        waitMillis(attempt, outcome.isLeft() ? outcome.getLeft() : null))
                .failAfterMaxAttempts(false)
                .build());
        this.circuitBreaker = CircuitBreaker.of(name, CircuitBreakerConfig.custom()
                .failureRateThreshold(config.failureRateThresholdPercent())
                .slidingWindowSize(config.slidingWindowSize())
                .minimumNumberOfCalls(config.minimumNumberOfCalls())
                .waitDurationInOpenState(config.waitInOpenState())
                .permittedNumberOfCallsInHalfOpenState(config.permittedCallsInHalfOpenState())
                .recordException(ResilientHttpClient::isRetryable)
                // a rejected key or request says nothing about the service's health
                .ignoreException(e -> e instanceof EvalHttpException && !isRetryable(e))
                .build());
        this.rateLimiter = RateLimiter.of(name, RateLimiterConfig.custom()
                .limitRefreshPeriod(Duration.ofSeconds(1))
                .limitForPeriod(config.requestsPerSecond())
                .timeoutDuration(config.maxWaitForPermit())
                .build());
        this.bulkhead = Bulkhead.of(name, BulkheadConfig.custom()
                .maxConcurrentCalls(config.maxConcurrentCalls())
                .maxWaitDuration(config.maxWaitForPermit())
                .build());
        circuitBreaker.getEventPublisher().onStateTransition(e ->
                LOG.info("{}: circuit breaker {}", name, e.getStateTransition()));
        retry.getEventPublisher().onRetry(e -> LOG.debug("{}: attempt {} failed ({}), retrying in {} ms", name,
                e.getNumberOfRetryAttempts(), redactor.redact(String.valueOf(
                        e.getLastThrowable() == null ? "" : e.getLastThrowable().getMessage())),
                e.getWaitInterval().toMillis()));
    }

    /**
     * Sends a request and returns the body of its 2xx response.
     *
     * @throws InvalidAuthException     on 401 or 403, at once
     * @throws BadRequestException      on 400, at once
     * @throws EvalUnavailableException on 429, 5xx or I/O errors after the last attempt, or when a protection
     *                                  refused the call
     * @throws EvalHttpException        on any other status
     */
    public String execute(Request request) {
        return execute(request, null);
    }

    /**
     * Like {@link #execute(Request)}, with a timeout for each attempt of this call instead of the configured
     * {@link ResilienceConfig#callTimeout()}.
     *
     * @param callTimeout per-attempt timeout, or null for the configured one
     */
    public String execute(Request request, Duration callTimeout) {
        Duration timeout = callTimeout == null ? config.callTimeout() : callTimeout;
        AtomicInteger attempts = new AtomicInteger();
        Supplier<String> attempt = () -> {
            attempts.incrementAndGet();
            return once(request, timeout);
        };
        Supplier<String> guarded = Retry.decorateSupplier(retry,
                CircuitBreaker.decorateSupplier(circuitBreaker,
                        RateLimiter.decorateSupplier(rateLimiter,
                                Bulkhead.decorateSupplier(bulkhead, attempt))));
        try {
            return guarded.get();
        } catch (CallNotPermittedException e) {
            throw new EvalUnavailableException(name + ": circuit breaker is open after repeated failures; "
                    + "calls fail fast for " + config.waitInOpenState().toSeconds() + " s", 0, false, null, null);
        } catch (BulkheadFullException e) {
            throw new EvalUnavailableException(name + ": " + config.maxConcurrentCalls()
                    + " calls already in flight (bulkhead full)", 0, false, null, null);
        } catch (RequestNotPermitted e) {
            throw new EvalUnavailableException(name + ": rate limit of " + config.requestsPerSecond()
                    + " calls/s reached; no permit within " + config.maxWaitForPermit().toMillis() + " ms", 0, false,
                    null, null);
        } catch (EvalUnavailableException e) {
            if (attempts.get() <= 1) {
                throw e;
            }
            throw new EvalUnavailableException(e.getMessage() + " (after " + attempts.get() + " attempts)",
                    e.statusCode().orElse(0), e.retryable(), e.retryAfter().orElse(null), e.getCause());
        }
    }

    /** The circuit breaker's state. */
    public CircuitState circuitState() {
        return switch (circuitBreaker.getState()) {
            case CLOSED -> CircuitState.CLOSED;
            case OPEN -> CircuitState.OPEN;
            case HALF_OPEN -> CircuitState.HALF_OPEN;
            default -> CircuitState.OTHER;
        };
    }

    private String once(Request request, Duration timeout) {
        String what = name + ": " + request.method() + " " + request.url().encodedPath();
        Call call = http.newCall(request);
        call.timeout().timeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
        try (Response response = call.execute()) {
            ResponseBody body = response.body();
            String text = body == null ? "" : body.string();
            int code = response.code();
            if (code >= 200 && code < 300) {
                return text;
            }
            String detail = what + " answered " + code + snippet(text);
            if (code == 401 || code == 403) {
                throw new InvalidAuthException(detail + (code == 401
                        ? "; the API key is missing or not accepted"
                        : "; the key is not allowed to do this"), code);
            }
            if (code == 400) {
                throw new BadRequestException(detail);
            }
            if (code == 429 || code >= 500) {
                throw new EvalUnavailableException(detail, code, true, retryAfter(response.header("Retry-After")),
                        null);
            }
            throw new EvalHttpException(detail, code, null);
        } catch (IOException e) {
            String kind = e instanceof InterruptedIOException
                    ? "timed out after " + timeout.toMillis() + " ms"
                    : "failed: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage());
            // the cause is left out: its message may quote the request
            throw new EvalUnavailableException(redactor.redact(what + " " + kind), 0, true, null, null);
        }
    }

    private String snippet(String body) {
        String b = redactor.redact(body).strip().replaceAll("\\s+", " ");
        if (b.isEmpty()) {
            return "";
        }
        return ": " + (b.length() <= BODY_SNIPPET_CHARS ? b : b.substring(0, BODY_SNIPPET_CHARS) + "...");
    }

    private static boolean isRetryable(Throwable e) {
        return e instanceof EvalUnavailableException u && u.retryable();
    }

    /** Retry-After first, else exponential backoff with jitter. */
    private long waitMillis(int attempt, Throwable failure) {
        if (failure instanceof EvalUnavailableException u && u.retryAfter().isPresent()) {
            return Math.min(u.retryAfter().get().toMillis(), config.maxRetryAfter().toMillis());
        }
        double base = config.initialBackoff().toMillis() * Math.pow(config.backoffMultiplier(), attempt - 1);
        double capped = Math.min(base, config.maxBackoff().toMillis());
        double spread = 1.0 + config.jitter() * (2 * ThreadLocalRandom.current().nextDouble() - 1);
        return Math.max(0L, Math.round(capped * spread));
    }

    /** Parses {@code Retry-After}: delay seconds or an HTTP date. */
    static Duration retryAfter(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String h = header.strip();
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(h)));
        } catch (NumberFormatException notSeconds) {
            try {
                Duration d = Duration.between(ZonedDateTime.now(),
                        ZonedDateTime.parse(h, DateTimeFormatter.RFC_1123_DATE_TIME));
                return d.isNegative() ? Duration.ZERO : d;
            } catch (DateTimeParseException notDate) {
                return null;
            }
        }
    }

    @Override
    public void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }

    @Override
    public String toString() {
        return "ResilientHttpClient[" + name + ", " + config + "]";
    }
}
