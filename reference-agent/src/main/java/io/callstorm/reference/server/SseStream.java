package io.callstorm.reference.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callstorm.simulate.connect.AgentException;
import io.callstorm.simulate.connect.AgentReply;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;

import java.util.ArrayList;
import java.util.List;

/**
 * The streamed answer to one chat request ({@code stream: true}): {@code chat.completion.chunk} events as HTTP/1.1
 * chunks, ended by {@code data: [DONE]}. Headers are held back until the first event: an error before first audio
 * is still a proper status (429 with Retry-After, 5xx). The first chunk is sent when the agent's first audio is
 * ready; the last one before {@code [DONE]} (or the usage chunk, with {@code stream_options.include_usage}) carries
 * the finish reason and Callstorm's extension.
 */
final class SseStream extends ChatResponse {
    private static final String DONE = "data: [DONE]\n\n";

    private boolean started; // event loop only: the 200 and its headers are written

    SseStream(Channel channel, boolean keepAlive, ChatRequest request, int turnIndex, int number) {
        super(channel, keepAlive, request, turnIndex, number);
    }

    @Override
    void onFirstAudio() {
        ObjectNode chunk = chunk();
        delta(chunk).put("role", "assistant").put("content", "");
        chunk.putObject("callstorm").put("first_audio", true);
        write(chunk);
        channel.flush();
    }

    @Override
    void onReply(AgentReply reply) {
        Completion answer = Completion.of(reply, request);
        if (!answer.toolCalls().isEmpty()) {
            ObjectNode chunk = chunk();
            answer.putToolCalls(delta(chunk).putArray("tool_calls"), number, true);
            write(chunk);
        }
        for (String piece : pieces(answer.content())) {
            ObjectNode chunk = chunk();
            delta(chunk).put("content", piece);
            write(chunk);
        }
        ObjectNode last = chunk();
        delta(last);
        ((ObjectNode) last.get("choices").get(0)).put("finish_reason", answer.finishReason());
        ReplyExtension.putInto(last.putObject("callstorm"), reply);
        write(last);
        if (request.includeUsage()) {
            // as OpenAI: one more chunk, with no choices, carries the usage of the whole answer
            ObjectNode usage = head();
            usage.putArray("choices");
            answer.putUsage(usage.putObject("usage"));
            write(usage);
        }
        channel.write(new DefaultHttpContent(ByteBufUtil.writeAscii(channel.alloc(), DONE)));
        finish();
    }

    @Override
    void onError(AgentException e) {
        if (!started) {
            sendWhole(OpenAiError.agent(e));
            return;
        }
        write(OpenAiError.agentBody(e));
        finish();
    }

    @Override
    void onAbandon() {
        finish();
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
        if (!started) {
            sendSuperseded();
            return;
        }
        markClosed();
        ChannelFuture f = channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
        if (!keepAlive) {
            f.addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** A chunk's fields besides its choices; with {@code include_usage}, {@code usage} is null until the last. */
    private ObjectNode head() {
        ObjectNode c = ReferenceAgentServer.JSON.createObjectNode();
        c.put("id", id).put("object", "chat.completion.chunk").put("created", createdSeconds)
                .put("model", request.model());
        return c;
    }

    private ObjectNode chunk() {
        ObjectNode c = head();
        c.putArray("choices").addObject().put("index", 0).putNull("finish_reason");
        if (request.includeUsage()) {
            c.putNull("usage");
        }
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
