package io.callstorm.simulate.connect.http;

import java.net.URI;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where an OpenAI-compatible agent takes a turn ({@code chatCompletions}) and a hang-up ({@code sessions}), from the
 * URL a user gave. People paste the URL they give an OpenAI client, whose base URL carries the version
 * ({@code http://host/v1}), as often as a server's root ({@code http://host}) or the full endpoint; all three reach
 * the same {@code /v1/chat/completions}, where appending the default path to the first once gave
 * {@code /v1/v1/chat/completions}:
 * <ul>
 *   <li>a path ending in {@code /chat/completions}: used as it is;</li>
 *   <li>a path ending in a version segment ({@code /v1}, {@code /openai/v1}): {@code /chat/completions} is added,
 *   as OpenAI's clients add it;</li>
 *   <li>any other path, or none: {@value HttpSseConnector#DEFAULT_PATH} is added (the URL is the server's root or a
 *   prefix in front of it).</li>
 * </ul>
 * A path set on the builder is added to the URL as it is. The URL's query, if any, is kept on the chat endpoint.
 *
 * @param chatCompletions the POST endpoint of every turn
 * @param sessions        the prefix of {@code DELETE {sessions}{callId}} at a hang-up
 */
record ChatEndpoints(URI chatCompletions, URI sessions) {
    private static final String CHAT = "/chat/completions";
    private static final Pattern VERSION = Pattern.compile(".*/v\\d+");

    static ChatEndpoints of(URI url, Optional<String> path) {
        String given = url.getRawPath() == null ? "" : url.getRawPath().replaceAll("/+$", "");
        String chat;
        String apiRoot; // the folder holding chat/completions and callstorm/sessions/
        if (path.isPresent()) {
            chat = given + path.get();
            apiRoot = given + "/v1";
        } else if (given.endsWith(CHAT)) {
            chat = given;
            apiRoot = given.substring(0, given.length() - CHAT.length());
        } else if (VERSION.matcher(given).matches()) {
            chat = given + CHAT;
            apiRoot = given;
        } else {
            chat = given + HttpSseConnector.DEFAULT_PATH;
            apiRoot = given + "/v1";
        }
        String origin = url.getScheme() + "://" + url.getRawAuthority();
        String query = url.getRawQuery() == null ? "" : "?" + url.getRawQuery();
        return new ChatEndpoints(URI.create(origin + chat + query), URI.create(origin + apiRoot
                + "/callstorm/sessions/"));
    }
}
