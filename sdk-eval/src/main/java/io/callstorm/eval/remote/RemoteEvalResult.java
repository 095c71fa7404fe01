package io.callstorm.eval.remote;

import io.callstorm.eval.EvalUsage;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One evaluation as the remote eval API reports it: an entry of {@code result[].evaluations[]}, the Python
 * SDK's {@code EvalResult}.
 *
 * @param name        the template evaluated
 * @param output      the verdict as the template defines it: a Boolean, a Number, a String such as
 *                    {@code "Passed"}, or a List of choices; null while an async evaluation runs
 * @param reason      why
 * @param runtimeMs   how long the service took, as it reports it
 * @param outputType  the output's kind as the service names it, e.g. {@code Pass/Fail} or {@code score}
 * @param evalId      the evaluation's id, to fetch an async result
 * @param usage       tokens ({@code metadata.usage}) and cost ({@code metadata.cost})
 * @param explanation {@code metadata.explanation}, when given
 * @param metadata    the whole {@code metadata} object
 */
public record RemoteEvalResult(String name, Object output, String reason, long runtimeMs, String outputType,
                               String evalId, EvalUsage usage, String explanation, Map<String, Object> metadata) {
    public RemoteEvalResult {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(outputType, "outputType");
        Objects.requireNonNull(evalId, "evalId");
        Objects.requireNonNull(usage, "usage");
        Objects.requireNonNull(explanation, "explanation");
        metadata = metadata == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    /** The output, when the service has one yet. */
    public Optional<Object> outputValue() {
        return Optional.ofNullable(output);
    }
}
