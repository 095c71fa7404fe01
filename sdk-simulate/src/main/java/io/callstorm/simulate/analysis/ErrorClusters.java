package io.callstorm.simulate.analysis;

import io.callstorm.simulate.measure.CallLine;
import io.callstorm.simulate.measure.CallLine.ErrorKind;
import io.callstorm.simulate.measure.CallLine.Timeout;
import io.callstorm.simulate.measure.ClusterNames;
import io.callstorm.simulate.measure.DegradationSignals;
import io.callstorm.simulate.measure.FailedCall;
import io.callstorm.simulate.measure.MessageTemplate;
import io.callstorm.simulate.report.ErrorCluster;
import io.callstorm.simulate.report.ExampleCall;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Groups failed calls into named clusters with a root cause and fixes. A failure's cluster comes from how the
 * caller's edge classified it (kind, status, stage, exception, which wait ran out, the message with numbers and
 * ids masked) and, for a caller who hung up on silence, from the degradations the agent reported on the call's
 * last answered reply — the stage furthest above its low-load median among them is blamed. See the rule in
 * {@code docs/reports.md#error-clusters}.
 */
public final class ErrorClusters {
    static final String RATE_LIMIT = ClusterNames.RATE_LIMIT;
    static final String CAPACITY = ClusterNames.CAPACITY;
    static final String GATEWAY_TIMEOUT = ClusterNames.GATEWAY_TIMEOUT;
    static final String TOOL_TIMEOUT = ClusterNames.TOOL_TIMEOUT;
    static final String POOL = ClusterNames.POOL;
    static final String CHURN = ClusterNames.CHURN;
    static final String SERVER_ERROR = ClusterNames.SERVER_ERROR;
    static final String PROTOCOL = ClusterNames.PROTOCOL;
    static final String NOT_SSE = ClusterNames.NOT_SSE;
    static final String TRUNCATED = ClusterNames.TRUNCATED;
    static final String CONTEXT = ClusterNames.CONTEXT;
    static final String CACHE_MISS = ClusterNames.CACHE_MISS;
    static final String SLOW_HANG_UP = ClusterNames.SLOW_HANG_UP;
    static final String RUN_END = ClusterNames.RUN_END;
    static final String OTHER_PREFIX = ClusterNames.OTHER_PREFIX;

    /**
     * What a cluster means: its name, root cause and fixes. {@code key} tells apart two causes that share a name
     * (resets and refusals are both {@code connection churn}); for every other entry it is the name.
     */
    private record Catalog(String key, String name, String rootCause, String quickFix, String longTermFix) {
    }

    private static final Map<String, Catalog> CATALOG = new LinkedHashMap<>();
    /** The catalog key and name of refused connections: nothing listened, unlike a reset ({@link #CHURN}). */
    static final String REFUSED_KEY = "connection refused";

    private static void add(String name, String rootCause, String quickFix, String longTermFix) {
        add(name, name, rootCause, quickFix, longTermFix);
    }

    private static void add(String key, String name, String rootCause, String quickFix, String longTermFix) {
        CATALOG.put(key, new Catalog(key, name, rootCause, quickFix, longTermFix));
    }

    static {
        add(RATE_LIMIT, "A provider refused requests for rate (429, usually with Retry-After): its token or request "
                        + "budget is used up at this load. Callers wait in silence through the retries and the call "
                        + "fails when they run out.",
                "Send fewer uncached tokens per request (shorter system prompt) and honour Retry-After with jitter.",
                "Raise the provider quota or reserve throughput; spread load across deployments or regions.");
        add(CAPACITY, "A provider ran past its capacity: its stage's latency rose with every call above the ceiling "
                        + "(or it answered 503) until callers gave up.",
                "Fail over the overflow to a second region or provider.",
                "A capacity reservation with the provider, or multi-provider fan-out.");
        add(GATEWAY_TIMEOUT, "The agent did not answer a turn in time: the caller's turn timeout ran out, or a gateway "
                        + "answered 504 or timed out upstream.",
                "Find the slow stage in the latency curves and add capacity there.",
                "Budget each stage's latency and fail fast with a spoken fallback.");
        add(TOOL_TIMEOUT, "Tool calls timed out under load; timed-out requests still hold the backend, so timeouts "
                        + "feed more timeouts, and the call waited on them until it failed.",
                "Retry the tool once with a short backoff; raise its timeout to its P99 at peak.",
                "Give tools a latency budget and capacity for peak, with explicit fallback prompts.");
        add(POOL, "A pool of connections to a provider ran out: new sessions queued or fell back to a slower path "
                        + "until callers gave up.",
                "Grow the connection pool.", "Add an overflow provider; pre-warm connections at call start.");
        add(CHURN, "Connections to the agent were reset, or closed before it answered, mid-call: the agent "
                        + "process crashed or restarted, or a proxy or load balancer in front of it dropped connections "
                        + "(idle timeout, connection limit, a deploy).",
                "Check the agent's and its proxy's logs at the first-seen concurrency for restarts and connection "
                        + "limits; let the retry policy resend the turn on a fresh connection.",
                "Drain connections on deploys, align keep-alive and idle timeouts between caller, proxy and agent, "
                        + "and scale the agent's ingress.");
        add(REFUSED_KEY, REFUSED_KEY, "Connections to the agent were refused: nothing accepted on its host and port (the "
                        + "agent down or restarting, a wrong URL), or its accept queue or connection limit was full at "
                        + "this load.",
                "Check that the agent is up at the configured URL; raise its listen backlog and connection limit.",
                "Run more instances behind a health-checked load balancer and scale them on open connections.");
        add(SERVER_ERROR, "The agent answered the turn with a server error (a 5xx, or an error event mid-stream): an "
                        + "unhandled exception or a failing dependency inside the agent. The status and message are in "
                        + "the example.",
                "Read the agent's logs at the first-seen concurrency for the exception behind the 5xx.",
                "Handle a dependency's failure inside the agent (retry, fallback, a spoken apology) instead of "
                        + "failing the turn; alert on the agent's 5xx rate.");
        add(PROTOCOL, "The agent's stream could not be parsed: a data: chunk that is not a JSON object, an oversized "
                        + "event, or bytes that are not HTTP. The agent's serializer, or a proxy rewriting the stream, "
                        + "wrote something the caller cannot read.",
                "Find the chunk in the example and fix the code that writes it: each event is one data: line of JSON "
                        + "followed by a blank line.",
                "Check the agent's stream against the chat-completions chunk format in its own tests; stream through "
                        + "proxies that neither buffer nor rewrite text/event-stream.");
        add(NOT_SSE, "The agent's URL answered 200 with a body that is not an event stream (an HTML page, a JSON "
                        + "object): a login or error page of a proxy, load balancer or firewall, a wrong path, or a "
                        + "server that ignored stream: true.",
                "Send one request to the configured URL with curl -N and the same headers and see who answers; fix "
                        + "the URL or the credentials.",
                "Have proxies answer their errors with an error status, not 200; test that the agent honours "
                        + "stream: true.");
        add(TRUNCATED, "The agent's stream ended mid-answer: the response finished, or its connection closed, after "
                        + "some chunks but before data: [DONE] or a finish_reason. The agent's worker died or gave up "
                        + "mid-generation, or a proxy's response or idle timeout cut the stream.",
                "Raise the proxy's read and idle timeouts for the streaming route and turn off its response "
                        + "buffering; look in the agent's logs for workers killed mid-answer.",
                "Send SSE keep-alive comments through long stages, and have the agent end every answer with a "
                        + "finish_reason and [DONE], or an error event, instead of closing the stream.");
        add(CONTEXT, "The conversation outgrew the model's context window: the request was refused, or early turns "
                        + "were dropped and the agent lost what the caller had said.",
                "Summarise older turns instead of dropping them.",
                "Keep structured conversation state outside the prompt; cap tool output in the context.");
        add(CACHE_MISS, "Prompt cache misses added hundreds of ms to the model's time to first token on the call's "
                        + "last reply, and the next silence outlasted the caller's patience.",
                "Shorten the system prompt so more conversation prefixes fit in the cache.",
                "Partition the cache per tenant and pre-warm it before peak.");
        add(SLOW_HANG_UP, "The silence after the caller's turn outlasted its patience, and the call's last reply "
                        + "reported no degradation to blame.",
                "Play a short acknowledgement while the pipeline works.", "Cut the slowest stage's tail latency.");
        add(RUN_END, "The run stopped (the drain timeout ran out, or it was interrupted) while these calls were still "
                        + "in progress: not a failure of the agent.",
                "Give the run a longer drain timeout.", "None needed.");
    }

    private static final Pattern RATE = Pattern.compile("rate.?limit|too many requests|quota|retry.?after");
    private static final Pattern CHURN_MESSAGE = Pattern.compile(
            "connection (was )?(reset|refused|closed|aborted|lost)|broken pipe|reset by peer|unexpected eof|"
                    + "websocket (closed|disconnected)");
    private static final Pattern CHURN_EXCEPTION = Pattern.compile("Connect|Socket|EOF|ClosedChannel|Reset|Broken");
    private static final Pattern TIMEOUT_MESSAGE = Pattern.compile("gateway time-?out|timed? ?out|deadline exceeded");
    private static final Pattern CONTEXT_MESSAGE = Pattern.compile(
            "context (length|window)|too many tokens|maximum context|prompt is too long|token limit");
    private static final Pattern POOL_MESSAGE = Pattern.compile(
            "pool (is )?(exhausted|full)|no (free |available |idle )?connection|connection pool");
    private static final Pattern CAPACITY_MESSAGE = Pattern.compile(
            "capacity|overload|unavailable|server busy|too busy");
    /** A stream that ended before its end marker: the connectors write "stream closed before [DONE]". */
    private static final Pattern TRUNCATED_MESSAGE = Pattern.compile(
            "(closed|ended|cut|finished) before \\[done]|truncated (sse |event )?stream");
    /** A 200 whose body is not an event stream: "expected text/event-stream, got text/html". */
    private static final Pattern NOT_SSE_MESSAGE = Pattern.compile(
            "expected text/event-stream|not an event stream|not text/event-stream");
    /** What the connectors write for bytes they cannot parse (not every PROTOCOL message: those stay "other"). */
    private static final Pattern PROTOCOL_MESSAGE = Pattern.compile(
            "malformed (sse|json|http|chunk|event)|sse (data|event|line)|not a json object|not valid json|"
                    + "not websocket frames|protocol error");
    private static final Pattern REFUSED_MESSAGE = Pattern.compile("refused|cannot connect|could not connect");
    private static final Pattern REFUSED_EXCEPTION = Pattern.compile("Connect|NoRouteToHost|UnknownHost");

    /** Where a failure lands: the cluster, the stage it hurt, why, and its catalog key (the name but for refusals). */
    record Verdict(String name, String stage, String evidence, String key) {
        Verdict(String name, String stage, String evidence) {
            this(name, stage, evidence, name);
        }
    }

    private ErrorClusters() {
    }

    /** Clusters without example calls, largest first. */
    static List<ErrorCluster> cluster(List<FailedCall> failures, Map<String, Double> baselineP50Ms) {
        return cluster(failures, List.of(), baselineP50Ms);
    }

    /**
     * Clusters, largest first; shares add up to 1 over all failed calls. Each shows as examples up to
     * {@value ErrorCluster#EXAMPLES} of its calls whose transcripts were kept, the earliest to end first (ties by
     * call id): the same calls whatever order the failures came in.
     *
     * @param failures      every failed call
     * @param examples      the transcripts of failed calls kept to be shown
     * @param baselineP50Ms per stage, the P50 at the lowest concurrency: how the blamed stage is chosen
     */
    static List<ErrorCluster> cluster(List<FailedCall> failures, List<ExampleCall> examples,
                                      Map<String, Double> baselineP50Ms) {
        Map<String, ExampleCall> transcripts = new HashMap<>();
        examples.forEach(e -> transcripts.put(e.callId(), e));
        List<FailedCall> inTime = new ArrayList<>(failures);
        inTime.sort(Comparator.comparingDouble(FailedCall::endedAtSeconds).thenComparing(FailedCall::callId));
        Map<String, Acc> groups = new LinkedHashMap<>();
        for (FailedCall f : inTime) {
            Verdict v = classify(f, baselineP50Ms);
            String example = f.error().map(CallLine.CallError::message).orElse(String.valueOf(f.status()));
            Acc a = groups.computeIfAbsent(v.key() + "\u0000" + v.stage(), k -> new Acc(v, mask(example),
                    f.concurrency(0)));
            a.count++;
            ExampleCall transcript = transcripts.get(f.callId());
            if (transcript != null && a.examples.size() < ErrorCluster.EXAMPLES) {
                a.examples.add(transcript);
            }
            // the ways failures reached this cluster, grouped by their evidence with numbers masked
            a.evidence.computeIfAbsent(mask(v.evidence()), k -> new Object[] {new long[1], v.evidence()});
            ((long[]) a.evidence.get(mask(v.evidence()))[0])[0]++;
        }
        long total = inTime.size();
        List<ErrorCluster> out = new ArrayList<>();
        for (Acc a : groups.values()) {
            Catalog c = CATALOG.get(a.first.key());
            String rootCause = c != null ? c.rootCause() : "Not a known failure pattern: read the calls of this "
                    + "template in calls.jsonl (their error, their last reply).";
            String quick = c != null ? c.quickFix() : "Inspect calls.jsonl for this message.";
            String longTerm = c != null ? c.longTermFix() : "Handle this error in the agent, or report it as one of "
                    + "the named kinds (status code, error kind) so it is classified.";
            out.add(new ErrorCluster(a.first.name(), a.first.stage(), a.count,
                    Math.round(10_000.0 * a.count / total) / 10_000.0, a.firstSeen, rootCause, quick, longTerm,
                    a.example, ErrorCluster.KIND, a.evidence(), a.examples));
        }
        out.sort(Comparator.comparingLong(ErrorCluster::count).reversed());
        return out;
    }

    /** The cluster of one failure. */
    static Verdict classify(FailedCall f, Map<String, Double> baselineP50Ms) {
        if (f.error().isEmpty()) {
            return new Verdict(OTHER_PREFIX + "call ended " + f.status(), "agent", String.valueOf(f.status()));
        }
        CallLine.CallError e = f.error().get();
        if (e.timeout() == Timeout.RUN_END) {
            return new Verdict(RUN_END, "agent", "cut at the run's end");
        }
        boolean waited = e.timeout() != Timeout.NONE || e.kind() == ErrorKind.HUNG_UP;
        if (!waited) {
            String key = byEdge(e.kind(), e.status(), e.stage(), e.exception(), e.message());
            String evidence = edge(e.kind(), e.status(), e.stage()) + (e.exception().isEmpty() ? ""
                    : " (" + e.exception() + ")");
            return key != null ? verdict(key, e.stage(), evidence)
                    : new Verdict(OTHER_PREFIX + mask(e.message()), e.stage(), evidence);
        }
        if (e.retrying().isPresent()) {
            CallLine.Attempt r = e.retrying().get();
            String key = byEdge(r.kind(), r.status(), r.stage(), "", r.message());
            if (key != null) {
                return verdict(key, r.stage(), waitedFor(e) + " while retrying " + edge(r.kind(), r.status(),
                        r.stage()));
            }
        }
        if (e.timeout() == Timeout.TURN || e.timeout() == Timeout.CALL) {
            return new Verdict(GATEWAY_TIMEOUT, e.stage(), waitedFor(e));
        }
        return blame(f, e, baselineP50Ms);
    }

    /** A hang-up on silence: the degradation on the last reply whose stage was furthest above its low-load median. */
    private static Verdict blame(FailedCall f, CallLine.CallError e, Map<String, Double> baselineP50Ms) {
        DegradationSignals.Kind best = null;
        double bestRatio = -1;
        for (DegradationSignals.Kind k : f.lastSignals()) {
            double ratio = ratio(f.lastStagesMs(), k.stage(), baselineP50Ms);
            if (ratio > bestRatio) {
                best = k;
                bestRatio = ratio;
            }
        }
        if (best == null) {
            String slowest = e.stage();
            double slowestRatio = 1.5; // a stage must be well above its median to take the blame
            for (String stage : f.lastStagesMs().keySet()) {
                double r = ratio(f.lastStagesMs(), stage, baselineP50Ms);
                if (r > slowestRatio) {
                    slowest = stage;
                    slowestRatio = r;
                }
            }
            return new Verdict(SLOW_HANG_UP, slowest, waitedFor(e) + (f.lastStagesMs().isEmpty()
                    ? "; no reply before it" : "; last reply reported no degradation"));
        }
        String evidence = String.format(Locale.ROOT, "%s; last reply: %s%s", waitedFor(e), best.signal(),
                bestRatio > 0 && f.lastStagesMs().containsKey(best.stage())
                        ? String.format(Locale.ROOT, ", %s %.1fx its low-load median", best.stage(), bestRatio) : "");
        return new Verdict(best.failureCluster(), best.stage(), evidence);
    }

    private static double ratio(Map<String, Double> stagesMs, String stage, Map<String, Double> baselineP50Ms) {
        Double v = stagesMs.get(stage);
        Double base = baselineP50Ms.get(stage);
        if (v == null || base == null || base <= 0) {
            return 0;
        }
        return v / base;
    }

    private static Verdict verdict(String key, String stage, String evidence) {
        Catalog c = CATALOG.get(key);
        return new Verdict(c != null ? c.name() : key, stage, evidence, key);
    }

    /**
     * The catalog key of an error the agent returned (its cluster's name), or null for "other".
     */
    static String byEdge(ErrorKind kind, int status, String stage, String exception, String message) {
        String m = message.toLowerCase(Locale.ROOT);
        if (kind == ErrorKind.RATE_LIMITED || status == 429 || RATE.matcher(m).find()) {
            return RATE_LIMIT;
        }
        // the stream's own faults, before churn: a stream cut before [DONE] comes as a reset (a retry may cure it)
        if (TRUNCATED_MESSAGE.matcher(m).find()) {
            return TRUNCATED;
        }
        if (NOT_SSE_MESSAGE.matcher(m).find()) {
            return NOT_SSE;
        }
        if (PROTOCOL_MESSAGE.matcher(m).find()) {
            return PROTOCOL;
        }
        if (kind == ErrorKind.CONNECTION_REFUSED) {
            return REFUSED_KEY;
        }
        if (kind == ErrorKind.CONNECTION_RESET) {
            return CHURN;
        }
        if ((!exception.isEmpty() && CHURN_EXCEPTION.matcher(exception).find()) || CHURN_MESSAGE.matcher(m).find()) {
            return REFUSED_MESSAGE.matcher(m).find() || REFUSED_EXCEPTION.matcher(exception).find() ? REFUSED_KEY
                    : CHURN;
        }
        if (status == 504 || status == 408 || kind == ErrorKind.TIMEOUT || TIMEOUT_MESSAGE.matcher(m).find()) {
            return stage.equals("tool_call") || m.contains("tool") ? TOOL_TIMEOUT : GATEWAY_TIMEOUT;
        }
        if (status == 413 || CONTEXT_MESSAGE.matcher(m).find()) {
            return CONTEXT;
        }
        if (POOL_MESSAGE.matcher(m).find()) {
            return POOL;
        }
        if (status == 503 || status == 529 || CAPACITY_MESSAGE.matcher(m).find()) {
            return CAPACITY;
        }
        if (kind == ErrorKind.SERVER_ERROR || (status >= 500 && status <= 599)) {
            return SERVER_ERROR;
        }
        return null;
    }

    private static String edge(ErrorKind kind, int status, String stage) {
        return kind + (status == 0 ? "" : " " + status) + " at " + stage;
    }

    private static String waitedFor(CallLine.CallError e) {
        return switch (e.timeout()) {
            case PATIENCE, NONE -> "hung up (patience)";
            case TURN -> "turn timeout";
            case CALL -> "call timeout";
            default -> e.timeout().wire();
        };
    }

    /** Masks numbers and ids so messages that differ only there share one template. */
    static String mask(String message) {
        return MessageTemplate.of(message);
    }

    private static final class Acc {
        final Verdict first;
        final String example;
        final int firstSeen;
        final Map<String, Object[]> evidence = new LinkedHashMap<>(); // masked -> {count, first example}
        final List<ExampleCall> examples = new ArrayList<>(ErrorCluster.EXAMPLES);
        long count;

        /** The most common ways in, with counts: {@code 4,335x RATE_LIMITED 429 at llm_ttft; 615x hung up ...}. */
        String evidence() {
            List<Object[]> ways = new ArrayList<>(evidence.values());
            ways.sort((x, y) -> Long.compare(((long[]) y[0])[0], ((long[]) x[0])[0]));
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < Math.min(3, ways.size()); i++) {
                if (i > 0) {
                    b.append("; ");
                }
                b.append(String.format(Locale.ROOT, "%,dx %s", ((long[]) ways.get(i)[0])[0], ways.get(i)[1]));
            }
            if (ways.size() > 3) {
                b.append("; ...");
            }
            return b.toString();
        }

        Acc(Verdict first, String example, int firstSeen) {
            this.first = first;
            this.example = example;
            this.firstSeen = firstSeen;
        }
    }
}
