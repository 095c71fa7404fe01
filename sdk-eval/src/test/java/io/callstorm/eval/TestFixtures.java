package io.callstorm.eval;

import io.callstorm.core.CallStatus;
import io.callstorm.core.Conversation;
import io.callstorm.core.Outcome;
import io.callstorm.core.transcript.ToolCall;
import io.callstorm.core.transcript.ToolCallStatus;
import io.callstorm.core.transcript.Transcript;
import io.callstorm.core.transcript.TranscriptTurn;
import io.callstorm.eval.http.ResilienceConfig;

import java.time.Duration;
import java.util.List;

/** Conversations, keys and fast resilience settings shared by the sdk-eval tests. */
public final class TestFixtures {
    /** Fake keys; distinctive so that a leak is easy to find in logs and messages. */
    public static final String JUDGE_KEY = "sk-judge-TOPSECRET-4f1d9a";
    public static final String FI_API_KEY = "fi-api-TOPSECRET-77c2e0";
    public static final String FI_SECRET_KEY = "fi-secret-TOPSECRET-0b3a51";

    private TestFixtures() {
    }

    /** A short, good support call: account looked up, ticket filed. */
    public static Conversation goodCall(String callId) {
        return new Conversation(callId, "first-time-caller", "locked-out", Outcome.TICKET_CREATED,
                List.of("get_account_info", "create_ticket"), CallStatus.COMPLETED, Transcript.of(List.of(
                TranscriptTurn.caller("Hi, my account number is AC-10423.", 0),
                TranscriptTurn.agent("Thank you, I have your account.", 3000,
                        List.of(new ToolCall("get_account_info", ToolCallStatus.OK, 200, 1))),
                TranscriptTurn.caller("I'm locked out. Please open a ticket.", 6000),
                TranscriptTurn.agent("Of course, ticket TK-1 is open.", 9000,
                        List.of(new ToolCall("create_ticket", ToolCallStatus.OK, 300, 1))))));
    }

    /** Retries and protections fast enough for tests: short backoff, no jitter, short timeouts. */
    public static ResilienceConfig.Builder fastResilience() {
        return ResilienceConfig.custom()
                .callTimeout(Duration.ofSeconds(2))
                .maxAttempts(3)
                .initialBackoff(Duration.ofMillis(10))
                .maxBackoff(Duration.ofMillis(50))
                .jitter(0)
                .maxRetryAfter(Duration.ofSeconds(3))
                .maxWaitForPermit(Duration.ofSeconds(2))
                .slidingWindowSize(50)
                .minimumNumberOfCalls(50);
    }
}
