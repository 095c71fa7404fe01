package io.callstorm.reference.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callstorm.simulate.connect.AgentException;
import io.callstorm.simulate.connect.AgentReply;
import io.callstorm.tracing.ServerTiming;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * The whole answer to one chat request that did not ask for a stream ({@code stream} absent or false, as OpenAI
 * reads it): one {@code application/json} body, a {@code chat.completion} object, sent when the agent's answer is
 * complete. Because it leaves after every stage has finished, it carries a real {@code Server-Timing} header; the
 * body adds Callstorm's extension ({@code callstorm}: the same timings, annotations and tool results as a stream's
 * last chunk), which OpenAI clients keep as an unknown field.
 */
final class CompletionResponse extends ChatResponse {
    CompletionResponse(Channel channel, boolean keepAlive, ChatRequest request, int turnIndex, int number) {
        super(channel, keepAlive, request, turnIndex, number);
    }

    @Override
    void onFirstAudio() {
        // nothing to send before the whole answer
    }

    @Override
    void onReply(AgentReply reply) {
        Completion answer = Completion.of(reply, request);
        ObjectNode body = ReferenceAgentServer.JSON.createObjectNode();
        body.put("id", id).put("object", "chat.completion").put("created", createdSeconds)
                .put("model", request.model());
        ObjectNode choice = body.putArray("choices").addObject().put("index", 0);
        ObjectNode message = choice.putObject("message").put("role", "assistant");
        if (answer.content().isEmpty() && !answer.toolCalls().isEmpty()) {
            message.putNull("content"); // as OpenAI's, for a message that only calls tools
        } else {
            message.put("content", answer.content());
        }
        message.putNull("refusal");
        if (!answer.toolCalls().isEmpty()) {
            answer.putToolCalls(message.putArray("tool_calls"), number, false);
        }
        choice.putNull("logprobs").put("finish_reason", answer.finishReason());
        answer.putUsage(body.putObject("usage"));
        ReplyExtension.putInto(body.putObject("callstorm"), reply);

        FullHttpResponse r = HttpEndpoints.response(HttpResponseStatus.OK, "application/json", body.toString());
        ServerTiming timing = ReplyExtension.serverTiming(reply);
        if (!timing.isEmpty()) {
            r.headers().set(ServerTiming.HEADER_NAME, timing.toHeaderValue());
        }
        sendWhole(r);
    }

    @Override
    void onError(AgentException e) {
        sendWhole(OpenAiError.agent(e));
    }

    @Override
    void onAbandon() {
        sendSuperseded();
    }
}
