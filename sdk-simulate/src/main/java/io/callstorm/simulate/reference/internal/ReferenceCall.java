package io.callstorm.simulate.reference.internal;

import io.callstorm.core.Stage;
import io.callstorm.core.transcript.ToolCall;
import io.callstorm.core.transcript.ToolCallStatus;
import io.callstorm.core.transcript.Words;
import io.callstorm.simulate.connect.AgentCall;
import io.callstorm.simulate.connect.AgentCallListener;
import io.callstorm.simulate.connect.AgentException;
import io.callstorm.simulate.connect.AgentReply;
import io.callstorm.simulate.connect.CallerTurn;
import io.callstorm.simulate.connect.StageTiming;
import io.callstorm.simulate.reference.ReferenceAgentConfig;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One call through the reference pipeline: STT -> LLM -> (filler, tools, LLM again) -> TTS. Runs on the
 * runtime's loop; the caller's thread only posts to it.
 */
final class ReferenceCall implements AgentCall {
    private static final int OUTPUT_TOKENS_FOR_TOOL_CALL = 40;
    private static final double AGENT_WORDS_PER_MINUTE = 165;

    private final ReferenceAgentRuntime rt;
    private final String callId;
    private final AgentCallListener listener;
    private final ConversationMemory memory;
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

    ReferenceCall(ReferenceAgentRuntime rt, String callId, AgentCallListener listener) {
        this.rt = rt;
        this.callId = callId;
        this.listener = listener;
        this.memory = new ConversationMemory(rt.config.llm().summaryTokens());
    }

    void open() {
        if (closed) {
            return;
        }
        sttSecondary = rt.stt.open();
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
        if (open) {
            rt.stt.close(sttSecondary);
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
        Turn turn = new Turn(callerTurn);
        current = turn;
        // The first partial arrived while the caller was still speaking; its latency is this turn's STT stage.
        turn.stage(Stage.STT_TTFT, rt.stt.firstPartialMicros(sttSecondary));
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
        String text = turn.caller.text();
        SupportDialog.accountNumber(text).ifPresent(a -> account = a);
        turn.intent = SupportDialog.classify(text, billingHandled, technicalHandled);
        boolean carriesAccount = SupportDialog.accountNumber(text).isPresent();
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
        long wait = rt.budget.tryTake(uncached + outputTokens, System.nanoTime());
        if (wait > 0) {
            memory.removeLast();
            turn.done = true;
            current = null;
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
        turn.stage(Stage.LLM_TTFT, ttft);
        rt.loop.schedule(ttft * 1000L, () -> firstToken(turn));
    }

    private void firstToken(Turn turn) {
        if (turn != current) {
            return;
        }
        speak(turn);
        if (turn.intent.tool().isPresent()) {
            callTool(turn, turn.intent.tool().get(), 1);
        } else {
            answer(turn, true);
        }
    }

    /** Sends the first words to TTS and reports first audio to the caller when it comes. */
    private void speak(Turn turn) {
        long start = System.nanoTime();
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
            long waited = (System.nanoTime() - start) / 1000L;
            firstAudio(turn, start, waited + rt.sampler.logNormalMicros(median, 0.21));
        });
    }

    private void firstAudio(Turn turn, long startNanos, long latencyMicros) {
        turn.stage(Stage.TTS_FIRST_AUDIO, latencyMicros);
        long remaining = latencyMicros * 1000L - (System.nanoTime() - startNanos);
        rt.loop.schedule(remaining, () -> {
            if (turn == current || (turn.done && !closed && turn.replied)) {
                listener.onFirstAudio(turn.caller.index(), System.nanoTime());
                turn.firstAudioSent = true;
                if (turn.pendingReply != null) {
                    listener.onReply(turn.pendingReply);
                    turn.pendingReply = null;
                }
            }
        });
    }

    private void callTool(Turn turn, String tool, int attempt) {
        ReferenceAgentConfig.Tools cfg = rt.config.tools();
        long startNanos = System.nanoTime();
        boolean[] settled = {false};
        var timeout = rt.loop.schedule(cfg.timeoutMillis() * 1_000_000L, () -> {
            if (settled[0] || turn != current) {
                return;
            }
            settled[0] = true;
            long took = (System.nanoTime() - startNanos) / 1000L;
            turn.stage(Stage.TOOL_CALL, took);
            if (cfg.retryOnTimeout() && attempt == 1) {
                rt.loop.schedule(cfg.retryBackoffMillis() * 1_000_000L, () -> {
                    if (turn == current) {
                        callTool(turn, tool, 2);
                    }
                });
            } else {
                turn.toolCalls.add(new ToolCall(tool, ToolCallStatus.TIMEOUT, took / 1000L, attempt));
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
            turn.stage(Stage.TOOL_CALL, micros);
            turn.toolCalls.add(new ToolCall(tool, ToolCallStatus.OK, micros / 1000L, attempt));
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
            rt.budget.charge((hit ? SupportDialog.toolResultTokens(tool) : prompt) + 45L, System.nanoTime());
            rt.cache.put(callId, prompt + 45);
            long ttft = rt.sampler.logNormalMicros(llm.ttftMedianMillis(), 0.217)
                    + (hit ? 0 : rt.sampler.uniformMicros(llm.cacheMissMinMillis(), llm.cacheMissMaxMillis()));
            turn.stage(Stage.LLM_TTFT, ttft);
            rt.loop.schedule(ttft * 1000L, () -> answer(turn, true));
        });
    }

    /** Generates the rest of the reply and delivers it; {@code toolOk} is false after a tool timeout. */
    private void answer(Turn turn, boolean toolOk) {
        if (turn != current) {
            return;
        }
        String body = toolOk ? SupportDialog.reply(turn.intent, account, memory.knowsAccount(),
                turn.intent == SupportDialog.Intent.CREATE_TICKET ? rt.nextTicket() : 0, answers++) : SupportDialog.TOOL_FALLBACK;
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
            AgentReply reply = new AgentReply(turn.caller.index(), text, audio, turn.toolCalls, turn.stages,
                    turn.annotations);
            turn.done = true;
            turn.replied = true;
            current = null;
            if (turn.firstAudioSent) {
                listener.onReply(reply);
            } else {
                turn.pendingReply = reply; // first audio still on its way: keep the documented order
            }
        });
    }

    /** The state of the turn in progress. */
    private static final class Turn {
        final CallerTurn caller;
        final List<StageTiming> stages = new ArrayList<>(5);
        final List<ToolCall> toolCalls = new ArrayList<>(1);
        final Map<String, String> annotations = new HashMap<>();
        SupportDialog.Intent intent;
        boolean firstAudioSent;
        boolean done;
        boolean replied;
        AgentReply pendingReply;

        Turn(CallerTurn caller) {
            this.caller = caller;
        }

        void stage(Stage stage, long micros) {
            stages.add(new StageTiming(stage, micros));
        }
    }
}
