package io.callstorm.simulate.reference.internal;

import io.callstorm.simulate.connect.AgentCall;
import io.callstorm.simulate.connect.AgentCallListener;
import io.callstorm.simulate.connect.CallSetup;
import io.callstorm.simulate.engine.internal.EventLoop;
import io.callstorm.simulate.reference.ReferenceAgentConfig;

/**
 * The reference agent's providers on one event loop thread of their own, apart from the harness's, so the
 * two are measured apart. Every capacity model is touched only from that thread.
 */
public final class ReferenceAgentRuntime implements AutoCloseable {
    final ReferenceAgentConfig config;
    final EventLoop loop;
    final Sampler sampler;
    final SttService stt;
    final PromptCache cache;
    final TokenBucket budget;
    final ToolBackend tools;
    final TtsPool tts;
    private int nextTicket = 10_000;

    public ReferenceAgentRuntime(ReferenceAgentConfig config) {
        this.config = config;
        this.loop = new EventLoop("callstorm-reference-agent");
        this.sampler = new Sampler(config.seed());
        this.stt = new SttService(config.stt(), sampler);
        this.cache = new PromptCache(config.llm().cacheCapacityTokens(), sampler);
        this.budget = new TokenBucket(config.llm().tokenBudgetPerSecond(), System.nanoTime());
        this.tools = new ToolBackend(config.tools(), sampler, loop);
        this.tts = new TtsPool(config.tts(), loop);
    }

    /** Opens a call; safe from any thread. */
    public AgentCall open(CallSetup setup, AgentCallListener listener) {
        ReferenceCall call = new ReferenceCall(this, setup.callId(), listener);
        loop.execute(call::open);
        return call;
    }

    int nextTicket() {
        return nextTicket++;
    }

    @Override
    public void close() {
        loop.close();
    }
}
