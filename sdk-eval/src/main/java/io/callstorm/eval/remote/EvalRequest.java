package io.callstorm.eval.remote;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One evaluation for the remote eval API: the keyword arguments of the Python SDK's
 * {@code Evaluator.evaluate(eval_templates, inputs, timeout, model_name, custom_eval_name, trace_eval,
 * is_async, error_localizer, eval_config)} as an immutable value.
 *
 * <pre>{@code
 * EvalRequest request = EvalRequest.builder("tone")
 *     .inputs(Map.of("output", "Thanks for calling, have a great day!"))
 *     .modelName("turing_flash")
 *     .build();
 * }</pre>
 */
public final class EvalRequest {
    private final String evalName;
    private final Map<String, Object> inputs;
    private final String modelName;
    private final String spanId;
    private final String customEvalName;
    private final boolean traceEval;
    private final boolean isAsync;
    private final boolean errorLocalizer;
    private final Map<String, Object> evalConfig;
    private final Duration timeout;

    private EvalRequest(Builder b) {
        this.evalName = b.evalName;
        this.inputs = Map.copyOf(b.inputs);
        this.modelName = b.modelName;
        this.spanId = b.spanId;
        this.customEvalName = b.customEvalName;
        this.traceEval = b.traceEval;
        this.isAsync = b.isAsync;
        this.errorLocalizer = b.errorLocalizer;
        this.evalConfig = Map.copyOf(b.evalConfig);
        this.timeout = b.timeout;
    }

    /** Starts a request for the template of that name ({@code eval_templates} in Python). */
    public static Builder builder(String evalName) {
        return new Builder(evalName);
    }

    /** A request with just a template and its inputs. */
    public static EvalRequest of(String evalName, Map<String, ?> inputs) {
        return builder(evalName).inputs(inputs).build();
    }

    public String evalName() { return evalName; }
    public Map<String, Object> inputs() { return inputs; }
    public Optional<String> modelName() { return Optional.ofNullable(modelName); }
    public Optional<String> spanId() { return Optional.ofNullable(spanId); }
    public Optional<String> customEvalName() { return Optional.ofNullable(customEvalName); }
    public boolean traceEval() { return traceEval; }
    public boolean isAsync() { return isAsync; }
    public boolean errorLocalizer() { return errorLocalizer; }
    /** Template parameters, sent as {@code config.params}; empty sends no {@code config}, as Python does. */
    public Map<String, Object> evalConfig() { return evalConfig; }
    /** Timeout of each attempt of this request, instead of the client's call timeout. */
    public Optional<Duration> timeout() { return Optional.ofNullable(timeout); }

    @Override
    public String toString() {
        return "EvalRequest{evalName=" + evalName + ", inputs=" + inputs.keySet() + ", modelName=" + modelName
                + ", isAsync=" + isAsync + "}";
    }

    /** Builder; only the template name is required. */
    public static final class Builder {
        private final String evalName;
        private final Map<String, Object> inputs = new LinkedHashMap<>();
        private String modelName;
        private String spanId;
        private String customEvalName;
        private boolean traceEval;
        private boolean isAsync;
        private boolean errorLocalizer;
        private final Map<String, Object> evalConfig = new LinkedHashMap<>();
        private Duration timeout;

        private Builder(String evalName) {
            Objects.requireNonNull(evalName, "evalName");
            if (evalName.isBlank()) {
                throw new IllegalArgumentException("evalName must not be blank");
            }
            this.evalName = evalName;
        }

        /** Adds inputs, e.g. {@code input}, {@code output}, {@code context}; values must be JSON-serializable. */
        public Builder inputs(Map<String, ?> inputs) {
            inputs.forEach(this::input);
            return this;
        }

        public Builder input(String key, Object value) {
            Objects.requireNonNull(key, "input key");
            Objects.requireNonNull(value, () -> "input " + key);
            inputs.put(key, value);
            return this;
        }

        /** The evaluation model, e.g. {@code turing_flash} ({@code model_name}). */
        public Builder modelName(String modelName) {
            this.modelName = Objects.requireNonNull(modelName, "modelName");
            return this;
        }

        /** A span to attach the evaluation to ({@code span_id}). */
        public Builder spanId(String spanId) {
            this.spanId = Objects.requireNonNull(spanId, "spanId");
            return this;
        }

        /** The name the evaluation is shown under ({@code custom_eval_name}). */
        public Builder customEvalName(String customEvalName) {
            this.customEvalName = Objects.requireNonNull(customEvalName, "customEvalName");
            return this;
        }

        /** Whether to attach the evaluation to the span ({@code trace_eval}); needs a custom eval name. */
        public Builder traceEval(boolean traceEval) {
            this.traceEval = traceEval;
            return this;
        }

        /** Run asynchronously; fetch the outcome later with {@link RemoteEvaluator#getEvalResult(String)}. */
        public Builder isAsync(boolean isAsync) {
            this.isAsync = isAsync;
            return this;
        }

        /** Ask the service to localize errors in the output ({@code error_localizer}). */
        public Builder errorLocalizer(boolean errorLocalizer) {
            this.errorLocalizer = errorLocalizer;
            return this;
        }

        /** Template parameters ({@code eval_config}, sent as {@code config.params}). */
        public Builder evalConfig(Map<String, ?> params) {
            params.forEach((k, v) -> evalConfig.put(Objects.requireNonNull(k, "param"), Objects.requireNonNull(v, k)));
            return this;
        }

        /** Timeout of each attempt of this request ({@code timeout}). */
        public Builder timeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be > 0, was " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        public EvalRequest build() {
            if (traceEval && customEvalName == null) {
                throw new IllegalArgumentException("traceEval needs a customEvalName, as the service files the "
                        + "evaluation under it");
            }
            return new EvalRequest(this);
        }
    }
}
