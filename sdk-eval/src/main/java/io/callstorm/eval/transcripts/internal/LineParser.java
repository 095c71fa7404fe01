package io.callstorm.eval.transcripts.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callstorm.core.Conversation;
import io.callstorm.core.Outcome;
import io.callstorm.core.transcript.Transcript;
import io.callstorm.core.transcript.TranscriptTurn;
import io.callstorm.eval.transcripts.ConversationLine;
import io.callstorm.eval.transcripts.LineFormat;
import io.callstorm.eval.transcripts.LineProblem;

import java.util.List;
import java.util.Optional;

/** Reads one line of a transcript file into a conversation, or lists every problem it has. Thread-safe. */
public final class LineParser {
    /** A line read: the conversation, or the problems that kept it from being one. */
    public record Parsed(Optional<ConversationLine> conversation, List<LineProblem> problems) {
    }

    private final ObjectMapper json;

    /** @param maxLineChars the longest line read; a JSON string may be as long */
    public LineParser(int maxLineChars) {
        JsonFactory factory = JsonFactory.builder().streamReadConstraints(StreamReadConstraints.builder()
                .maxStringLength(Math.max(maxLineChars, StreamReadConstraints.DEFAULT_MAX_STRING_LEN)).build()).build();
        this.json = new ObjectMapper(factory);
    }

    public Parsed parse(long lineNumber, String text) {
        LineProblems p = new LineProblems(lineNumber);
        JsonNode root;
        try {
            root = json.readTree(text);
        } catch (JsonProcessingException e) {
            // Jackson's message names its source and start markers; the line number and column say where
            String why = e.getOriginalMessage().lines().findFirst().orElse("")
                    .replaceAll("\\s*\\(start marker at \\[Source: .*?]\\)", "");
            p.add("", "not valid JSON: " + why
                    + (e.getLocation() == null ? "" : " at column " + e.getLocation().getColumnNr()));
            return new Parsed(Optional.empty(), p.list());
        }
        if (root == null || !root.isObject()) {
            p.add("", "expected a JSON object (one conversation per line), got "
                    + (root == null ? "nothing" : LineProblems.shown(root)));
            return new Parsed(Optional.empty(), p.list());
        }
        LineFormat format = root.has("messages") && !root.has("turns") ? LineFormat.OPENAI : LineFormat.NATIVE;
        LineMetadata meta = LineMetadata.read(root, p);
        List<TranscriptTurn> turns = format == LineFormat.OPENAI ? OpenAiLines.turns(root, p)
                : NativeLines.turns(root, p);
        if (!p.isEmpty()) {
            return new Parsed(Optional.empty(), p.list());
        }
        // stand-ins for what the line did not state: guarded evaluators never see them (see ConversationLine)
        Conversation c = new Conversation(meta.callId(), meta.personaId(), meta.pathId(),
                meta.expectedOutcome().orElse(Outcome.UNRESOLVED), meta.expectedToolCalls().orElse(List.of()),
                meta.status(), Transcript.of(turns));
        return new Parsed(Optional.of(new ConversationLine(lineNumber, format, c, meta.expectedOutcome(),
                meta.expectedToolCalls(), meta.labels())), List.of());
    }
}
