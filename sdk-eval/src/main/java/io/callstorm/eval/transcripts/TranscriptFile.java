package io.callstorm.eval.transcripts;

import io.callstorm.core.io.BoundedLines;
import io.callstorm.eval.transcripts.internal.LineParser;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A JSON Lines file of finished conversations, read: every good line as a {@link ConversationLine}, and every bad
 * line's {@linkplain LineProblem problems}, each naming the line and the field. A bad line never stops the reading.
 *
 * <p>A line is one JSON object in either of two shapes (blank lines are skipped):
 * <ul>
 *   <li>{@linkplain LineFormat#NATIVE native}: {@code {"callId", "personaId", "pathId", "expectedOutcome",
 *       "expectedToolCalls", "status", "turns": [{"speaker": "CALLER"|"AGENT", "text", "offsetMillis",
 *       "toolCalls": [{"name", "status", "durationMillis", "attempts", "arguments", "result", "error"}]}],
 *       "labels": {rubric: bool}}}; only {@code turns} (each with {@code speaker} and {@code text}) is required.
 *       A run's {@code calls.jsonl} lines read as they are ({@code persona}, {@code path}, {@code atMs} accepted);</li>
 *   <li>{@linkplain LineFormat#OPENAI OpenAI chat}: {@code {"messages": [{"role", "content", "tool_calls",
 *       "tool_call_id"}]}} with the same optional keys beside {@code messages} (or in a {@code metadata} object),
 *       {@code id} accepted for {@code callId}.</li>
 * </ul>
 * A line without {@code callId} is called {@code line-<n>}; without {@code status}, {@code COMPLETED}; without
 * {@code expectedOutcome} or {@code expectedToolCalls}, see {@link Expectations}.
 *
 * <pre>{@code
 * TranscriptFile file = TranscriptFile.read(Path.of("transcripts.jsonl"));
 * file.problems().forEach(System.err::println);          // line 7: turns[2].speaker: expected CALLER or AGENT, got 'bot'
 * for (ConversationLine line : file.conversations()) { ... line.input() ... }
 * }</pre>
 *
 * @see #reader() to read lines longer than {@link #DEFAULT_MAX_LINE_CHARS}
 */
public final class TranscriptFile {
    /** The longest line read by default, in characters (16 Mi): a longer one is a problem, and is skipped. */
    public static final int DEFAULT_MAX_LINE_CHARS = 16 * 1024 * 1024;

    private final List<ConversationLine> conversations;
    private final List<LineProblem> problems;
    private final long badLines;
    private final long lines;

    private TranscriptFile(List<ConversationLine> conversations, List<LineProblem> problems, long badLines,
                           long lines) {
        this.conversations = List.copyOf(conversations);
        this.problems = List.copyOf(problems);
        this.badLines = badLines;
        this.lines = lines;
    }

    /** Reads a file (UTF-8) with the default limits. */
    public static TranscriptFile read(Path file) throws IOException {
        return reader().read(file);
    }

    /** A reader whose limits can be set. */
    public static Reader reader() {
        return new Reader(DEFAULT_MAX_LINE_CHARS);
    }

    /** The good lines' conversations, in file order. */
    public List<ConversationLine> conversations() {
        return conversations;
    }

    /** Every problem of every bad line, in file order; a bad line may have several. */
    public List<LineProblem> problems() {
        return problems;
    }

    /** Lines that were not blank. */
    public long lines() {
        return lines;
    }

    /** Lines with at least one problem. */
    public long badLines() {
        return badLines;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "TranscriptFile[%d conversations, %d bad lines]", conversations.size(),
                badLines);
    }

    /** Reads transcript files; immutable, every setter returns a new reader. */
    public static final class Reader {
        private final int maxLineChars;

        private Reader(int maxLineChars) {
            this.maxLineChars = maxLineChars;
        }

        /** The longest line to read, in characters; {@link #DEFAULT_MAX_LINE_CHARS} unless set. */
        public Reader maxLineChars(int chars) {
            if (chars < 2) {
                throw new IllegalArgumentException("maxLineChars must be at least 2, was " + chars);
            }
            return new Reader(chars);
        }

        /** Reads a file (UTF-8). Throws only when the file cannot be read; bad lines are problems. */
        public TranscriptFile read(Path file) throws IOException {
            try (java.io.Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                return read(in);
            }
        }

        /** Reads lines from {@code in}, which is not closed. */
        public TranscriptFile read(java.io.Reader in) throws IOException {
            LineParser parser = new LineParser(maxLineChars);
            List<ConversationLine> good = new ArrayList<>();
            List<LineProblem> problems = new ArrayList<>();
            long bad = 0;
            long lines = 0;
            BoundedLines reader = new BoundedLines(in, maxLineChars);
            for (BoundedLines.Line line = reader.next(); line != null; line = reader.next()) {
                if (line.tooLong()) {
                    lines++;
                    bad++;
                    problems.add(new LineProblem(line.number(), "", String.format(Locale.ROOT,
                            "longer than %,d characters (%,d): skipped (TranscriptFile.reader().maxLineChars)",
                            maxLineChars, line.length())));
                    continue;
                }
                if (line.text().isBlank()) {
                    continue;
                }
                lines++;
                LineParser.Parsed parsed = parser.parse(line.number(), line.text());
                if (parsed.conversation().isPresent()) {
                    good.add(parsed.conversation().get());
                } else {
                    bad++;
                    problems.addAll(parsed.problems());
                }
            }
            return new TranscriptFile(good, problems, bad, lines);
        }
    }
}
