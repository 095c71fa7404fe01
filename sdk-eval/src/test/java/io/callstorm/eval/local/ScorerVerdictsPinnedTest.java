package io.callstorm.eval.local;

import io.callstorm.core.Conversation;
import io.callstorm.eval.EvalResult;
import io.callstorm.eval.Evaluator;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pins every verdict of the local scorers on every labelled conversation (pass or fail, score, failing turn and
 * reason) to {@code labelled/pinned-verdicts.tsv}, so that work on how fast they score cannot change what they
 * say. The labels are not compared here ({@link LabelledConversationsTest} does that), only the scorers against
 * themselves.
 *
 * <p>When a rule is changed on purpose, the new verdicts are in {@code target/pinned-verdicts.tsv} after a run:
 * review the difference and copy that file over the pinned one.
 */
class ScorerVerdictsPinnedTest {
    private static final String PINNED = "/labelled/pinned-verdicts.tsv";

    @Test
    void everyVerdictIsTheOnePinned() throws IOException {
        List<String> actual = verdicts();
        Path written = Path.of("target", "pinned-verdicts.tsv");
        Files.createDirectories(written.getParent());
        Files.write(written, actual, StandardCharsets.UTF_8);

        assertThat(actual).as("verdicts against %s (the current ones are in %s)", PINNED, written.toAbsolutePath())
                .containsExactlyElementsOf(pinned());
    }

    /** One line per conversation and rubric, in file order: call id, rubric, status, score, failing turn, reason. */
    private static List<String> verdicts() {
        List<LabelledSet.LabelledConversation> all = new ArrayList<>(LabelledSet.development());
        all.addAll(LabelledSet.test());
        List<String> lines = new ArrayList<>();
        for (LabelledSet.LabelledConversation labelled : all) {
            Conversation conversation = labelled.toConversation();
            for (Evaluator evaluator : LocalEvaluators.all()) {
                EvalResult r = evaluator.evaluate(conversation);
                lines.add(String.join("\t", labelled.callId(), r.rubric(), r.status().name(),
                        Double.toString(r.score()),
                        r.failingTurn().isPresent() ? Integer.toString(r.failingTurn().getAsInt()) : "-",
                        oneLine(r.reason())));
            }
        }
        return lines;
    }

    /** A reason quotes a turn, which may hold tabs and line breaks: escaped, so that one verdict is one line. */
    private static String oneLine(String text) {
        return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
    }

    private static List<String> pinned() throws IOException {
        try (InputStream in = ScorerVerdictsPinnedTest.class.getResourceAsStream(PINNED)) {
            assertThat(in).as("test resource %s", PINNED).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }
}
