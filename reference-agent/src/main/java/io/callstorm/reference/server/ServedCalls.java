package io.callstorm.reference.server;

import io.callstorm.simulate.connect.AgentConnector;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The calls the server holds on its one agent (the reference agent; any connector in tests): chat sessions by id (SSE) and media sessions (WebSocket). Touched
 * from every event loop and the reaper, hence concurrent collections; nothing here blocks.
 */
final class ServedCalls {
    private final AgentConnector agent;
    private final Map<String, ChatSession> chats = new ConcurrentHashMap<>();
    private final Set<MediaSession> media = ConcurrentHashMap.newKeySet();
    private final AtomicInteger streamIds = new AtomicInteger();

    ServedCalls(AgentConnector agent) {
        this.agent = agent;
    }

    AgentConnector agent() {
        return agent;
    }

    /** The chat session {@code id}, opened by its first request. */
    ChatSession chat(String id) {
        return chats.computeIfAbsent(id, ChatSession::new);
    }

    /** Hangs up chat session {@code id}; false if there was none. */
    boolean endChat(String id) {
        ChatSession s = chats.remove(id);
        if (s != null) {
            s.end();
        }
        return s != null;
    }

    /** Hangs up chat sessions without a request for longer than {@code idleNanos}. */
    void reapIdle(long idleNanos) {
        long now = System.nanoTime();
        chats.values().removeIf(s -> {
            if (s.idleSince(now) > idleNanos) {
                s.end();
                return true;
            }
            return false;
        });
    }

    /** A distinct number for each chat response's id. */
    int nextResponseNumber() {
        return streamIds.incrementAndGet();
    }

    void opened(MediaSession s) {
        media.add(s);
    }

    void closed(MediaSession s) {
        media.remove(s);
    }

    int open() {
        return chats.size() + media.size();
    }

    /**
     * Hangs up every chat session. Media sessions end with their channels, on their own loops, when the server
     * closes its connections.
     */
    void endChats() {
        chats.values().forEach(ChatSession::end);
        chats.clear();
    }
}
