package io.callstorm.simulate.gate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.callstorm.core.validation.ProblemCollector;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A gate read from YAML: the {@code gate:} section of a file (other top-level sections, such as those of a
 * simulation file, are left alone), and an optional {@code baseline:} section.
 *
 * <pre>{@code
 * gate:
 *   - conversation_resolution >= 0.80
 *   - user_perceived_gap.p95 < 800ms
 *   - error_rate <= 5%
 * baseline:
 *   report: baseline/report.json      # relative to this file
 *   maxRubricDropPoints: 3
 *   maxP95IncreaseMs: 50
 *   maxErrorRateIncreasePoints: 1
 *   confidence: 0.95                  # how sure a regression must be (0.5 to 0.999)
 * }</pre>
 *
 * The {@code gate:} section may also be a map: {@code conversation_resolution: ">= 0.80"}, or with a bare number,
 * {@code conversation_resolution: 0.80}, which means {@code >=} for a pass rate or drift and {@code <=} for a
 * latency or an error rate.
 *
 * Problems are named by the file and the field ({@code --gate-file gates.yaml gate[1]}), those {@link #read} finds
 * and those {@link #checkNames} finds once the rubrics are known, so that a reader never looks for them in a flag.
 */
public final class GateFile {
    /** The largest gate file read: a gate is a few lines; a file past this is not one. */
    public static final long MAX_FILE_BYTES = 1024 * 1024;
    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .loaderOptions(loaderOptions())
            .streamReadConstraints(com.fasterxml.jackson.core.StreamReadConstraints.builder().maxNestingDepth(20)
                    .maxNumberLength(100).build())
            .build());

    /** At most 20 levels and the file's bound in characters; a duplicate key is an error. */
    private static org.yaml.snakeyaml.LoaderOptions loaderOptions() {
        org.yaml.snakeyaml.LoaderOptions o = new org.yaml.snakeyaml.LoaderOptions();
        o.setAllowDuplicateKeys(false);
        o.setNestingDepthLimit(20);
        o.setCodePointLimit((int) MAX_FILE_BYTES);
        return o;
    }

    private final Gate gate;
    private final Optional<Path> baseline;
    private final RegressionThresholds thresholds;
    /** Each field of the gate: section (e.g. {@code --gate-file g.yaml gate[0]}) and the conditions it wrote. */
    private final Map<String, List<GateCondition>> fields;

    private GateFile(Map<String, List<GateCondition>> fields, Optional<Path> baseline,
                     RegressionThresholds thresholds) {
        this.fields = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(fields));
        this.gate = Gate.of(fields.values().stream().flatMap(List::stream).toList());
        this.baseline = baseline;
        this.thresholds = thresholds;
    }

    /** The conditions. */
    public Gate gate() {
        return gate;
    }

    /** The baseline report, resolved against the file's folder. */
    public Optional<Path> baseline() {
        return baseline;
    }

    /** How far from the baseline is a regression. */
    public RegressionThresholds thresholds() {
        return thresholds;
    }

    /**
     * Adds a problem for each condition naming a rubric not in {@code knownRubrics}, under the file and field that
     * wrote it (see {@link Gate#checkNames}).
     */
    public void checkNames(java.util.Collection<String> knownRubrics, ProblemCollector problems) {
        fields.forEach((field, conditions) ->
                Gate.of(conditions).checkNames(knownRubrics, field, problems));
    }

    /**
     * Reads {@code file}, adding every problem found to {@code problems} under {@code path} and the file's name
     * (e.g. {@code --gate-file gates.yaml}; an empty {@code path}: the file's name alone, for a file that was not
     * named by a flag); returns empty when the file could not be read at all.
     */
    public static Optional<GateFile> read(Path file, String path, ProblemCollector problems) {
        String where = path.isEmpty() ? file.toString() : path + " " + file;
        if (!Files.isRegularFile(file)) {
            problems.add(where, "no such file");
            return Optional.empty();
        }
        JsonNode root;
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                problems.add(where, String.format(java.util.Locale.ROOT, "is %,d bytes; a gate file is at most %,d KB",
                        size, MAX_FILE_BYTES / 1024));
                return Optional.empty();
            }
            root = YAML.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            problems.add(where, "is not valid YAML: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"));
            return Optional.empty();
        } catch (IOException e) {
            problems.add(where, "cannot be read: " + e.getMessage());
            return Optional.empty();
        }
        if (root == null || !root.isObject() || (!root.has("gate") && !root.has("baseline"))) {
            problems.add(where, "has no gate: section (and no baseline: section)");
            return Optional.empty();
        }
        Map<String, List<GateCondition>> fields = new java.util.LinkedHashMap<>();
        JsonNode gate = root.path("gate");
        if (gate.isArray()) {
            for (int i = 0; i < gate.size(); i++) {
                JsonNode item = gate.get(i);
                if (!item.isTextual()) {
                    problems.add(where + " gate[" + i + "]", "must be a condition such as conversation_resolution >= 0.80");
                    continue;
                }
                String field = where + " gate[" + i + "]";
                fields.computeIfAbsent(field, k -> new ArrayList<>())
                        .addAll(Gate.parse(List.of(item.asText()), field, problems));
            }
        } else if (gate.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = gate.properties().iterator(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String name = e.getKey().strip();
                JsonNode v = e.getValue();
                String condition;
                if (v.isNumber()) {
                    condition = name + defaultOperator(name) + v.asText();
                } else if (v.isTextual()) {
                    String t = v.asText().strip();
                    condition = name + (t.matches("^[<>=].*") ? "" : defaultOperator(name)) + t;
                } else {
                    problems.add(where + " gate." + name, "must be a number or a condition such as \">= 0.80\"");
                    continue;
                }
                String field = where + " gate." + name;
                fields.computeIfAbsent(field, k -> new ArrayList<>())
                        .addAll(Gate.parse(List.of(condition), field, problems));
            }
        } else if (!gate.isMissingNode() && !gate.isNull()) {
            problems.add(where + " gate", "must be a list of conditions or a map of name to condition");
        }

        Optional<Path> baseline = Optional.empty();
        RegressionThresholds defaults = RegressionThresholds.defaults();
        double drop = defaults.rubricDropPoints();
        double p95 = defaults.p95IncreaseMs();
        double errors = defaults.errorRateIncreasePoints();
        double confidence = defaults.confidence();
        JsonNode b = root.path("baseline");
        if (b.isTextual()) {
            baseline = Optional.of(resolve(file, b.asText()));
        } else if (b.isObject()) {
            if (b.path("report").isTextual()) {
                baseline = Optional.of(resolve(file, b.path("report").asText()));
            } else {
                problems.add(where + " baseline.report", "must be the path of a baseline report.json");
            }
            drop = number(b, "maxRubricDropPoints", drop, RegressionThresholds.MAX_POINTS, where, problems);
            p95 = number(b, "maxP95IncreaseMs", p95, RegressionThresholds.MAX_P95_INCREASE_MS, where, problems);
            errors = number(b, "maxErrorRateIncreasePoints", errors, RegressionThresholds.MAX_POINTS, where,
                    problems);
            confidence = number(b, "confidence", confidence, RegressionThresholds.MAX_CONFIDENCE, where, problems);
            if (confidence < RegressionThresholds.MIN_CONFIDENCE) {
                problems.add(where + " baseline.confidence", "must be from " + RegressionThresholds.MIN_CONFIDENCE
                        + " to " + RegressionThresholds.MAX_CONFIDENCE + " (0.95 is 95%), was " + confidence);
                confidence = defaults.confidence();
            }
        } else if (!b.isMissingNode() && !b.isNull()) {
            problems.add(where + " baseline", "must be a path, or a map with report: and thresholds");
        }
        return Optional.of(new GateFile(fields, baseline, new RegressionThresholds(drop, p95, errors, confidence)));
    }

    private static String defaultOperator(String name) {
        String head = name.contains(".") ? name.substring(name.indexOf('.') + 1) : "";
        boolean higherIsBetter = !name.startsWith("error_rate") && !head.matches("p\\d+")
                && io.callstorm.core.Stage.fromWireName(name).isEmpty();
        return higherIsBetter ? ">=" : "<=";
    }

    private static double number(JsonNode node, String key, double fallback, double max, String where,
                                 ProblemCollector problems) {
        JsonNode v = node.path(key);
        if (v.isMissingNode() || v.isNull()) {
            return fallback;
        }
        if (!v.isNumber() || !(v.asDouble() >= 0 && v.asDouble() <= max)) {
            problems.add(where + " baseline." + key, String.format(java.util.Locale.ROOT,
                    "must be a number from 0 to %s, was %s", max == Math.rint(max) ? String.format(
                            java.util.Locale.ROOT, "%,.0f", max) : String.valueOf(max), v));
            return fallback;
        }
        return v.asDouble();
    }

    private static Path resolve(Path file, String path) {
        Path p = Path.of(path);
        Path dir = file.toAbsolutePath().getParent();
        return p.isAbsolute() || dir == null ? p : dir.resolve(p);
    }
}
