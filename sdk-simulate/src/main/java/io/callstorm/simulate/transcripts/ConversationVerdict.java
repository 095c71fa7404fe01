package io.callstorm.simulate.transcripts;

import io.callstorm.eval.EvalResult;
import io.callstorm.eval.transcripts.ConversationLine;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One conversation of a transcript file and its results: a line of {@code verdicts.jsonl}.
 *
 * @param conversation  the line read
 * @param actualOutcome the outcome read from the transcript (see docs/eval.md, {@code conversation_resolution})
 * @param results       one result per rubric, in the evaluators' order; empty when the conversation was not scored
 *                      (the scoring ran out of time)
 */
public record ConversationVerdict(ConversationLine conversation, String actualOutcome, List<EvalResult> results) {
    public ConversationVerdict {
        Objects.requireNonNull(conversation, "conversation");
        Objects.requireNonNull(actualOutcome, "actualOutcome");
        results = List.copyOf(results);
    }

    /** Whether it was scored: false only when the scoring ran out of time before reaching it. */
    public boolean scored() {
        return !results.isEmpty();
    }

    /** Whether every rubric passed: false when any failed or ended in an error, or when it was not scored. */
    public boolean passed() {
        return scored() && results.stream().allMatch(EvalResult::passed);
    }

    /** The result of one rubric, if it was scored. */
    public Optional<EvalResult> result(String rubric) {
        return results.stream().filter(r -> r.rubric().equals(rubric)).findFirst();
    }
}
