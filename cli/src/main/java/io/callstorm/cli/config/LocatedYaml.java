package io.callstorm.cli.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.callstorm.core.validation.ConfigurationException;
import io.callstorm.core.validation.Problem;
import io.callstorm.core.validation.ProblemCollector;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.MarkedYAMLException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A YAML file read under limits, with where each key and value was written, so that a problem found later names
 * its line and column and quotes the value as the user wrote it ({@code 1e10}, not {@code 1410065408}).
 *
 * <p>Everything a hostile or broken file can do is refused here, before any of it is interpreted: a file over
 * {@link #MAX_FILE_BYTES} is refused before it is read; bytes that are not UTF-8 (a binary file, UTF-16), a YAML
 * syntax error, nesting deeper than {@link #MAX_NESTING}, more than {@link #MAX_ALIASES} aliases, more than one
 * document, and a key written twice in one mapping are problems with a line and column. Duplicate keys are found
 * while the tree is built, not by the parser's {@code STRICT_DUPLICATE_DETECTION}, which stops at the first: every
 * duplicate is listed at once, each with the line of its first occurrence.
 */
final class LocatedYaml {
    /** The largest file read: a simulation file is a few hundred bytes; a 50 MB one is a mistake or an attack. */
    static final int MAX_FILE_BYTES = 1_000_000;
    /** The deepest nesting of mappings and lists; the deepest a simulation file needs is 4. */
    static final int MAX_NESTING = 20;
    /**
     * Aliases ({@code *name}) to mappings or lists SnakeYAML will resolve: a "billion laughs" guard. The reader refuses
     * every alias anyway (Jackson reads one as its anchor's name, a string, which would be a silent misreading).
     */
    static final int MAX_ALIASES = 10;
    /** The longest number, in digits. */
    static final int MAX_NUMBER_LENGTH = 100;

    private static final YAMLFactory FACTORY = factory();

    /** Where a key or value was written, and the value's text as written (empty for a mapping or a list). */
    record Mark(int line, int column, String text) {
    }

    private final JsonNode root;
    private final Map<String, Mark> marks;

    private LocatedYaml(JsonNode root, Map<String, Mark> marks) {
        this.root = root;
        this.marks = marks;
    }

    private static YAMLFactory factory() {
        LoaderOptions loader = new LoaderOptions();
        loader.setMaxAliasesForCollections(MAX_ALIASES);
        loader.setNestingDepthLimit(MAX_NESTING);
        loader.setCodePointLimit(MAX_FILE_BYTES);
        // duplicates are found while the tree is built, listing every one; false here would turn on the parser's
        // STRICT_DUPLICATE_DETECTION, which stops at the first with no path
        loader.setAllowDuplicateKeys(true);
        loader.setAllowRecursiveKeys(false);
        return YAMLFactory.builder()
                .loaderOptions(loader)
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_NESTING)
                        .maxNumberLength(MAX_NUMBER_LENGTH)
                        .maxStringLength(MAX_FILE_BYTES)
                        .maxNameLength(MAX_FILE_BYTES)
                        .maxDocumentLength(MAX_FILE_BYTES)
                        .build())
                .build();
    }

    /**
     * Reads {@code file}, or throws one {@link ConfigurationException} saying why it cannot be read (with its line
     * and column where there is one), listing every duplicate key.
     */
    static LocatedYaml read(Path file, String subject) {
        ProblemCollector p = new ProblemCollector();
        String text = text(file, p);
        p.throwIfAny(subject);
        try (JsonParser parser = FACTORY.createParser(text)) {
            Map<String, Mark> marks = new HashMap<>();
            JsonToken first = parser.nextToken();
            JsonNode root = first == null ? null : new TreeReader(parser, marks, p).value("");
            if (first != null && parser.nextToken() != null) {
                JsonLocation at = parser.currentTokenLocation();
                p.add(where(at, "(file)"), "holds more than one YAML document (a second one starts here): a "
                        + "simulation file is one document, with no ---");
            }
            p.throwIfAny(subject);
            return new LocatedYaml(root, marks);
        } catch (JsonProcessingException e) {
            String reason = e.getOriginalMessage() == null ? e.getClass().getSimpleName()
                    : e.getOriginalMessage().lines().findFirst().orElse("").strip();
            String at = where(e.getLocation(), "(file)");
            if (e.getCause() instanceof MarkedYAMLException yaml && yaml.getProblem() != null) {
                // SnakeYAML's problem ("found character '\t' that cannot start any token") says more than its context
                reason = (yaml.getContext() == null ? "" : yaml.getContext() + ": ") + yaml.getProblem();
                if (yaml.getProblemMark() != null) {
                    at = "(file) (line " + (yaml.getProblemMark().getLine() + 1) + ", column "
                            + (yaml.getProblemMark().getColumn() + 1) + ")";
                }
            }
            List<Problem> problems = new ArrayList<>(p.problems());
            problems.add(new Problem(at, "is not a valid simulation file: " + reason));
            throw new ConfigurationException(subject, problems);
        } catch (IOException e) {
            throw new ConfigurationException(subject, List.of(new Problem("(file)", "cannot be read: " + e)));
        }
    }

    /** The file's text, or a problem when it is missing, a directory, unreadable, too big or not UTF-8. */
    private static String text(Path file, ProblemCollector p) {
        try {
            if (Files.isDirectory(file)) {
                p.add("(file)", "is a directory, not a simulation file");
                return "";
            }
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                p.add("(file)", String.format("is %,d bytes; a simulation file may be at most %,d bytes (1 MB)",
                        size, MAX_FILE_BYTES));
                return "";
            }
            byte[] bytes = Files.readAllBytes(file);
            if (bytes.length >= 2 && ((bytes[0] & 0xff) == 0xfe && (bytes[1] & 0xff) == 0xff
                    || (bytes[0] & 0xff) == 0xff && (bytes[1] & 0xff) == 0xfe)) {
                p.add("(file)", "is UTF-16; save it as UTF-8");
                return "";
            }
            int offset = bytes.length >= 3 && (bytes[0] & 0xff) == 0xef && (bytes[1] & 0xff) == 0xbb
                    && (bytes[2] & 0xff) == 0xbf ? 3 : 0; // a UTF-8 byte order mark is allowed
            for (int i = offset; i < bytes.length; i++) {
                if (bytes[i] == 0) {
                    p.add(where(bytes, offset, i), "holds a NUL byte: a binary file (or UTF-16), not UTF-8 YAML text");
                    return "";
                }
                if (bytes[i] >= 0 && bytes[i] < 0x20 && bytes[i] != '\t' && bytes[i] != '\n' && bytes[i] != '\r'
                        || bytes[i] == 0x7f) {
                    p.add(where(bytes, offset, i), String.format("holds the control character U+%04X, which YAML "
                            + "text may not (write it as an escape in a double-quoted string if you mean it)", bytes[i]));
                    return "";
                }
            }
            try {
                return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes, offset, bytes.length - offset)).toString();
            } catch (CharacterCodingException e) {
                p.add(where(bytes, offset, firstBadByte(bytes, offset)), "is not UTF-8 text (a binary file?)");
                return "";
            }
        } catch (NoSuchFileException e) {
            p.add("(file)", "no such file");
        } catch (AccessDeniedException e) {
            p.add("(file)", "cannot be read: permission denied");
        } catch (IOException e) {
            p.add("(file)", "cannot be read: " + e.getMessage());
        }
        return "";
    }

    private static int firstBadByte(byte[] bytes, int offset) {
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT);
        int lo = offset;
        int hi = bytes.length;
        while (hi - lo > 1) { // the longest prefix that decodes, within a character of the bad byte
            int mid = (lo + hi) >>> 1;
            try {
                decoder.reset().decode(ByteBuffer.wrap(bytes, offset, mid - offset));
                lo = mid;
            } catch (CharacterCodingException e) {
                hi = mid;
            }
        }
        return lo;
    }

    private static String where(byte[] bytes, int offset, int index) {
        int line = 1;
        int lineStart = offset;
        for (int i = offset; i < index; i++) {
            if (bytes[i] == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return "(file) (line " + line + ", column " + (index - lineStart + 1) + ")";
    }

    private static String where(JsonLocation at, String path) {
        return at == null || at.getLineNr() < 1 ? path
                : path + " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
    }

    /** The document's root; null for an empty file. */
    JsonNode root() {
        return root;
    }

    /** The value at {@code path} as the file wrote it ({@code 1e10}, {@code .nan}), else the node's JSON. */
    String written(String path, JsonNode node) {
        Mark m = marks.get(path);
        return m != null && !m.text().isEmpty() ? m.text() : String.valueOf(node);
    }

    /** The value at {@code path} as written, if it is a scalar in the file. */
    Optional<String> written(String path) {
        Mark m = marks.get(path);
        return m == null || m.text().isEmpty() ? Optional.empty() : Optional.of(m.text());
    }

    /**
     * {@code problems}, each path followed by its line and column in the file: those of the path, or of the nearest
     * enclosing key the file has ({@code load.stages[3]} for a missing {@code load.stages[3].duration}).
     */
    List<Problem> located(List<Problem> problems) {
        List<Problem> out = new ArrayList<>();
        for (Problem problem : problems) {
            Mark m = null;
            for (String path = problem.path(); m == null && !path.isEmpty(); path = parent(path)) {
                m = marks.get(path);
            }
            out.add(m == null ? problem : new Problem(problem.path() + " (line " + m.line() + ", column "
                    + m.column() + ")", problem.message()));
        }
        return out;
    }

    private static String parent(String path) {
        int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
        return cut <= 0 ? "" : path.substring(0, cut);
    }

    /** Builds the tree from the parser's tokens, recording where each key and value is and each duplicate key. */
    private static final class TreeReader {
        private final JsonParser parser;
        private final Map<String, Mark> marks;
        private final ProblemCollector p;

        TreeReader(JsonParser parser, Map<String, Mark> marks, ProblemCollector p) {
            this.parser = parser;
            this.marks = marks;
            this.p = p;
        }

        /** The value at the parser's current token, written at {@code path}. */
        JsonNode value(String path) throws IOException {
            JsonToken t = parser.currentToken();
            JsonLocation at = parser.currentTokenLocation();
            boolean scalar = t.isScalarValue();
            Mark keyMark = marks.get(path); // a value under a key is located at its key
            marks.put(path, keyMark == null ? new Mark(at.getLineNr(), at.getColumnNr(), scalar ? parser.getText() : "")
                    : new Mark(keyMark.line(), keyMark.column(), scalar ? parser.getText() : ""));
            JsonNodeFactory f = JsonNodeFactory.instance;
            if (parser instanceof YAMLParser yaml && yaml.isCurrentAlias()) {
                // Jackson reads an alias as its anchor's name, a string: personas: *team would silently be "team"
                p.add(path, "is an alias (*" + parser.getText() + "): aliases are not read in a simulation file; "
                        + "write the value out");
                return f.nullNode();
            }
            switch (t) {
                case START_OBJECT -> {
                    ObjectNode o = f.objectNode();
                    while (parser.nextToken() == JsonToken.FIELD_NAME) {
                        String key = parser.currentName();
                        String child = path.isEmpty() ? key : path + "." + key;
                        JsonLocation keyAt = parser.currentTokenLocation();
                        Mark first = marks.get(child);
                        parser.nextToken();
                        boolean duplicate = o.has(key);
                        if (duplicate) {
                            p.add(child + " (line " + keyAt.getLineNr() + ", column " + keyAt.getColumnNr() + ")",
                                    "is written twice in one mapping (first at line " + first.line()
                                            + "): remove one; which would win is not obvious");
                            value(child + "#duplicate"); // read past it
                        } else {
                            marks.put(child, new Mark(keyAt.getLineNr(), keyAt.getColumnNr(), ""));
                            o.set(key, value(child));
                        }
                    }
                    return o;
                }
                case START_ARRAY -> {
                    ArrayNode a = f.arrayNode();
                    while (parser.nextToken() != JsonToken.END_ARRAY) {
                        a.add(value(path + "[" + a.size() + "]"));
                    }
                    return a;
                }
                case VALUE_NUMBER_INT -> {
                    return switch (parser.getNumberType()) {
                        case INT -> f.numberNode(parser.getIntValue());
                        case LONG -> f.numberNode(parser.getLongValue());
                        default -> f.numberNode(parser.getBigIntegerValue());
                    };
                }
                case VALUE_NUMBER_FLOAT -> {
                    // YAML's .nan and .inf: Jackson knows them as floats but cannot convert them
                    String text = parser.getText();
                    if (text.matches("\\.(nan|NaN|NAN)")) {
                        return f.numberNode(Double.NaN);
                    }
                    if (text.matches("[-+]?\\.(inf|Inf|INF)")) {
                        return f.numberNode(text.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY);
                    }
                    return f.numberNode(parser.getDoubleValue());
                }
                case VALUE_TRUE, VALUE_FALSE -> {
                    return f.booleanNode(t == JsonToken.VALUE_TRUE);
                }
                case VALUE_NULL -> {
                    return f.nullNode();
                }
                default -> {
                    return f.textNode(parser.getText());
                }
            }
        }
    }
}
