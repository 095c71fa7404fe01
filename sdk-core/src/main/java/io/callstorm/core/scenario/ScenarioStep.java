package io.callstorm.core.scenario;

import java.util.List;
import java.util.Objects;

/**
 * One caller step of a scenario path: the caller's intent, what the caller says (one or more phrasings;
 * the row's variation picks one), and the tool calls a correct agent makes in answer.
 *
 * <p>Phrasings may hold the placeholder {@code {account}}, replaced by the row's account number, and {@code {name}}
 * for each fact the path declares ({@link ScenarioPath#callerFacts()}), replaced by the row's value of it.
 *
 * @param intent            a short label such as {@code billing_question}
 * @param phrasings         the ways a caller may say it; at least one
 * @param expectedToolCalls tool names a correct agent calls in answer to this step
 */
public record ScenarioStep(String intent, List<String> phrasings, List<String> expectedToolCalls) {
    public ScenarioStep {
        Objects.requireNonNull(intent, "intent");
        phrasings = List.copyOf(phrasings);
        expectedToolCalls = List.copyOf(expectedToolCalls);
    }

    /** A step with one phrasing. */
    public static ScenarioStep of(String intent, String utterance, String... expectedToolCalls) {
        return new ScenarioStep(intent, List.of(utterance), List.of(expectedToolCalls));
    }

    /** A step with several phrasings, picked by the row's variation. */
    public static ScenarioStep of(String intent, List<String> phrasings, String... expectedToolCalls) {
        return new ScenarioStep(intent, phrasings, List.of(expectedToolCalls));
    }
}
