package io.callstorm.sidebyside;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.constantConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.rampConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.regex;
import static io.gatling.javaapi.core.CoreDsl.repeat;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.CoreDsl;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * Gatling's half of the side-by-side benchmark: the profile Callstorm runs against the same target (see run.sh).
 *
 * <p>Closed model: {@code users} concurrent virtual users, ramped from 0 over {@code ramp} seconds, then held for
 * {@code hold} seconds. Each user is one call of {@code turns} turns: a pause of {@code pauseMs} (the caller
 * listening, thinking and speaking), then a streaming chat-completions POST whose body carries the call's whole
 * message history, as a voice agent's LLM request does, and whose SSE stream is read to the end ({@code data:
 * [DONE]}); the reply's text, taken from the stream's deltas, joins the history for the next turn.
 *
 * <p>The stream is read as one HTTP response with a regex over its deltas, not through Gatling's SSE actions: the
 * lightest way Gatling reads it, on one keep-alive connection per user (its SSE actions open a stream per request and
 * hand each event to the session), so the comparison errs in Gatling's favour.
 *
 * <p>System properties: {@code target} (base URL, default {@code http://127.0.0.1:8099}), {@code users}, {@code ramp},
 * {@code hold} (seconds), {@code turns}, {@code pauseMs}.
 */
public class VoiceCallSimulation extends Simulation {

    private static final String TARGET = System.getProperty("target", "http://127.0.0.1:8099");
    private static final int USERS = Integer.getInteger("users", 1000);
    private static final int RAMP_SECONDS = Integer.getInteger("ramp", 60);
    private static final int HOLD_SECONDS = Integer.getInteger("hold", 60);
    private static final int TURNS = Integer.getInteger("turns", 5);
    private static final int PAUSE_MS = Integer.getInteger("pauseMs", 2000);

    private static final String SYSTEM_PROMPT = "You are a customer support agent for an airline. Be brief and"
            + " polite, confirm what you changed, and ask one question at a time.";

    /** What the caller says at each turn; a call longer than the list says the last one again. */
    private static final List<String> CALLER_TURNS = List.of(
            "Hi, I need to change my flight booking, the reference is X Y 4 2 7.",
            "Yes, the flight on Wednesday morning to Denver, can it move to Friday?",
            "Friday at ten works for me, please go ahead and change it.",
            "Great, can you send the confirmation to my email address as well?",
            "No, that is everything, thank you for your help today.",
            "Thanks again, goodbye.");

    private static final String HISTORY = "history";
    private static final String DELTAS = "deltas";

    private final HttpProtocolBuilder protocol = http.baseUrl(TARGET)
            .contentTypeHeader("application/json")
            .acceptHeader("text/event-stream")
            .userAgentHeader("gatling-side-by-side");

    private final ScenarioBuilder call = scenario("voice call")
            .exec(session -> session.set(HISTORY, message("system", SYSTEM_PROMPT)))
            .exec(repeat(TURNS, "turn").on(
                    pause(Duration.ofMillis(PAUSE_MS)),
                    exec(session -> {
                        int turn = session.getInt("turn");
                        String said = CALLER_TURNS.get(Math.min(turn, CALLER_TURNS.size() - 1));
                        return session.set(HISTORY, session.getString(HISTORY) + ',' + message("user", said));
                    }),
                    http("turn").post("/v1/chat/completions")
                            .body(StringBody(session -> "{\"model\":\"callstorm-agent\",\"stream\":true,"
                                    + "\"messages\":[" + session.getString(HISTORY) + "]}"))
                            .check(status().is(200))
                            .check(regex("\"content\":\"((?:[^\"\\\\]|\\\\.)*)\"").findAll().saveAs(DELTAS)),
                    exec(VoiceCallSimulation::heard)));

    {
        setUp(call.injectClosed(
                        rampConcurrentUsers(0).to(USERS).during(Duration.ofSeconds(RAMP_SECONDS)),
                        constantConcurrentUsers(USERS).during(Duration.ofSeconds(HOLD_SECONDS))))
                .protocols(protocol);
    }

    /** The agent's reply, joined from the stream's deltas (still JSON-escaped), enters the history. */
    private static Session heard(Session session) {
        List<String> deltas = session.getList(DELTAS);
        StringBuilder reply = new StringBuilder();
        for (String d : deltas) {
            reply.append(d);
        }
        String history = session.getString(HISTORY) + ",{\"role\":\"assistant\",\"content\":\"" + reply + "\"}";
        return session.set(HISTORY, history).remove(DELTAS);
    }

    private static String message(String role, String content) {
        return "{\"role\":\"" + role + "\",\"content\":\"" + content.replace("\\", "\\\\").replace("\"", "\\\"")
                + "\"}";
    }

    /** A session function as a step of the chain (CoreDsl's exec, typed for the lambdas above). */
    private static ChainBuilder exec(Function<Session, Session> f) {
        return CoreDsl.exec(f);
    }
}
