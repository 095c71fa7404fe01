package io.callstorm.simulate.analysis;

import io.callstorm.core.CallStatus;
import io.callstorm.core.transcript.ToolCall;
import io.callstorm.core.transcript.ToolCallStatus;
import io.callstorm.simulate.measure.CallLine;
import io.callstorm.simulate.measure.CallLine.ErrorKind;
import io.callstorm.simulate.measure.CallLine.Timeout;
import io.callstorm.simulate.measure.CallRecorder;
import io.callstorm.simulate.measure.DegradationSignals;
import io.callstorm.simulate.measure.FailedCall;
import io.callstorm.simulate.report.EvaluationSetup;
import io.callstorm.simulate.report.Degradation;
import io.callstorm.simulate.report.ErrorCluster;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.callstorm.simulate.analysis.Lines.agent;
import static io.callstorm.simulate.analysis.Lines.caller;
import static io.callstorm.simulate.analysis.Lines.error;
import static io.callstorm.simulate.analysis.Lines.failed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Classification at the edge into named clusters, and the degradations read from replies. */
class ErrorClustersTest {
    private static final Map<String, Double> BASELINE = Map.of("stt_ttft", 100.0, "llm_ttft", 200.0,
            "tts_first_audio", 80.0, "tool_call", 150.0, "user_perceived_gap", 420.0);

    private static ErrorClusters.Verdict classify(CallLine line) {
        return ErrorClusters.classify(FailedCall.of(line), BASELINE);
    }

    private static CallLine failedWith(ErrorKind kind, String stage, int status, String message) {
        return failed("call-1", 1, CallStatus.FAILED, error(kind, stage, status, 500, message), List.of(caller(0, 500)));
    }

    @Test
    void agentErrorsAreNamedByKindStatusAndMessage() {
        assertThat(classify(failedWith(ErrorKind.RATE_LIMITED, "llm_ttft", 429, "token budget exceeded")).name())
                .isEqualTo("provider rate limit");
        assertThat(classify(failedWith(ErrorKind.SERVER_ERROR, "tts_first_audio", 429, "slow down")).name())
                .isEqualTo("provider rate limit");
        assertThat(classify(failedWith(ErrorKind.CONNECTION_RESET, "agent", 0, "stream closed")).name())
                .isEqualTo("connection churn");
        assertThat(classify(failedWith(ErrorKind.OTHER, "agent", 0, "Connection reset by peer")).name())
                .isEqualTo("connection churn");
        assertThat(classify(failedWith(ErrorKind.SERVER_ERROR, "agent", 504, "Gateway Timeout")).name())
                .isEqualTo("gateway timeout");
        assertThat(classify(failedWith(ErrorKind.TIMEOUT, "tool_call", 0, "get_open_tickets timed out")).name())
                .isEqualTo("tool timeout cascade");
        assertThat(classify(failedWith(ErrorKind.SERVER_ERROR, "stt_ttft", 503, "upstream unavailable")).name())
                .isEqualTo("provider capacity ceiling");
        assertThat(classify(failedWith(ErrorKind.OTHER, "llm_ttft", 400, "This model's maximum context length is 8192 "
                + "tokens")).name()).isEqualTo("context overflow");
        assertThat(classify(failedWith(ErrorKind.OTHER, "tts_first_audio", 0, "connection pool exhausted (64 in use)")).name())
                .isEqualTo("connection-pool exhaustion");
    }

    @Test
    void streamFaultsServerErrorsResetsAndRefusalsAreNamedApart() {
        assertThat(classify(failedWith(ErrorKind.PROTOCOL, "agent", 0, "malformed JSON in SSE data: {\"choices\":[")).name())
                .isEqualTo("agent protocol error");
        assertThat(classify(failedWith(ErrorKind.PROTOCOL, "agent", 0, "SSE data is not a JSON object: 42")).name())
                .isEqualTo("agent protocol error");
        assertThat(classify(failedWith(ErrorKind.PROTOCOL, "agent", 0, "malformed HTTP response: invalid version")).name())
                .isEqualTo("agent protocol error");
        assertThat(classify(failedWith(ErrorKind.PROTOCOL, "agent", 200, "expected text/event-stream, got text/html")).name())
                .isEqualTo("non-SSE response");
        // a cut stream comes as a reset (a retry may cure it) but is named for what happened
        assertThat(classify(failedWith(ErrorKind.CONNECTION_RESET, "agent", 0, "stream closed before [DONE]: the "
                + "response ended after 3 events")).name()).isEqualTo("stream cut before [DONE]");
        assertThat(classify(failedWith(ErrorKind.SERVER_ERROR, "agent", 500, "HTTP 500: NullPointerException")).name())
                .isEqualTo("agent server error");
        assertThat(classify(failedWith(ErrorKind.SERVER_ERROR, "llm_ttft", 500, "stream error: provider failed")).name())
                .isEqualTo("agent server error");
        assertThat(classify(failedWith(ErrorKind.OTHER, "agent", 502, "HTTP 502: (html error page)")).name())
                .isEqualTo("agent server error");
        // what earlier versions named stays: 503 capacity, 504 gateway timeout, an unknown protocol message "other"
        assertThat(classify(failedWith(ErrorKind.SERVER_ERROR, "agent", 503, "HTTP 503")).name())
                .isEqualTo("provider capacity ceiling");
        assertThat(classify(failedWith(ErrorKind.SERVER_ERROR, "agent", 504, "HTTP 504")).name())
                .isEqualTo("gateway timeout");
        assertThat(classify(failedWith(ErrorKind.PROTOCOL, "agent", 0, "malformed frame 17 from agent")).name())
                .isEqualTo("other: malformed frame <n> from agent");
        // resets and refusals: two clusters, each named for what happened
        ErrorClusters.Verdict reset = classify(failedWith(ErrorKind.CONNECTION_RESET, "agent", 0, "connection reset mid-stream"));
        ErrorClusters.Verdict refused = classify(failedWith(ErrorKind.CONNECTION_REFUSED, "agent", 0, "connection refused"));
        assertThat(reset.name()).isEqualTo("connection churn");
        assertThat(refused.name()).isEqualTo("connection refused");
        assertThat(refused.key()).isNotEqualTo(reset.key());
        assertThat(classify(failedWith(ErrorKind.OTHER, "agent", 0, "Connection refused: localhost/127.0.0.1:8080")).key())
                .isEqualTo(refused.key());
    }

    @Test
    void resetsAndRefusalsAreTwoClustersWithTheirOwnRootCause() {
        List<FailedCall> failures = List.of(
                FailedCall.of(failed("call-1", 1, CallStatus.FAILED,
                        error(ErrorKind.CONNECTION_RESET, "agent", 0, 10, "connection reset: Connection reset"), List.of())),
                FailedCall.of(failed("call-2", 2, CallStatus.FAILED,
                        error(ErrorKind.CONNECTION_REFUSED, "agent", 0, 20, "connection refused"), List.of())),
                FailedCall.of(failed("call-3", 3, CallStatus.FAILED,
                        error(ErrorKind.CONNECTION_REFUSED, "agent", 0, 30, "connection refused"), List.of())),
                FailedCall.of(failed("call-4", 4, CallStatus.FAILED,
                        error(ErrorKind.SERVER_ERROR, "agent", 500, 40, "HTTP 500: boom"), List.of())));

        List<ErrorCluster> clusters = ErrorClusters.cluster(failures, BASELINE);

        assertThat(clusters).extracting(ErrorCluster::name)
                .containsExactly("connection refused", "connection churn", "agent server error");
        assertThat(clusters.get(0).evidence()).isEqualTo("2x CONNECTION_REFUSED at agent");
        assertThat(clusters.get(0).rootCause()).contains("refused");
        assertThat(clusters.get(1).evidence()).isEqualTo("1x CONNECTION_RESET at agent");
        assertThat(clusters.get(1).rootCause()).contains("reset").doesNotContain("refused");
        assertThat(clusters.get(2).evidence()).isEqualTo("1x SERVER_ERROR 500 at agent");
        assertThat(clusters.get(2).rootCause()).contains("5xx");
    }

    @Test
    void theStageIsTheOneTheErrorHurt() {
        assertThat(classify(failedWith(ErrorKind.RATE_LIMITED, "stt_ttft", 429, "too many streams")).stage()).isEqualTo("stt_ttft");
    }

    @Test
    void unknownErrorsAreOtherClustersNamedFromTheirMaskedTemplate() {
        ErrorClusters.Verdict v = classify(failedWith(ErrorKind.PROTOCOL, "agent", 0, "unexpected frame 0x1f in call-77 at 12.5 s"));
        assertThat(v.name()).isEqualTo("other: unexpected frame <id> in <id> at <n> s");
        assertThat(classify(failedWith(ErrorKind.PROTOCOL, "agent", 0, "unexpected frame 0x2a in call-12 at 3 s")).name())
                .isEqualTo(v.name());
    }

    @Test
    void masksNumbersAndIds() {
        assertThat(ErrorClusters.mask("LLM token budget exceeded: 2481 tokens requested, retry after 120 ms"))
                .isEqualTo("LLM token budget exceeded: <n> tokens requested, retry after <n> ms");
        assertThat(ErrorClusters.mask("account AC-59303 not found in us-east-1"))
                .isEqualTo("account <id> not found in <id>");
        assertThat(ErrorClusters.mask("request 3f2a1c9e-1b2c-4d5e-8f90-1234567890ab failed"))
                .isEqualTo("request <id> failed");
    }

    @Test
    void aTurnTimeoutIsAGatewayTimeout() {
        CallLine.CallError e = new CallLine.CallError(ErrorKind.TIMEOUT, "user_perceived_gap", 0, 900,
                "call timed out: no reply within 15000 ms", Timeout.TURN, "", Optional.empty(), Optional.of(120.0), 880);
        assertThat(classify(failed("call-1", 1, CallStatus.TIMED_OUT, e, List.of())).name()).isEqualTo("gateway timeout");
    }

    @Test
    void aHangUpWhileRetryingARateLimitIsTheRateLimit() {
        CallLine line = failed("call-1", 1, CallStatus.HUNG_UP, Lines.hangUp(900, Optional.of(new CallLine.Attempt(
                ErrorKind.RATE_LIMITED, "llm_ttft", 429, "LLM token budget exceeded"))), List.of(caller(0, 900)));
        ErrorClusters.Verdict v = classify(line);
        assertThat(v.name()).isEqualTo("provider rate limit");
        assertThat(v.stage()).isEqualTo("llm_ttft");
        assertThat(v.evidence()).contains("while retrying RATE_LIMITED 429 at llm_ttft");
    }

    @Test
    void aHangUpIsBlamedOnTheDegradedStageFurthestAboveItsLowLoadMedian() {
        // STT at 3.5x its median with an overload signal; TTS at 1.5x with a fallback: the STT overload is to blame
        CallLine sttSlow = failed("call-1", 1, CallStatus.HUNG_UP, Lines.hangUp(3000, Optional.empty()), List.of(caller(0, 3000),
                agent(900, 3000, Map.of("stt_ttft", List.of(350.0), "llm_ttft", List.of(210.0),
                        "tts_first_audio", List.of(120.0)), Map.of("stt.overload", "3.50", "tts.fallback", "non-streaming",
                        "llm.prompt_tokens", "2400")), caller(1500, 3000)));
        ErrorClusters.Verdict v = classify(sttSlow);
        assertThat(v.name()).isEqualTo("provider capacity ceiling");
        assertThat(v.stage()).isEqualTo("stt_ttft");
        assertThat(v.evidence()).contains("stt.overload", "3.5x");

        // the same signals, but TTS waited for a connection: the pool is to blame
        CallLine ttsSlow = failed("call-2", 1, CallStatus.HUNG_UP, Lines.hangUp(3000, Optional.empty()), List.of(caller(0, 3000),
                agent(900, 3000, Map.of("stt_ttft", List.of(130.0), "tts_first_audio", List.of(380.0)),
                        Map.of("stt.overload", "1.20", "tts.fallback", "non-streaming")), caller(1500, 3000)));
        assertThat(classify(ttsSlow).name()).isEqualTo("connection-pool exhaustion");
        assertThat(classify(ttsSlow).stage()).isEqualTo("tts_first_audio");

        CallLine toolSlow = failed("call-3", 1, CallStatus.HUNG_UP, Lines.hangUp(3000, Optional.empty()), List.of(caller(0, 3000),
                agent(900, 3000, Map.of("tool_call", List.of(1000.0)), Map.of("tool.fallback", "get_open_tickets"),
                        List.of(new ToolCall("get_open_tickets", ToolCallStatus.TIMEOUT, 1000, 1))), caller(1500, 3000)));
        assertThat(classify(toolSlow).name()).isEqualTo("tool timeout cascade");

        CallLine contextLost = failed("call-4", 1, CallStatus.HUNG_UP, Lines.hangUp(3000, Optional.empty()),
                List.of(caller(0, 3000), agent(900, 3000, Map.of("llm_ttft", List.of(300.0)),
                        Map.of("llm.context_dropped_turns", "3")), caller(1500, 3000)));
        assertThat(classify(contextLost).name()).isEqualTo("context overflow");
    }

    @Test
    void aHangUpWithNothingToBlameIsAHangUpOnASlowResponse() {
        CallLine noReply = failed("call-1", 1, CallStatus.HUNG_UP, Lines.hangUp(50, Optional.empty()), List.of(caller(0, 50)));
        assertThat(classify(noReply).name()).isEqualTo("caller hang-up on slow response");
        assertThat(classify(noReply).stage()).isEqualTo("user_perceived_gap");
    }

    @Test
    void callsCutAtTheRunsEndAreNotBlamedOnTheAgent() {
        CallLine.CallError e = new CallLine.CallError(ErrorKind.TIMEOUT, "user_perceived_gap", 0, 10, "call timed out: the run "
                + "ended before the call did", Timeout.RUN_END, "", Optional.empty(), Optional.empty(), 0);
        assertThat(classify(failed("call-1", 1, CallStatus.TIMED_OUT, e, List.of())).name()).isEqualTo("run ended mid-call");
    }

    @Test
    void sharesAddUpToOneAndFirstSeenIsTheEarliestFailure() {
        List<FailedCall> failures = new ArrayList<>();
        // arrive out of time order: the cluster's first failure is the one that ended first
        failures.add(FailedCall.of(failed("call-9", 30, CallStatus.FAILED,
                error(ErrorKind.RATE_LIMITED, "llm_ttft", 429, 9000, "budget exceeded: 3000 tokens"), List.of())));
        failures.add(FailedCall.of(failed("call-3", 10, CallStatus.FAILED,
                error(ErrorKind.RATE_LIMITED, "llm_ttft", 429, 7000, "budget exceeded: 2000 tokens"), List.of())));
        failures.add(FailedCall.of(failed("call-5", 20, CallStatus.FAILED,
                error(ErrorKind.RATE_LIMITED, "llm_ttft", 429, 8000, "budget exceeded: 2500 tokens"), List.of())));
        failures.add(FailedCall.of(failed("call-7", 25, CallStatus.FAILED,
                error(ErrorKind.CONNECTION_RESET, "agent", 0, 8500, "connection reset"), List.of())));

        List<ErrorCluster> clusters = ErrorClusters.cluster(failures, BASELINE);

        assertThat(clusters).extracting(ErrorCluster::name).containsExactly("provider rate limit", "connection churn");
        assertThat(clusters.stream().mapToDouble(ErrorCluster::share).sum()).isCloseTo(1.0, within(1e-9));
        assertThat(clusters.get(0).count()).isEqualTo(3);
        assertThat(clusters.get(0).share()).isEqualTo(0.75);
        assertThat(clusters.get(0).firstSeenConcurrency()).isEqualTo(7000);
        assertThat(clusters.get(0).example()).isEqualTo("budget exceeded: <n> tokens");
        assertThat(clusters.get(0).kind()).isEqualTo("failure");
        assertThat(clusters.get(0).evidence()).isEqualTo("3x RATE_LIMITED 429 at llm_ttft");
        assertThat(clusters.get(0).rootCause()).isNotBlank();
        assertThat(clusters.get(0).quickFix()).isNotBlank();
        assertThat(clusters.get(0).longTermFix()).isNotBlank();
    }

    @Test
    void degradationsAreReadFromWhatTheAgentReported() {
        assertThat(DegradationSignals.of(agent(0, 10, Map.of(), Map.of("llm.cache_hit", "false", "llm.prompt_tokens", "1800"))))
                .extracting(DegradationSignals.Kind::name).containsExactly("prompt cache miss spike");
        assertThat(DegradationSignals.of(agent(0, 10, Map.of(), Map.of("llm.cache_hit", "true", "stt.region", "primary"))))
                .isEmpty();
        assertThat(DegradationSignals.of(agent(0, 10, Map.of(), Map.of("stt.overload", "0.8")))).isEmpty();
        assertThat(DegradationSignals.of(agent(0, 10, Map.of(), Map.of("tts.fallback", "non-streaming",
                "stt.overload", "1.7", "llm.context_dropped_turns", "2", "stt.region", "failover"))))
                .extracting(DegradationSignals.Kind::name)
                .containsExactly("STT overload", "STT region failover", "TTS non-streaming fallback", "context overflow");
        // a tool timeout shows as the tool call's status and as the fallback: one degradation
        assertThat(DegradationSignals.of(agent(0, 10, Map.of(), Map.of("tool.fallback", "get_open_tickets"),
                List.of(new ToolCall("get_open_tickets", ToolCallStatus.TIMEOUT, 1000, 1)))))
                .extracting(DegradationSignals.Kind::name).containsExactly("tool timeout cascade");
        // an agent of another make, following the naming convention
        DegradationSignals.Kind k = DegradationSignals.of(agent(0, 10, Map.of(), Map.of("asr.overload", "2"))).get(0);
        assertThat(k.name()).isEqualTo("asr overload");
        assertThat(k.stage()).isEqualTo("stt_ttft");
    }

    @Test
    void degradationsCountCallsAndRepliesAndRiseWithConcurrency() {
        CallRecorder findings = new CallRecorder(100, EvaluationSetup.unknown());
        int id = 0;
        // 50 calls of 2 replies at 50 concurrent: 1 in 10 replies misses the cache; 50 at 950: 6 in 10 miss
        for (int conc : new int[] {50, 950}) {
            for (int i = 0; i < 50; i++) {
                boolean miss1 = conc == 50 ? i % 10 == 0 : i % 10 < 6;
                findings.record(Lines.completed("call-" + id++, id * 0.1, conc, List.of(caller(0, conc),
                        agent(500, conc, Map.of(), Map.of("llm.cache_hit", Boolean.toString(!miss1))),
                        caller(900, conc), agent(1400, conc, Map.of(), Map.of("llm.cache_hit", "true")))));
            }
        }
        List<Degradation> d = findings.snapshot().degradations();
        assertThat(d).hasSize(1);
        Degradation miss = d.get(0);
        assertThat(miss.name()).isEqualTo("prompt cache miss spike");
        assertThat(miss.calls()).isEqualTo(5 + 30);
        assertThat(miss.turns()).isEqualTo(35);
        assertThat(miss.share()).isEqualTo(0.35);
        assertThat(miss.turnShare()).isEqualTo(0.175);
        assertThat(miss.lowRate()).isEqualTo(0.05);
        assertThat(miss.peakRate()).isEqualTo(0.3);
        assertThat(miss.firstSeenConcurrency()).isEqualTo(50);
        assertThat(miss.rate()).extracting(Degradation.Rate::concurrency).containsExactly(50, 950);
        // coarser buckets merge the counts exactly: a call at 100,000 widens the buckets to 1,600
        findings.record(Lines.completed("call-wide", 0, 100_000, List.of(caller(0, 100_000))));
        assertThat(findings.snapshot().bucketWidth()).isEqualTo(1_600);
        assertThat(findings.snapshot().degradations().get(0).rate()).singleElement()
                .satisfies(r -> assertThat(r.degraded()).isEqualTo(35));
    }
}
