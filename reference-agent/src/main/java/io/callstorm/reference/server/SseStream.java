package io.callstorm.reference.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callstorm.core.Stage;
import io.callstorm.core.transcript.ToolCall;
import io.callstorm.simulate.connect.AgentErrorKind;
import io.callstorm.simulate.connect.AgentException;
import io.callstorm.simulate.connect.AgentReply;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;

/**
 * The streamed answer to one chat request, in the OpenAI chunk format, as HTTP/1.1 chunks. Headers are held back
 * until the first event: an error before first audio is still a proper status (429 with Retry-After, 5xx).
 *
 * <p>Events come from the agent's loop and from the server's (a superseded or ended session). Each is posted to
 * the connection's event loop, which then owns the stream's state and writes without locks, in the order posted;
 * posting is what {@code writeAndFlush} from a foreign thread does anyway, so the agent's loop never waits on a
 * socket.
 */
final class SseStream {
    private static final String DONE = "data: [DONE]\n\n";

    private final Channel channel;
    private final boolean keepAlive;
    private final int turnIndex;
    private final String model;
    private final String id;
    private final long created = System.currentTimeMillis() / 1000;
    private boolean started; // event loop only: the 200 and its headers are written
    private boolean closed; // event loop only

    SseStream(Channel channel, boolean keepAlive, int turnIndex, String model, int idNumber) {
        this.channel = channel;
        this.keepAlive = keepAlive;
        this.turnIndex = turnIndex;
        this.model = model;
        this.id = "chatcmpl-cs" + idNumber;
    }

    int turnIndex() {
        return turnIndex;
    }

    void firstAudio() {
        run(() -> {
            ObjectNode chunk = chunk();
            delta(chunk).put("role", "assistant").put("content", "");
            chunk.putObject("callstorm").put("first_audio", true);
            write(chunk);
            channel.flush();
        });
    }

    void reply(AgentReply reply) {
        run(() -> {
            List<ToolCall> tools = reply.toolCalls();
            if (!tools.isEmpty()) {
                ObjectNode chunk = chunk();
                ArrayNode calls = delta(chunk).putArray("tool_calls");
                for (int i = 0; i < tools.size(); i++) {
                    ObjectNode c = calls.addObject().put("index", i).put("id", id + "-tool" + i).put("type", "function");
                    c.putObject("function").put("name", tools.get(i).name()).put("arguments", "{}");
                }
                write(chunk);
            }
            for (String piece : pieces(reply.text())) {
                ObjectNode chunk = chunk();
                delta(chunk).put("content", piece);
                write(chunk);
            }
            ObjectNode last = chunk();
            delta(last);
            ((ObjectNode) last.get("choices").get(0)).put("finish_reason", "stop");
            ReplyExtension.putInto(last.putObject("callstorm"), reply);
            write(last);
            channel.write(new DefaultHttpContent(ByteBufUtil.writeAscii(channel.alloc(), DONE)));
            finish();
        });
    }

    void error(AgentException e) {
        run(() -> {
            String stage = e.stage().map(Stage::wireName).orElse("");
            String type = e.kind() == AgentErrorKind.RATE_LIMITED ? "rate_limit_error" : "server_error";
            if (!started) {
                int status = e.kind() == AgentErrorKind.RATE_LIMITED ? 429 : e.status().orElse(500);
                if (status < 400) {
                    status = 500;
                }
                ObjectNode body = ReferenceAgentServer.JSON.createObjectNode();
                body.putObject("error").put("message", String.valueOf(e.getMessage())).put("type", type)
                        .put("stage", stage);
                FullHttpResponse r = HttpEndpoints.response(HttpResponseStatus.valueOf(status), "application/json",
                        body.toString());
                e.retryAfter().ifPresent(d -> {
                    r.headers().set(HttpHeaderNames.RETRY_AFTER, Long.toString(Math.max(1, (d.toMillis() + 999) / 1000)));
                    r.headers().set("retry-after-ms", Long.toString(Math.max(1, d.toMillis())));
                });
                if (!stage.isEmpty()) {
                    r.headers().set("X-Callstorm-Stage", stage);
                }
                closed = true;
                HttpEndpoints.send(channel, keepAlive, r);
                return;
            }
            ObjectNode chunk = ReferenceAgentServer.JSON.createObjectNode();
            chunk.putObject("error").put("message", String.valueOf(e.getMessage())).put("type", type)
                    .put("stage", stage);
            write(chunk);
            finish();
        });
    }

    /** The client went away or was superseded: end the response without an answer. */
    void abandon() {
        run(this::finish);
    }

    private void run(Runnable action) {
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

    private void write(ObjectNode chunk) {
        if (!started) {
            started = true;
            HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
            head.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream");
            head.headers().set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_CACHE);
            HttpUtil.setTransferEncodingChunked(head, true);
            HttpUtil.setKeepAlive(head, keepAlive);
            channel.write(head);
        }
        channel.write(new DefaultHttpContent(ByteBufUtil.writeUtf8(channel.alloc(), "data: " + chunk + "\n\n")));
    }

    /** Ends the response: the last chunk, or a 499 if nothing was sent yet. */
    private void finish() {
        closed = true;
        if (!started) {
            HttpEndpoints.send(channel, keepAlive, HttpEndpoints.response(HttpResponseStatus.valueOf(499),
                    "application/json", HttpEndpoints.error("superseded", "cancelled")));
            return;
        }
        ChannelFuture f = channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
        if (!keepAlive) {
            f.addListener(ChannelFutureListener.CLOSE);
        }
    }

    private ObjectNode chunk() {
        ObjectNode c = ReferenceAgentServer.JSON.createObjectNode();
        c.put("id", id).put("object", "chat.completion.chunk").put("created", created).put("model", model);
        c.putArray("choices").addObject().put("index", 0).putNull("finish_reason");
        return c;
    }

    private static ObjectNode delta(ObjectNode chunk) {
        return ((ObjectNode) chunk.get("choices").get(0)).putObject("delta");
    }

    /** The text in a few chunks of words, as a model streams it. */
    private static List<String> pieces(String text) {
        String[] words = text.split(" ");
        List<String> out = new ArrayList<>(4);
        int per = Math.max(1, (words.length + 3) / 4);
        for (int i = 0; i < words.length; i += per) {
            StringBuilder sb = new StringBuilder();
            for (int j = i; j < Math.min(words.length, i + per); j++) {
                sb.append(j == 0 ? "" : " ").append(words[j]);
            }
            out.add(sb.toString());
        }
        return out;
    }
}
