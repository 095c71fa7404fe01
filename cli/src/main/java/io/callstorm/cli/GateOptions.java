package io.callstorm.cli;

import io.callstorm.core.validation.ProblemCollector;
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

    @Option(names = "--baseline", paramLabel = "REPORT",
            description = "A baseline report.json: regressions against it fail the gate.")
    Path baseline;

    @Mixin
    RegressionOptions regression;

    /**
     * The file of {@code run} whose own {@code gate:} section is read when no {@code --gate-file} is given: its
     * problems are named by the file and field alone, for no flag named it.
     */
    private Path sectionsOf;

    /** Reads the gate: and baseline: sections of {@code simulationFile} unless {@code --gate-file} names another. */
    void readSectionsOf(Path simulationFile) {
        if (gateFile == null) {
            sectionsOf = simulationFile;
        }
    }

    /**
     * A resolved gate: its conditions (of the flags and the file together), and the baseline with its thresholds;
     * {@code flags} and {@code file} keep where each condition came from, to name it in a problem.
     */
    record Resolved(Gate gate, Optional<SimulationReport> baseline, RegressionThresholds thresholds, Gate flags,
                    Optional<GateFile> file) {
        boolean isEmpty() {
            return gate.isEmpty() && baseline.isEmpty();
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
        Optional<Path> baselinePath = Optional.ofNullable(baseline);
        Optional<GateFile> file = Optional.empty();
        if (gateFile != null || sectionsOf != null) {
            file = gateFile != null ? GateFile.read(gateFile, "--gate-file", p) : GateFile.read(sectionsOf, "", p);
            if (file.isPresent()) {
                g = g.and(file.get().gate());
                thresholds = file.get().thresholds();
                if (baselinePath.isEmpty()) {
                    baselinePath = file.get().baseline();
                }
            }
        }
        thresholds = regression.resolve(thresholds, p);
        Optional<SimulationReport> base = Optional.empty();
        if (baselinePath.isPresent()) {
            base = readReport(baselinePath.get(), "--baseline", p);
        }
        Resolved resolved = new Resolved(g, base, thresholds, flags, file);
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
