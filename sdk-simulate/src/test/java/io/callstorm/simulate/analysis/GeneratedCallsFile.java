package io.callstorm.simulate.analysis;

import com.fasterxml.jackson.databind.ObjectWriter;
import io.callstorm.core.CallStatus;
import io.callstorm.core.transcript.ToolCall;
import io.callstorm.core.transcript.ToolCallStatus;
import io.callstorm.simulate.measure.CallLine;
import io.callstorm.simulate.report.ReportJson;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Writes a {@code calls.jsonl} like the demo's (about 4.6 KB a call: five rubrics, six to eight turns with stage
 * latencies, tool calls with arguments and results, annotations), from a seed: every call status, error kinds and
 * waits (with retries, gaps and unknown kinds), passes, fails naming a turn, evaluator errors with tokens and cost,
 * dropped and sampled-out calls, degradations of every kind, improvised caller turns (free text, quotes, non-ASCII),
 * and concurrency that ramps far enough to widen the buckets. For the rebuild's tests and benchmark.
 */
final class GeneratedCallsFile {
    private static final String[] PERSONAS = {"first-time-caller", "direct-purchaser", "frustrated-customer",
            "elderly-caller", "non-native-speaker", "busy-professional"};
    private static final String[] PATHS = {"escalation-direct", "billing-dispute", "plan-upgrade", "password-reset",
            "cancel-subscription"};
    private static final String[] RUBRICS = {"conversation_resolution", "task_completion", "is_polite", "is_helpful",
            "is_concise"};
    private static final String[] CALLER_SAYS = {"Good afternoon. Hi, my account number is AC-90331.",
            "Can you transfer me to a real person?", "I was charged twice this month, can you check?",
            "Je voudrais parler à quelqu'un, s'il vous plaît — c'est urgent.",
            "He said \"it's fixed\" but it isn't\\nstill broken.", "Uh, hello? Is anyone there? 你好",
            "I'd like to upgrade to the Business plan with 25 seats."};
    private static final String[] AGENT_SAYS = {
            "Sure, I'm looking that up now. Thanks, I've pulled up account AC-90331, the Business plan with 25 seats. "
                    + "How can I help you today?",
            "Certainly. I'm transferring you to a member of our support team now; please stay on the line.",
            "I can see two charges of $49.00 on the 3rd; I've opened a refund for the duplicate, reference RF-22817.",
            "Your password reset link is on its way to the email on file; it expires in 30 minutes."};
    private static final String[] STAGES = {"stt_ttft", "llm_ttft", "tts_first_audio", "tool_call"};

    private GeneratedCallsFile() {
    }

    /**
     * Calls generated one by one; beyond them, the file repeats these calls under new ids (each pass over the run's ten
     * minutes again), since binding a million lines to write them takes far longer than reading them.
     */
    static final int DISTINCT = 10_000;

    /** Writes {@code calls} lines to {@code file}, the same for the same seed. */
    static void write(Path file, int calls, long seed) throws IOException {
        ObjectWriter writer = ReportJson.mapper().writerFor(CallLine.class);
        SplittableRandom random = new SplittableRandom(seed);
        int distinct = Math.min(calls, DISTINCT);
        byte[][] tails = new byte[distinct][]; // each line after its id and row
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            for (int i = 0; i < calls; i++) {
                if (i < distinct) {
                    byte[] line = writer.writeValueAsBytes(line(i, distinct, random));
                    String head = "{\"callId\":\"call-" + i + "\",\"row\":" + i + ",";
                    tails[i] = java.util.Arrays.copyOfRange(line, head.length(), line.length);
                    out.write(line);
                } else {
                    out.write(utf8("{\"callId\":\"call-" + i + "\",\"row\":" + i + ","));
                    out.write(tails[i % distinct]);
                }
                out.write('\n');
            }
        }
    }

    /** One line as text, for tests that place it among others. */
    static String lineText(int i, int calls, long seed) throws IOException {
        return ReportJson.mapper().writeValueAsString(line(i, calls, new SplittableRandom(seed + i)));
    }

    static CallLine line(int i, int calls, SplittableRandom r) {
        double startedAt = Math.round(i * 600_000.0 / calls) / 1000.0 + r.nextInt(50) / 1000.0;
        int load = 20 + (int) (4_000.0 * i / calls);  // ramps to 4,000: the buckets widen several times
        int concurrency = load + r.nextInt(40);
        int pick = r.nextInt(100);
        CallStatus status = pick < 80 ? CallStatus.COMPLETED : pick < 87 ? CallStatus.HUNG_UP
                : pick < 93 ? CallStatus.FAILED : pick < 97 ? CallStatus.TIMED_OUT : CallStatus.CANCELLED;
        int turnCount = 6 + r.nextInt(3);
        List<CallLine.Turn> turns = new ArrayList<>(turnCount);
        long at = 40;
        for (int t = 0; t < turnCount; t++) {
            int c = concurrency + r.nextInt(60) - 30;
            if (t % 2 == 0) {
                turns.add(new CallLine.Turn(CallLine.Speaker.CALLER, CALLER_SAYS[r.nextInt(CALLER_SAYS.length)], at,
                        c, Optional.empty(), Map.of(), List.of(), Map.of(), 0, Map.of()));
            } else {
                turns.add(agentTurn(r, at, c));
            }
            at += 400 + r.nextInt(1_500);
        }
        Optional<CallLine.CallError> error = status == CallStatus.COMPLETED ? Optional.empty()
                : Optional.of(error(status, r, concurrency));
        if (status == CallStatus.FAILED && r.nextInt(20) == 0) {
            error = Optional.empty(); // a failure without an error recorded
        }
        CallLine.Scoring scoring;
        Map<String, CallLine.Score> scores = new LinkedHashMap<>();
        int s = r.nextInt(100);
        if (s < 5) {
            scoring = CallLine.Scoring.DROPPED;
        } else if (s < 10) {
            scoring = CallLine.Scoring.SAMPLED_OUT;
        } else if (s < 12) {
            scoring = CallLine.Scoring.UNMARKED;
        } else {
            scoring = CallLine.Scoring.SCORED;
            for (String rubric : RUBRICS) {
                scores.put(rubric, score(r, rubric, turnCount));
            }
        }
        int startConcurrency = Math.max(1, concurrency - r.nextInt(30));
        return new CallLine("call-" + i, i, PERSONAS[r.nextInt(PERSONAS.length)], PATHS[r.nextInt(PATHS.length)],
                "ESCALATED", status == CallStatus.COMPLETED ? "ESCALATED" : "UNRESOLVED", status, startedAt,
                at + r.nextInt(500), concurrency, r.nextInt(10) == 0 ? 1 : 0, error, scores, turns,
                startConcurrency, concurrency + r.nextInt(30), scoring,
                List.of("get_account_info", "escalate_to_human"));
    }

    private static CallLine.Turn agentTurn(SplittableRandom r, long at, int c) {
        Map<String, List<Double>> stages = new LinkedHashMap<>();
        Map<String, List<Integer>> stagesAt = new LinkedHashMap<>();
        for (String stage : STAGES) {
            int n = stage.equals("llm_ttft") ? 2 : 1;
            List<Double> values = new ArrayList<>(n);
            List<Integer> where = new ArrayList<>(n);
            for (int k = 0; k < n; k++) {
                values.add(Math.round((50 + r.nextDouble() * (stage.equals("llm_ttft") ? 400 : 150)) * 10) / 10.0);
                where.add(c - r.nextInt(20));
            }
            stages.put(stage, values);
            stagesAt.put(stage, where);
        }
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put("llm.cache_hit", r.nextInt(5) == 0 ? "false" : "true");
        annotations.put("llm.prompt_tokens", String.valueOf(1_500 + r.nextInt(800)));
        switch (r.nextInt(12)) {
            case 0 -> annotations.put("stt.overload", "1." + (1 + r.nextInt(8)));
            case 1 -> annotations.put("tts.fallback", "true");
            case 2 -> annotations.put("llm.context_dropped_turns", String.valueOf(1 + r.nextInt(3)));
            case 3 -> annotations.put("stt.region", "failover");
            case 4 -> annotations.put("search.cache_hit", "false"); // a component no catalog names
            default -> {
            }
        }
        int tool = r.nextInt(10);
        ToolCallStatus toolStatus = tool == 0 ? ToolCallStatus.TIMEOUT : tool == 1 ? ToolCallStatus.ERROR
                : ToolCallStatus.OK;
        String account = String.format("AC-%05d", r.nextInt(100_000));
        List<ToolCall> tools = List.of(new ToolCall("get_account_info", toolStatus, 60 + r.nextInt(200), 1,
                "{\"account_number\":\"" + account + "\"}",
                "{\"account_number\":\"" + account + "\",\"plan\":\"Business\",\"seats\":25}",
                toolStatus == ToolCallStatus.OK ? "" : "upstream " + toolStatus.name().toLowerCase()));
        Optional<Double> gap = r.nextInt(30) == 0 ? Optional.empty()
                : Optional.of(Math.round((200 + r.nextDouble() * 900) * 10) / 10.0);
        return new CallLine.Turn(CallLine.Speaker.AGENT, AGENT_SAYS[r.nextInt(AGENT_SAYS.length)], at, c, gap,
                stages, tools, annotations, c - r.nextInt(10), stagesAt);
    }

    private static CallLine.CallError error(CallStatus status, SplittableRandom r, int c) {
        return switch (status) {
            case HUNG_UP -> new CallLine.CallError(CallLine.ErrorKind.HUNG_UP, "user_perceived_gap", 0, c,
                    "caller hung up after " + (1_500 + r.nextInt(1_000)) + " ms of silence (patience 1800 ms)",
                    CallLine.Timeout.PATIENCE, "",
                    r.nextInt(3) == 0 ? Optional.of(new CallLine.Attempt(CallLine.ErrorKind.RATE_LIMITED, "llm_ttft",
                            429, "rate limited: retry after " + r.nextInt(900) + " ms")) : Optional.empty(),
                    r.nextBoolean() ? Optional.of(100.0 + r.nextInt(3_000)) : Optional.empty(), c - r.nextInt(5));
            case TIMED_OUT -> new CallLine.CallError(CallLine.ErrorKind.TIMEOUT, "agent", 0, c,
                    "no reply within 8000 ms", r.nextBoolean() ? CallLine.Timeout.TURN : CallLine.Timeout.CALL,
                    "TimeoutException", Optional.empty(), Optional.empty(), 0);
            case CANCELLED -> new CallLine.CallError(CallLine.ErrorKind.OTHER, "agent", 0, c,
                    "run stopped while the call was in progress", CallLine.Timeout.RUN_END, "", Optional.empty(),
                    Optional.empty(), 0);
            default -> switch (r.nextInt(6)) {
                case 0 -> new CallLine.CallError(CallLine.ErrorKind.RATE_LIMITED, "llm_ttft", 429, c,
                        "Too Many Requests: tokens per minute exceeded for deployment gpt-" + r.nextInt(9));
                case 1 -> new CallLine.CallError(CallLine.ErrorKind.SERVER_ERROR, "agent", 500, c,
                        "Internal Server Error: NullPointerException at request " + r.nextInt(1_000_000));
                case 2 -> new CallLine.CallError(CallLine.ErrorKind.SERVER_ERROR, "stt_ttft", 503, c,
                        "stt capacity exceeded in region eu-west-" + r.nextInt(3));
                case 3 -> new CallLine.CallError(CallLine.ErrorKind.CONNECTION_RESET, "agent", 0, c,
                        "Connection reset by peer", CallLine.Timeout.NONE, "SocketException", Optional.empty(),
                        Optional.empty(), 0);
                case 4 -> new CallLine.CallError(CallLine.ErrorKind.PROTOCOL, "agent", 0, c,
                        "malformed SSE data: not a JSON object at chunk " + r.nextInt(40));
                default -> new CallLine.CallError(CallLine.ErrorKind.OTHER, "tool_call", 0, c,
                        "widget " + r.nextInt(100) + " jammed");
            };
        };
    }

    private static CallLine.Score score(SplittableRandom r, String rubric, int turns) {
        int v = r.nextInt(100);
        boolean judge = rubric.equals("is_helpful");
        long prompt = judge ? 900 + r.nextInt(400) : 0;
        long completion = judge ? 40 + r.nextInt(60) : 0;
        double cost = judge ? (prompt * 0.15 + completion * 0.6) / 1_000_000 : 0;
        if (v < 75) {
            return new CallLine.Score(true, 1.0, "all " + (1 + r.nextInt(3)) + " expected tool calls succeeded",
                    CallLine.Verdict.PASS, prompt, completion, cost);
        }
        if (v < 95) {
            Optional<Integer> turn = r.nextBoolean() ? Optional.of(1 + 2 * r.nextInt(turns / 2)) : Optional.empty();
            return new CallLine.Score(false, Math.round(r.nextDouble() * 100) / 100.0,
                    "mean " + (20 + r.nextInt(30)) + ".5 words per agent turn, longest " + (30 + r.nextInt(40)),
                    CallLine.Verdict.FAIL, prompt, completion, cost, turn);
        }
        return new CallLine.Score(false, 0.0, "judge timed out after 30 s", CallLine.Verdict.ERROR, prompt, 0, cost);
    }

    /** {@code text} in UTF-8, for writing lines by hand among generated ones. */
    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
