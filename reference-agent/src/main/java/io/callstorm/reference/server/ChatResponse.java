package io.callstorm.reference.server;

import io.callstorm.simulate.connect.AgentException;
import io.callstorm.simulate.connect.AgentReply;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;

import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;

/**
 * The answer to one chat request, produced by the agent on its own loop: streamed as server-sent events
 * ({@link SseStream}, {@code stream: true}) or sent whole as one {@code chat.completion} ({@link CompletionResponse},
 * {@code stream} absent or false, as with OpenAI).
 *
 * <p>Events come from the agent's loop and from the server's (a superseded or ended session). Each is posted to
 * the connection's event loop, which then owns the response's state and writes without locks, in the order posted;
 * posting is what {@code writeAndFlush} from a foreign thread does anyway, so the agent's loop never waits on a
 * socket.
 */
abstract class ChatResponse {
    final Channel channel;
    final boolean keepAlive;
    final ChatRequest request;
    final int number;
    final String id;
    final long createdSeconds = System.currentTimeMillis() / 1000;
    private final int turnIndex;
    private boolean closed; // event loop only

    ChatResponse(Channel channel, boolean keepAlive, ChatRequest request, int turnIndex, int number) {
        this.channel = channel;
        this.keepAlive = keepAlive;
        this.request = request;
        this.turnIndex = turnIndex;
        this.number = number;
        this.id = "chatcmpl-cs" + number;
    }

    /** The response {@code request} asks for; {@code number} tells its id from every other response's. */
    static ChatResponse of(Channel channel, boolean keepAlive, ChatRequest request, int turnIndex, int number) {
        return request.stream() ? new SseStream(channel, keepAlive, request, turnIndex, number)
                : new CompletionResponse(channel, keepAlive, request, turnIndex, number);
    }

    /** The caller turn this answers. */
    final int turnIndex() {
        return turnIndex;
    }

    final void firstAudio() {
        post(this::onFirstAudio);
    }

    final void reply(AgentReply reply) {
        post(() -> onReply(reply));
    }

    final void error(AgentException e) {
        post(() -> onError(e));
    }

    /** The client went away or was superseded: end the response without an answer. */
    final void abandon() {
        post(this::onAbandon);
    }

    /** The agent's first audio is ready (its answer is not yet complete). */
    abstract void onFirstAudio();

    abstract void onReply(AgentReply reply);

    abstract void onError(AgentException e);

    abstract void onAbandon();

    /** Later events are dropped: the response is complete. */
    final void markClosed() {
        closed = true;
    }

    /** Sends a complete response, the last thing this response sends. */
    final void sendWhole(FullHttpResponse r) {
        closed = true;
        HttpEndpoints.send(channel, keepAlive, r);
    }

    /** A response superseded before anything was sent: 499, the status for a request its client gave up. */
    final void sendSuperseded() {
        sendWhole(HttpEndpoints.response(HttpResponseStatus.valueOf(499), "application/json",
                OpenAiError.body("superseded by a newer request of the same session", "cancelled",
                        Optional.empty(), Optional.empty()).toString()));
    }

    private void post(Runnable action) {
        try {
            channel.eventLoop().execute(() -> {
                if (closed) {
                    return;
                }
                if (!channel.isActive()) {
                    closed = true; // the client hung up mid-answer
                    return;
                }
                action.run();
            });
        } catch (RejectedExecutionException shuttingDown) {
            // the server is closing; its connections close with their loops
        }
    }
}
