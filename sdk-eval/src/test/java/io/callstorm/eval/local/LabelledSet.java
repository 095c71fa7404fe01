package io.callstorm.eval.local;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callstorm.core.CallStatus;
import io.callstorm.core.Conversation;
import io.callstorm.core.Outcome;
import io.callstorm.core.transcript.Transcript;
import io.callstorm.core.transcript.TranscriptTurn;
import io.callstorm.eval.Evaluator;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The hand-labelled conversations under {@code labelled/}: {@code conversations.jsonl} (the first 45, the set
 * the first rules were written against), {@code dev.jsonl} and {@code dev2.jsonl} (the latter aimed at tone and
 * helpfulness) and {@code dev3.jsonl} (the same aim, a fourth author) make the development part the rules are
 * tuned on, with the first half of a fifth author's 150 ({@code dev4.jsonl}, written blind: from the rubric
 * meanings only, without reading the rules or the other sets);
 * {@code test.jsonl}, written separately from the same rubric meanings, and {@code test2.jsonl}, the second half of
 * the fifth author's, are the test part no rule is tuned on.
 */
final class LabelledSet {
    /** One line: a conversation plus a reviewer's verdict per rubric and, for each fail, the turn it went wrong. */
    record LabelledConversation(String callId, String note, String personaId, String pathId,
                                Outcome expectedOutcome, List<String> expectedToolCalls, CallStatus status,
                                List<TranscriptTurn> turns, Map<String, Boolean> labels,
                                Map<String, Integer> failingTurns) {
        LabelledConversation {
            failingTurns = failingTurns == null ? Map.of() : Map.copyOf(failingTurns);
        }

        Conversation toConversation() {
            return new Conversation(callId, personaId, pathId, expectedOutcome, expectedToolCalls, status,
                    Transcript.of(turns));
        }
    }

    /** Agreement of one scorer with the labels of one part. */
    record Agreement(String rubric, int agreed, int total, double kappa, List<String> disagreements) {
        double share() {
            return total == 0 ? 0 : (double) agreed / total;
        }
    }

    private LabelledSet() {
    }

    static List<LabelledConversation> development() {
        List<LabelledConversation> dev = new ArrayList<>(load("/labelled/conversations.jsonl"));
        dev.addAll(load("/labelled/dev.jsonl"));
        dev.addAll(load("/labelled/dev2.jsonl"));
        dev.addAll(load("/labelled/dev3.jsonl"));
        dev.addAll(load("/labelled/dev4.jsonl"));
        return dev;
    }

    /** The held-out test part: every file of {@link #testFiles()}. */
    static List<LabelledConversation> test() {
        List<LabelledConversation> test = new ArrayList<>();
        testFiles().values().forEach(test::addAll);
        return test;
    }

    /** The test part by file: each is one author's, so agreement per file shows how the rules carry to a new one. */
    static Map<String, List<LabelledConversation>> testFiles() {
        Map<String, List<LabelledConversation>> files = new java.util.LinkedHashMap<>();
        files.put("test.jsonl", load("/labelled/test.jsonl"));
        files.put("test2.jsonl", load("/labelled/test2.jsonl"));
        return files;
    }

    static Agreement agreement(Evaluator evaluator, List<LabelledConversation> part) {
        int agreed = 0;
        int labelYes = 0;
        int scoredYes = 0;
        List<String> disagreements = new ArrayList<>();
        for (LabelledConversation labelled : part) {
            var result = evaluator.evaluate(labelled.toConversation());
            boolean label = labelled.labels().get(evaluator.rubric());
            labelYes += label ? 1 : 0;
            scoredYes += result.passed() ? 1 : 0;
            if (result.passed() == label) {
                agreed++;
            } else {
                disagreements.add(labelled.callId() + " (" + labelled.note() + "): label " + label + ", scored "
                        + result.passed() + " - " + result.reasonWithTurn());
            }
        }
        int n = part.size();
        double observed = (double) agreed / n;
        double chance = ((double) labelYes / n) * ((double) scoredYes / n)
                + (1 - (double) labelYes / n) * (1 - (double) scoredYes / n);
        double kappa = chance >= 1.0 ? (observed == 1.0 ? 1.0 : 0.0) : (observed - chance) / (1 - chance);
        return new Agreement(evaluator.rubric(), agreed, n, kappa, disagreements);
    }

    private static List<LabelledConversation> load(String resource) {
        ObjectMapper mapper = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
        List<LabelledConversation> set = new ArrayList<>();
        try (InputStream in = LabelledSet.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isBlank()) {
                    set.add(mapper.readValue(line, LabelledConversation.class));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(resource, e);
        }
        return set;
    }
}
