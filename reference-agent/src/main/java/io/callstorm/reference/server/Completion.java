package io.callstorm.reference.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callstorm.core.transcript.ToolCall;
import io.callstorm.core.transcript.Words;
import io.callstorm.simulate.connect.AgentReply;

import java.util.List;

/**
 * The agent's answer to one turn in OpenAI's terms, the same whether it is streamed or sent whole: the content (cut
 * at the request's {@code max_tokens}), the tool calls, the finish reason and the usage.
 *
 * <p>The tools already ran on the agent's side (their results travel in Callstorm's extension): the calls are
 * listed so that a client sees which tools answered the turn, and the finish reason is {@code tool_calls} when there
 * are any, as OpenAI's is; the content is the agent's spoken answer, not a request to run them. Token counts are
 * estimates ({@link ChatRequest#tokens(CharSequence)}), the prompt's over the request's messages as sent.
 *
 * @param content          what the agent said, as far as {@code max_tokens} allows
 * @param toolCalls        the tools the agent called for it
 * @param finishReason     {@code length} when the content was cut, else {@code tool_calls} when tools were
 *                         called, else {@code stop}
 * @param promptTokens     the request's messages, estimated
 * @param completionTokens the content and the tool calls, estimated
 */
record Completion(String content, List<ToolCall> toolCalls, String finishReason, int promptTokens,
                  int completionTokens) {
    Completion {
        toolCalls = List.copyOf(toolCalls);
    }

    static Completion of(AgentReply reply, ChatRequest request) {
        int toolTokens = 0;
        for (ToolCall t : reply.toolCalls()) {
            toolTokens += ChatRequest.tokens(t.name() + " " + t.arguments());
        }
        String text = reply.text();
        boolean cut = false;
        if (request.maxTokens().isPresent()) {
            // the tool calls count against the limit too, as OpenAI's do; the content gets the most words whose
            // estimate fits the rest: ceil(4w/3) <= rest
            int rest = Math.max(0, request.maxTokens().getAsInt() - toolTokens);
            String kept = firstWords(text, (int) (rest * 3L / 4));
            cut = Words.count(kept) < Words.count(text);
            text = kept;
        }
        String finish = cut ? "length" : reply.toolCalls().isEmpty() ? "stop" : "tool_calls";
        return new Completion(text, reply.toolCalls(), finish, request.promptTokens(),
                ChatRequest.tokens(text) + toolTokens);
    }

    /**
     * Adds the tool calls to {@code into} as OpenAI's {@code tool_calls} (function calls with their arguments as
     * JSON text); a stream's deltas also carry each call's {@code index}.
     */
    void putToolCalls(ArrayNode into, int responseNumber, boolean delta) {
        for (int i = 0; i < toolCalls.size(); i++) {
            ObjectNode c = into.addObject();
            if (delta) {
                c.put("index", i);
            }
            c.put("id", "call_cs" + responseNumber + "_" + i).put("type", "function");
            c.putObject("function").put("name", toolCalls.get(i).name()).put("arguments", toolCalls.get(i).arguments());
        }
    }

    /** OpenAI's {@code usage} object. */
    void putUsage(ObjectNode usage) {
        usage.put("prompt_tokens", promptTokens).put("completion_tokens", completionTokens)
                .put("total_tokens", promptTokens + completionTokens);
    }

    /** {@code text} up to the end of its {@code words}-th word, or whole when it has no more. */
    private static String firstWords(String text, int words) {
        int seen = 0;
        boolean inWord = false;
        for (int i = 0; i < text.length(); i++) {
            boolean space = Character.isWhitespace(text.charAt(i));
            if (space && inWord && ++seen == words) {
                return text.substring(0, i);
            }
            if (!space && !inWord && words == 0) {
                return "";
            }
            inWord = !space;
        }
        return text;
    }
}
