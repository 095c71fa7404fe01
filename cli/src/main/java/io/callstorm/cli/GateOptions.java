package io.callstorm.cli;

import io.callstorm.core.validation.ProblemCollector;
import io.callstorm.history.BaselineSpec;
import io.callstorm.simulate.report.SimulationReport;
import io.callstorm.simulate.gate.Gate;
import io.callstorm.simulate.gate.GateFile;
import io.callstorm.simulate.gate.RegressionThresholds;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** {@code --gate}, {@code --gate-file} and {@code --baseline}: the same on every command that produces a report. */
final class GateOptions {
    @Option(names = "--gate", paramLabel = "CONDITIONS",
            description = "Release gate, e.g. \"conversation_resolution>=0.80,user_perceived_gap.p95<800ms,"
                    + "error_rate<=0.05\" (repeatable). Exit 1 when it fails.")
    List<String> gate = new ArrayList<>();

    @Option(names = "--gate-file", paramLabel = "FILE", description = "YAML file with a gate: section (and optionally "
            + "baseline:).")
    Path gateFile;

    @Option(names = "--baseline", paramLabel = "BASELINE",
            description = "A baseline report.json (a path), or (run, demo) one from the run history: last, rolling:7d (the "
                    + "median over 7 days; h, d, w), tag:NAME (the run of release NAME; tag:KEY=VALUE). "
                    + "Regressions against it fail the gate.")
    String baseline;

    /** Whether this command takes its baseline from the run history too ({@code run}, {@code demo}). */
    private boolean historyBaselines;

    @Mixin
    RegressionOptions regression;

    /**
     * The file of {@code run} whose own {@code gate:} section is read when no {@code --gate-file} is given: its
     * problems are named by the file and field alone, for no flag named it.
     */
    private Path sectionsOf;

    /** Lets {@code --baseline} name a baseline of the run history ({@code last}, {@code rolling:}, {@code tag:}). */
    void acceptHistoryBaselines() {
        historyBaselines = true;
    }

    /** Reads the gate: and baseline: sections of {@code simulationFile} unless {@code --gate-file} names another. */
    void readSectionsOf(Path simulationFile) {
        if (gateFile == null) {
            sectionsOf = simulationFile;
        }
    }

    /**
     * A resolved gate: its conditions (of the flags and the file together), and the baseline with its thresholds;
     * {@code flags} and {@code file} keep where each condition came from, to name it in a problem; a baseline of the
     * run history is {@code fromHistory}, for the command to look up.
     */
    record Resolved(Gate gate, Optional<SimulationReport> baseline, RegressionThresholds thresholds, Gate flags,
                    Optional<GateFile> file, Optional<BaselineSpec> fromHistory) {
        boolean isEmpty() {
            return gate.isEmpty() && baseline.isEmpty() && fromHistory.isEmpty();
        }

        /** Adds a problem for each condition naming an unknown rubric, under {@code --gate} or its file and field. */
        void checkNames(Collection<String> knownRubrics, ProblemCollector p) {
            flags.checkNames(knownRubrics, "--gate", p);
            file.ifPresent(f -> f.checkNames(knownRubrics, p));
        }
    }

    /**
     * Reads the flags and files, adding every problem to {@code p}. With {@code knownRubrics} empty, rubric names
     * are not checked here (the caller checks them once it knows the report's rubrics).
     */
    Resolved resolve(Optional<Collection<String>> knownRubrics, ProblemCollector p) {
        Gate flags = Gate.of(Gate.parse(gate, "--gate", p));
        Gate g = flags;
        RegressionThresholds thresholds = RegressionThresholds.defaults();
        Optional<String> baselinePath = Optional.ofNullable(baseline);
        Optional<GateFile> file = Optional.empty();
        if (gateFile != null || sectionsOf != null) {
            file = gateFile != null ? GateFile.read(gateFile, "--gate-file", p) : GateFile.read(sectionsOf, "", p);
            if (file.isPresent()) {
                g = g.and(file.get().gate());
                thresholds = file.get().thresholds();
                if (baselinePath.isEmpty()) {
                    baselinePath = file.get().baseline().map(Path::toString);
                }
            }
        }
        thresholds = regression.resolve(thresholds, p);
        Optional<SimulationReport> base = Optional.empty();
        Optional<BaselineSpec> fromHistory = Optional.empty();
        if (baselinePath.isPresent() && BaselineSpec.looksLikeSpec(baselinePath.get())) {
            String spec = baselinePath.get();
            Optional<String> problem = BaselineSpec.problemWith(spec);
            if (!historyBaselines) {
                p.add("--baseline", "a baseline of the run history (" + spec + ") is for run, demo and compare; "
                        + "here, give a report.json");
            } else if (p.check(problem.isEmpty(), "--baseline", problem.orElse(""))) {
                fromHistory = BaselineSpec.parse(spec);
            }
        } else if (baselinePath.isPresent()) {
            try {
                base = readReport(Path.of(baselinePath.get()), "--baseline", p);
            } catch (java.nio.file.InvalidPathException e) {
                p.add("--baseline", "is no file path: " + e.getReason());
            }
        }
        Resolved resolved = new Resolved(g, base, thresholds, flags, file, fromHistory);
        knownRubrics.ifPresent(known -> resolved.checkNames(known, p));
        return resolved;
    }

    /** Reads a report.json (or the report.json in a directory), or adds why it cannot. */
    static Optional<SimulationReport> readReport(Path path, String option, ProblemCollector p) {
        Path file = Files.isDirectory(path) ? path.resolve(SimulationReport.JSON_FILE) : path;
        if (!Files.isRegularFile(file)) {
            p.add(option + " " + path, "no such report file");
            return Optional.empty();
        }
        try {
            return Optional.of(SimulationReport.readJson(file));
        } catch (IOException e) {
            p.add(option + " " + path, "is not a readable report.json: " + e.getMessage().lines().findFirst().orElse(""));
            return Optional.empty();
        }
    }

    /** Whether a simulation file is its own gate file: a top-level {@code gate:} or {@code baseline:} section. */
    static boolean hasGateSection(java.nio.file.Path file) throws java.io.IOException {
        return java.nio.file.Files.readAllLines(file).stream()
                .anyMatch(l -> l.startsWith("gate:") || l.startsWith("baseline:"));
    }
}
