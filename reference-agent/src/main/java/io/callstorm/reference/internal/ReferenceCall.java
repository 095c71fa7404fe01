package io.callstorm.reference.internal;

import io.callstorm.core.Stage;
import io.callstorm.core.transcript.ToolCall;
import io.callstorm.core.transcript.ToolCallStatus;
import io.callstorm.core.transcript.Words;
import io.callstorm.simulate.connect.AgentCall;
import io.callstorm.simulate.connect.AgentCallListener;
import io.callstorm.simulate.connect.AgentException;
import io.callstorm.simulate.connect.AgentReply;
import io.callstorm.simulate.connect.CallSetup;
import io.callstorm.simulate.connect.CallerTurn;
import io.callstorm.simulate.connect.StageTiming;
import io.callstorm.reference.ReferenceAgentConfig;
import io.callstorm.tracing.ServerTiming;
import io.callstorm.tracing.StageSpan;
import io.callstorm.tracing.VoiceCall;
import io.callstorm.tracing.VoiceStage;
import io.callstorm.tracing.VoiceTurn;
import io.opentelemetry.context.Context;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One call through the reference pipeline: STT -> LLM -> (filler, tools, LLM again) -> TTS. Runs on the
 * runtime's loop; the caller's thread only posts to it.
 *
 * <p>Its spans are its measurements: a {@code voice.call} span for the call, a {@code voice.turn} span per caller
 * turn (ended when the reply goes out, or as an error when the turn fails or the caller hangs up first), and a
 * stage span for each STT first partial, LLM request, TOOL call and TTS first audio. The providers' latencies are
 * modelled, so the stages are recorded with explicit times and hold the modelled figure to the microsecond.
 */
final class ReferenceCall implements AgentCall {
    private static final int OUTPUT_TOKENS_FOR_TOOL_CALL = 40;
    private static final int OUTPUT_TOKENS_AFTER_TOOL = 45;
    private static final double AGENT_WORDS_PER_MINUTE = 165;
    /** {@code gen_ai.provider.name} of every stage: the providers are this agent's capacity models. */
    static final String PROVIDER = "callstorm-reference";
    /** {@code gen_ai.request.model} of the LLM stages. */
    static final String LLM_MODEL = "reference-support-llm";
    /** {@code error.type} of a turn the caller hung up on before its reply was complete. */
    static final String CANCELLED = "cancelled";

    private final ReferenceAgentRuntime rt;
    private final CallSetup setup;
    private final String callId;
    private final AgentCallListener listener;
    private final ConversationMemory memory;
    private ReferenceAgentRuntime.Instrumentation instrumentation;
    private VoiceCall span;
    /** The latest turn, until its span ends (it outlives {@link #current} while a reply waits for first audio). */
    private Turn unfinished;
    private boolean open;
    private boolean closed;
    private boolean sttSecondary;
    private boolean ttsConnected;
    private boolean firstRequest = true;
    private String account = "";
    private boolean billingHandled;
    private boolean technicalHandled;
    private Turn current;
    private int answers;

    ReferenceCall(ReferenceAgentRuntime rt, CallSetup setup, AgentCallListener listener) {
        this.rt = rt;
        this.setup = setup;
        this.callId = setup.callId();
        this.listener = listener;
        this.memory = new ConversationMemory(rt.config.llm().summaryTokens());
    }

    void open() {
        if (closed) {
            return;
        }
        sttSecondary = rt.stt.open();
        instrumentation = rt.instrumentation();
        // a root span: each call is one trace of its own, whatever context the loop thread has
        span = instrumentation.telemetry().callBuilder(callId)
                .persona(setup.persona().id())
                .scenario(setup.pathId())
                .parent(Context.root())
                .startNanoTime(rt.now())
                .start();
        open = true;
    }

    @Override
    public void sendTurn(CallerTurn turn) {
        rt.loop.execute(() -> onTurn(turn));
    }

    @Override
    public void hangUp() {
        rt.loop.execute(this::close);
    }

    private void close() {
        if (closed) {
            return;
        }
        closed = true;
        current = null;
        if (unfinished != null) {
            cancel(unfinished, CANCELLED); // the caller hung up before the reply was complete
        }
        if (open) {
            rt.stt.close(sttSecondary);
            span.endAt(rt.now());
        }
        if (ttsConnected) {
            ttsConnected = false;
            rt.tts.release();
        }
        rt.cache.remove(callId);
    }

    private void onTurn(CallerTurn callerTurn) {
        if (closed) {
            return;
        }
        if (unfinished != null) {
            cancel(unfinished, CANCELLED); // a new turn while one is in progress: the caller gave up on it
        }
        // The first partial arrived while the caller was still speaking; its latency is this turn's STT stage,
        // recorded as a stage that started that long ago and gave its first result now.
        long now = rt.now();
        long sttMicros = rt.stt.firstPartialMicros(sttSecondary);
        long sttStart = now - sttMicros * 1000L;
        Turn turn = new Turn(callerTurn, span.startTurn(sttStart));
        current = turn;
        unfinished = turn;
        turn.stt = turn.span.startStage(VoiceStage.STT, sttStart).provider(PROVIDER);
        turn.stt.firstResultAt(now);
        if (sttSecondary) {
            turn.annotations.put("stt.region", "failover");
        }
        double overload = rt.stt.overload(sttSecondary);
        if (overload > 1.0) {
            turn.annotations.put("stt.overload", String.format(java.util.Locale.ROOT, "%.2f", overload));
        }
        rt.loop.schedule(rt.stt.finalTranscriptMicros(sttSecondary) * 1000L, () -> understand(turn));
    }

    private void understand(Turn turn) {
        if (turn != current) {
            return;
        }
        turn.stt.endAt(rt.now()); // the final transcript
        String text = turn.caller.text();
        Optional<String> given = SupportDialog.accountNumber(text);
        given.ifPresent(a -> account = a);
        turn.intent = SupportDialog.classify(text, billingHandled, technicalHandled);
        boolean carriesAccount = given.isPresent();
        memory.add(SupportDialog.tokens(text), carriesAccount);

        ReferenceAgentConfig.Llm llm = rt.config.llm();
        int promptTokens = memory.fit(llm.systemPromptTokens(), llm.contextWindowTokens(), llm.summarize());
        if (memory.droppedTurns() > 0) {
            turn.annotations.put("llm.context_dropped_turns", Integer.toString(memory.droppedTurns()));
        }
        String cacheKey = firstRequest ? PromptCache.SYSTEM_PREFIX : callId;
        boolean hit = rt.cache.lookup(cacheKey);
        int outputTokens = turn.intent.tool().isPresent() ? OUTPUT_TOKENS_FOR_TOOL_CALL : 45;
        long uncached = hit ? SupportDialog.tokens(text) : promptTokens;
        long requestAt = rt.now();
        StageSpan llmSpan = turn.span.startStage(VoiceStage.LLM, requestAt).provider(PROVIDER).model(LLM_MODEL)
                .tokens(promptTokens, outputTokens).promptCacheHit(hit);
        turn.llm = llmSpan;
        long wait = rt.budget.tryTake(uncached + outputTokens, requestAt);
        if (wait > 0) {
            memory.removeLast();
            turn.done = true;
            current = null;
            llmSpan.error("429");
            llmSpan.endAt(requestAt);
            endTurn(turn, "429");
            listener.onError(turn.caller.index(), AgentException.rateLimited(Stage.LLM_TTFT,
                    Duration.ofNanos(wait), "LLM token budget exceeded: " + (uncached + outputTokens)
                            + " tokens requested, retry after " + Math.max(1, wait / 1_000_000) + " ms"));
            return;
        }
        firstRequest = false;
        rt.cache.put(PromptCache.SYSTEM_PREFIX, llm.systemPromptTokens());
        rt.cache.put(callId, promptTokens + outputTokens);
        turn.annotations.put("llm.cache_hit", Boolean.toString(hit));
        turn.annotations.put("llm.prompt_tokens", Integer.toString(promptTokens));
        long ttft = rt.sampler.logNormalMicros(llm.ttftMedianMillis(), 0.217)
                + (hit ? 0 : rt.sampler.uniformMicros(llm.cacheMissMinMillis(), llm.cacheMissMaxMillis()));
        long firstTokenAt = requestAt + ttft * 1000L;
        rt.loop.schedule(firstTokenAt - rt.now(), () -> firstToken(turn, llmSpan, firstTokenAt));
    }

    private void firstToken(Turn turn, StageSpan llmSpan, long firstTokenAt) {
        if (turn != current) {
            return;
        }
        llmSpan.firstResultAt(firstTokenAt);
        llmSpan.endAt(firstTokenAt);
        speak(turn);
        if (turn.intent.tool().isPresent()) {
            callTool(turn, turn.intent.tool().get(), 1);
        } else {
            answer(turn, true);
        }
    }

    /** Sends the first words to TTS and reports first audio to the caller when it comes. */
    private void speak(Turn turn) {
        long start = rt.now();
        turn.tts = turn.span.startStage(VoiceStage.TTS, start).provider(PROVIDER);
        if (ttsConnected) {
            firstAudio(turn, start, rt.sampler.logNormalMicros(rt.config.tts().streamingFirstAudioMillis(), 0.21));
            return;
        }
        rt.tts.acquire(granted -> {
            if (closed) {
                if (granted) {
                    rt.tts.release();
                }
                return;
            }
            long median;
            if (granted) {
                ttsConnected = true;
                median = rt.config.tts().streamingFirstAudioMillis();
            } else {
                turn.annotations.put("tts.fallback", "non-streaming");
                median = rt.config.tts().fallbackFirstAudioMillis();
            }
            long waited = (rt.now() - start) / 1000L;
            firstAudio(turn, start, waited + rt.sampler.logNormalMicros(median, 0.21));
        });
    }

    private void firstAudio(Turn turn, long startNanos, long latencyMicros) {
        long firstAudioAt = startNanos + latencyMicros * 1000L;
        rt.loop.schedule(firstAudioAt - rt.now(), () -> {
            if (turn == current || (turn.done && !closed && turn.replied)) {
                turn.tts.firstResultAt(firstAudioAt);
                turn.tts.endAt(firstAudioAt);
                listener.onFirstAudio(turn.caller.index(), rt.now());
                turn.firstAudioSent = true;
                if (turn.pendingReply != null) {
                    deliver(turn, turn.pendingReply);
                    turn.pendingReply = null;
                }
            }
        });
    }

    private void callTool(Turn turn, String tool, int attempt) {
        ReferenceAgentConfig.Tools cfg = rt.config.tools();
        long startNanos = rt.now();
        StageSpan toolSpan = turn.span.startStage(VoiceStage.TOOL, startNanos).toolName(tool).provider(PROVIDER);
        turn.tool = toolSpan;
        boolean[] settled = {false};
        var timeout = rt.loop.schedule(cfg.timeoutMillis() * 1_000_000L, () -> {
            if (settled[0] || turn != current) {
                return;
            }
            settled[0] = true;
            long took = (rt.now() - startNanos) / 1000L;
            toolSpan.toolOutcome(ToolCallStatus.TIMEOUT);
            toolSpan.endAt(startNanos + took * 1000L);
            if (cfg.retryOnTimeout() && attempt == 1) {
                rt.loop.schedule(cfg.retryBackoffMillis() * 1_000_000L, () -> {
                    if (turn == current) {
                        callTool(turn, tool, 2);
                    }
                });
            } else {
                turn.toolCalls.add(new ToolCall(tool, ToolCallStatus.TIMEOUT, took / 1000L, attempt,
                        SupportDialog.toolArguments(tool, account, turn.caller.text()), "",
                        "timed out after " + cfg.timeoutMillis() + " ms"));
                turn.annotations.put("tool.fallback", tool);
                answer(turn, false);
            }
        });
        rt.tools.call(tool, micros -> {
            if (settled[0] && !closed) {
                // the agent framework still appends a late result to the conversation: after a timeout and a
                // re-ask the model carries the same tool output twice, and long calls outgrow the window
                memory.add(SupportDialog.toolResultTokens(tool), false);
            }
            if (settled[0] || turn != current) {
                return;
            }
            settled[0] = true;
            timeout.cancel();
            toolSpan.toolOutcome(ToolCallStatus.OK);
            toolSpan.endAt(startNanos + micros * 1000L);
            if (tool.equals(SupportDialog.CREATE_TICKET)) {
                turn.ticketNumber = rt.nextTicket(); // the backend numbers the ticket; the reply reads it back
            }
            turn.toolCalls.add(new ToolCall(tool, ToolCallStatus.OK, micros / 1000L, attempt,
                    SupportDialog.toolArguments(tool, account, turn.caller.text()),
                    SupportDialog.toolResult(tool, account, turn.ticketNumber), ""));
            memory.add(SupportDialog.toolResultTokens(tool), false);
            switch (turn.intent) {
                case BILLING -> billingHandled = true;
                case TECHNICAL, TICKET_STATUS -> technicalHandled = true;
                default -> { }
            }
            // the model reads the tool result: a second request on the same (now cached) prefix
            ReferenceAgentConfig.Llm llm = rt.config.llm();
            int prompt = memory.fit(llm.systemPromptTokens(), llm.contextWindowTokens(), llm.summarize());
            boolean hit = rt.cache.lookup(callId);
            long requestAt = rt.now();
            rt.budget.charge((hit ? SupportDialog.toolResultTokens(tool) : prompt) + (long) OUTPUT_TOKENS_AFTER_TOOL,
                    requestAt);
            rt.cache.put(callId, prompt + OUTPUT_TOKENS_AFTER_TOOL);
            long ttft = rt.sampler.logNormalMicros(llm.ttftMedianMillis(), 0.217)
                    + (hit ? 0 : rt.sampler.uniformMicros(llm.cacheMissMinMillis(), llm.cacheMissMaxMillis()));
            StageSpan llmSpan = turn.span.startStage(VoiceStage.LLM, requestAt).provider(PROVIDER).model(LLM_MODEL)
                    .tokens(prompt, OUTPUT_TOKENS_AFTER_TOOL).promptCacheHit(hit);
            turn.llm = llmSpan;
            long firstTokenAt = requestAt + ttft * 1000L;
            rt.loop.schedule(firstTokenAt - rt.now(), () -> {
                if (turn == current) {
                    llmSpan.firstResultAt(firstTokenAt);
                    llmSpan.endAt(firstTokenAt);
                }
                answer(turn, true);
            });
        });
    }

    /** Generates the rest of the reply and delivers it; {@code toolOk} is false after a tool timeout. */
    private void answer(Turn turn, boolean toolOk) {
        if (turn != current) {
            return;
        }
        String body = toolOk ? SupportDialog.reply(turn.intent, account, memory.knowsAccount(),
                turn.ticketNumber, answers++) : SupportDialog.TOOL_FALLBACK;
        String text = turn.intent.tool().isPresent() ? SupportDialog.FILLER + " " + body : body;
        int outTokens = SupportDialog.tokens(body);
        memory.add(outTokens, false);
        long generationNanos = outTokens * 1_000_000_000L / rt.config.llm().outputTokensPerSecond();
        rt.loop.schedule(generationNanos, () -> {
            if (turn != current) {
                return;
            }
            int words = Words.count(text);
            Duration audio = Duration.ofMillis(Math.round(words * 60_000.0 / AGENT_WORDS_PER_MINUTE));
            AgentReply reply = new AgentReply(turn.caller.index(), text, audio, turn.toolCalls, List.of(),
                    turn.annotations);
            turn.done = true;
            turn.replied = true;
            current = null;
            if (turn.firstAudioSent) {
                deliver(turn, reply);
            } else {
                turn.pendingReply = reply; // first audio still on its way: keep the documented order
            }
        });
    }

    /**
     * Sends the reply and ends the turn's span. Every stage span of the turn has ended by now, so a span
     * processor sees the stages before the caller sees the reply. Without a recording OpenTelemetry the reply
     * carries the stage timings itself, read from the turn's spans as a Server-Timing header would carry them.
     */
    private void deliver(Turn turn, AgentReply reply) {
        AgentReply sent = reply;
        if (instrumentation.stagesInReplies()) {
            sent = new AgentReply(reply.turnIndex(), reply.text(), reply.audioDuration(), reply.toolCalls(),
                    stageTimings(turn.span.serverTiming()), reply.annotations());
        }
        endTurn(turn, null);
        listener.onReply(sent);
    }

    /** Stage latencies in microseconds from a turn's Server-Timing (milliseconds to the nanosecond). */
    static List<StageTiming> stageTimings(ServerTiming timing) {
        List<StageTiming> stages = new ArrayList<>(timing.metrics().size());
        for (ServerTiming.Metric m : timing.metrics()) {
            VoiceStage.fromWireName(m.name()).ifPresent(stage -> m.durationMs().ifPresent(ms ->
                    stages.add(new StageTiming(stage.reportStage(), Math.round(ms * 1000)))));
        }
        return stages;
    }

    /** Ends the turn's span, as an error of {@code errorType} unless it is {@code null}. */
    private void endTurn(Turn turn, String errorType) {
        if (errorType != null) {
            turn.span.error(errorType);
        }
        turn.span.endAt(rt.now());
        if (unfinished == turn) {
            unfinished = null;
        }
    }

    /** Ends whatever the turn still has open, and the turn, as an error of {@code errorType}. */
    private void cancel(Turn turn, String errorType) {
        for (StageSpan stage : new StageSpan[] {turn.stt, turn.llm, turn.tool, turn.tts}) {
            if (stage != null) {
                stage.endAt(rt.now()); // ignored by a stage that has ended already
            }
        }
        endTurn(turn, errorType);
    }

    /** The state of the turn in progress. */
    private static final class Turn {
        final CallerTurn caller;
        final VoiceTurn span;
        final List<ToolCall> toolCalls = new ArrayList<>(1);
        final Map<String, String> annotations = new HashMap<>();
        SupportDialog.Intent intent;
        /** The ticket create_ticket opened on this turn; 0 when none. */
        int ticketNumber;
        boolean firstAudioSent;
        boolean done;
        boolean replied;
        AgentReply pendingReply;
        // the turn's latest stage spans of each kind, for ending what is still open when the caller hangs up
        StageSpan stt;
        StageSpan llm;
        StageSpan tool;
        StageSpan tts;

        Turn(CallerTurn caller, VoiceTurn span) {
            this.caller = caller;
            this.span = span;
        }
    }
}
