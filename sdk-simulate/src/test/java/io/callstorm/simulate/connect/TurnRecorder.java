package io.callstorm.simulate.connect;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Records one turn's events from an agent as futures, for tests that drive a connector by hand: its first audio,
 * its reply, its error. Override a method to record more.
 */
public class TurnRecorder implements AgentCallListener {
    public final CompletableFuture<Long> firstAudio = new CompletableFuture<>();
    public final CompletableFuture<AgentReply> reply = new CompletableFuture<>();
    public final CompletableFuture<AgentException> error = new CompletableFuture<>();

    @Override
    public void onFirstAudio(int turnIndex, long atNanos) {
        firstAudio.complete(atNanos);
    }

    @Override
    public void onReply(AgentReply r) {
        reply.complete(r);
    }

    @Override
    public void onError(int turnIndex, AgentException e) {
        error.complete(e);
    }

    /** The reply; the agent's error, thrown, when it came first. */
    public AgentReply awaitReply(Duration timeout) throws Exception {
        Object first = CompletableFuture.anyOf(reply, error).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (first instanceof AgentException e) {
            throw e;
        }
        return (AgentReply) first;
    }
}
