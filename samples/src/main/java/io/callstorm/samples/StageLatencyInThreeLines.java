package io.callstorm.samples;

import io.callstorm.tracing.StageSpan;
import io.callstorm.tracing.VoiceCall;
import io.callstorm.tracing.VoiceTelemetry;
import io.opentelemetry.api.OpenTelemetry;

import java.util.Iterator;
import java.util.Objects;

/**
 * Stage latency with concurrency, in three lines of user code: the service's own code (here, streaming an answer
 * from a model) with the three lines {@code docs/tracing.md} shows, marked 1, 2 and 3. They record a
 * {@code voice.llm} span with {@code voice.llm.ttft_ms} and {@code voice.concurrency} (the calls in flight when
 * the request started), and the histograms {@code voice.stage.time_to_first_result} and
 * {@code voice.stage.duration} by {@code voice.stage} and {@code voice.concurrency.bucket}: what a dashboard needs
 * to draw time to first token against concurrency from production traffic, without a load test.
 *
 * <p>The service brings its OpenTelemetry SDK and exporter ({@link InstrumentedAgentService#openTelemetry} is a
 * usual setup); with {@code OpenTelemetry.noop()} the three lines cost next to nothing.
 * {@code StageLatencyInThreeLinesTest} runs it with in-memory exporters.
 */
public final class StageLatencyInThreeLines {
    /** The model the service streams from: its name, and its answer to a prompt as tokens. */
    public interface Model {
        String name();

        Iterator<String> stream(String prompt);
    }

    private final VoiceTelemetry voice;
    private final Model model;

    public StageLatencyInThreeLines(OpenTelemetry openTelemetry, Model model) {
        this.voice = VoiceTelemetry.create(openTelemetry);                    // 1. once per service
        this.model = Objects.requireNonNull(model, "model");
    }

    /** Answers one call's prompt by streaming the model; the model request is the measured stage. */
    public String answer(String sessionId, String prompt) {
        try (VoiceCall call = voice.startCall(sessionId)) {                   // 2. per call: counts it in flight
            StageSpan llm = voice.startLlm(model.name());                     // 3. per stage: start ...
            Iterator<String> tokens = model.stream(prompt);
            StringBuilder answer = new StringBuilder(tokens.hasNext() ? tokens.next() : "");
            llm.firstResult();                                                //    ... first token ...
            tokens.forEachRemaining(answer::append);
            llm.end();                                                        //    ... end
            return answer.toString();
        }
    }
}
