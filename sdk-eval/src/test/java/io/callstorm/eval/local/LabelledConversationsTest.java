package io.callstorm.eval.local;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callstorm.core.CallStatus;
import io.callstorm.core.Conversation;
import io.callstorm.core.Outcome;
import io.callstorm.core.transcript.Transcript;
import io.callstorm.core.transcript.TranscriptTurn;
import io.callstorm.eval.EvalResult;
import io.callstorm.eval.Evaluator;
import io.callstorm.eval.Rubrics;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks the local evaluators against conversations a person labelled by reading them
 * ({@code labelled/conversations.jsonl}). The labels say what a reviewer thinks, not what the rules
 * compute, so agreement below {@link #MIN_AGREEMENT} means a rule needs work, not the labels.
 */
class LabelledConversationsTest {
    private static final double MIN_AGREEMENT = 0.90;
    private static final String RESOURCE = "/labelled/conversations.jsonl";

    /** One line of the labelled set: a conversation plus a reviewer's verdict per rubric. */
    record LabelledConversation(String callId, String note, String personaId, String pathId,
                                Outcome expectedOutcome, List<String> expectedToolCalls, CallStatus status,
                                List<TranscriptTurn> turns, Map<String, Boolean> labels) {
        Conversation toConversation() {
            return new Conversation(callId, personaId, pathId, expectedOutcome, expectedToolCalls, status,
                    Transcript.of(turns));
        }
    }

    @Test
    void everyScorerAgreesWithTheReviewerLabels() throws IOException {
        List<LabelledConversation> set = load();
        assertThat(set).hasSizeGreaterThanOrEqualTo(40);
        assertThat(set).allSatisfy(l -> assertThat(l.labels()).containsOnlyKeys(Rubrics.CORE));

        List<String> belowBar = new ArrayList<>();
        for (Evaluator evaluator : LocalEvaluators.all()) {
            int agreed = 0;
            List<String> disagreements = new ArrayList<>();
            for (LabelledConversation labelled : set) {
                EvalResult result = evaluator.evaluate(labelled.toConversation());
                boolean label = labelled.labels().get(evaluator.rubric());
                if (result.passed() == label) {
                    agreed++;
                } else {
                    disagreements.add("    " + labelled.callId() + " (" + labelled.note() + "): label " + label
                            + ", scored " + result.passed() + " - " + result.reason());
                }
            }
            double agreement = (double) agreed / set.size();
            System.out.printf(Locale.ROOT, "%s agreement %.1f%% (%d/%d)%n", evaluator.rubric(), agreement * 100,
                    agreed, set.size());
            disagreements.forEach(System.out::println);
            if (agreement < MIN_AGREEMENT) {
                belowBar.add(evaluator.rubric());
            }
        }
        assertThat(belowBar).as("rubrics whose agreement with the labels is below %.0f%%", MIN_AGREEMENT * 100)
                .isEmpty();
    }

    private static List<LabelledConversation> load() throws IOException {
        ObjectMapper mapper = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
        List<LabelledConversation> set = new ArrayList<>();
        try (InputStream in = LabelledConversationsTest.class.getResourceAsStream(RESOURCE)) {
            assertThat(in).as(RESOURCE).isNotNull();
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isBlank()) {
                    set.add(mapper.readValue(line, LabelledConversation.class));
                }
            }
        }
        return set;
    }
}
