package io.callstorm.reference.server;

import io.callstorm.simulate.connect.AgentCall;
import io.callstorm.simulate.connect.AgentCallListener;
import io.callstorm.simulate.connect.AgentException;
import io.callstorm.simulate.connect.AgentReply;

import java.util.function.Supplier;

/**
 * One caller's call on the served agent: the agent-side call and the response of the turn in progress (streamed
 * or whole). Requests arrive on the server's event loops, agent events on the agent's loop; both take the lock only
 * to read or swap the current response (never around I/O: a response posts its writes to its connection's loop).
 */
final class ChatSession implements AgentCallListener {
    private final String id;
    private AgentCall call; // guarded by this
    private ChatResponse current; // guarded by this
    private boolean ended; // guarded by this
    private volatile long lastUsedNanos = System.nanoTime();

    ChatSession(String id) {
        this.id = id;
    }

    /** A new request for this call: it becomes the response the agent's answer goes to. */
    synchronized void begin(ChatResponse response, Supplier<AgentCall> opener) {
        lastUsedNanos = System.nanoTime();
        if (current != null) {
            current.abandon(); // the caller gave up on the previous turn (timeout or retry)
        }
        current = response;
        if (call == null) {
            call = opener.get();
        }
        if (ended) {
            response.abandon();
        }
    }

    synchronized AgentCall call() {
        return call;
    }

    long idleSince(long nowNanos) {
        synchronized (this) {
            if (current != null) {
                return 0; // a turn in progress is not idle
            }
        }
        return nowNanos - lastUsedNanos;
    }

    /** Hangs up the agent-side call. */
    void end() {
        AgentCall c;
        ChatResponse s;
        synchronized (this) {
            if (ended) {
                return;
            }
            ended = true;
            c = call;
            s = current;
            current = null;
        }
        if (s != null) {
            s.abandon();
        }
        if (c != null) {
            c.hangUp();
        }
    }

    private synchronized ChatResponse responseFor(int turn, boolean finished) {
        ChatResponse s = current;
        if (s == null || s.turnIndex() != turn) {
            return null;
        }
        if (finished) {
            current = null;
            lastUsedNanos = System.nanoTime();
        }
        return s;
    }

    @Override
    public void onFirstAudio(int turnIndex, long atNanos) {
        ChatResponse s = responseFor(turnIndex, false);
        if (s != null) {
            s.firstAudio();
        }
    }

    @Override
    public void onReply(AgentReply reply) {
        ChatResponse s = responseFor(reply.turnIndex(), true);
        if (s != null) {
            s.reply(reply);
        }
    }

    @Override
    public void onError(int turnIndex, AgentException error) {
        ChatResponse s = responseFor(turnIndex, true);
        if (s != null) {
            s.error(error);
        }
    }

    @Override
    public String toString() {
        return "ChatSession{" + id + '}';
    }
}
