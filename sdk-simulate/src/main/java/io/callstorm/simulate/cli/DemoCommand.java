package io.callstorm.simulate.cli;

import io.callstorm.core.persona.Personas;
import io.callstorm.core.scenario.SupportDeskScenarios;
import io.callstorm.core.validation.ProblemCollector;
import io.callstorm.simulate.LoadProfile;
import io.callstorm.simulate.Simulation;
import io.callstorm.simulate.SimulationReport;
import io.callstorm.simulate.reference.Fix;
import io.callstorm.simulate.reference.ReferenceAgent;
import io.callstorm.simulate.reference.ReferenceAgentConfig;
import io.callstorm.eval.Evaluator;
import io.callstorm.eval.local.LocalEvaluators;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code callstorm demo}: the reference support agent, 18 personas, 14 paths, ramped to 10,000 calls. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Load-test the embedded reference voice agent (no agent of your own needed).")
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--peak", description = "Peak concurrent calls (default: ${DEFAULT-VALUE}).", defaultValue = "10000")
    int peak;

    @Option(names = "--start", description = "Concurrent calls at the start of the ramp (default: ${DEFAULT-VALUE}).",
            defaultValue = "100")
    int start;

    @Option(names = "--ramp", description = "Ramp-up time, e.g. 60s, 2m (default: ${DEFAULT-VALUE}).",
            defaultValue = "60s", converter = DurationConverter.class)
    Duration ramp;

    @Option(names = "--hold", description = "Time held at peak (default: ${DEFAULT-VALUE}).", defaultValue = "30s",
            converter = DurationConverter.class)
    Duration hold;

    @Option(names = "--ramp-down", description = "Ramp-down time (default: ${DEFAULT-VALUE}).", defaultValue = "15s",
            converter = DurationConverter.class)
    Duration rampDown;

    @Option(names = "--seed", description = "Seed of the scenario rows (default: ${DEFAULT-VALUE}).", defaultValue = "1")
    long seed;

    @Option(names = "--rows", description = "Scenario rows to expand (default: ${DEFAULT-VALUE}).", defaultValue = "10000")
    int rows;

    @Option(names = "--time-scale", description = "Factor on callers' speaking and listening time; agent latency is "
            + "never scaled (default: ${DEFAULT-VALUE}).", defaultValue = "0.1")
    double timeScale;

    @Option(names = "--fix", split = ",", description = "Quick fixes to apply to the reference agent: "
            + "stt-failover, prompt-trim, tool-retry, tts-pool, summarize.")
    String[] fixes = new String[0];

    @Option(names = "--out", description = "Output directory for report.json, report.html, junit.xml and calls.jsonl "
            + "(default: ${DEFAULT-VALUE}).",
            defaultValue = "callstorm-out")
    Path out;

    @Option(names = "--no-progress", description = "Do not show the live progress line.")
    boolean noProgress;

    @Mixin
    GateOptions gateOptions;

    @Override
    public Integer call() throws Exception {
        ProblemCollector p = new ProblemCollector();
        p.check(peak >= 1 && peak <= 1_000_000, "--peak", "must be between 1 and 1,000,000, was " + peak);
        p.check(start >= 0 && start <= peak, "--start", "must be between 0 and --peak (" + peak + "), was " + start);
        p.check(!ramp.isNegative() && !ramp.isZero(), "--ramp", "must be > 0, was " + ramp);
        p.check(!hold.isNegative(), "--hold", "must be >= 0, was " + hold);
        p.check(!rampDown.isNegative(), "--ramp-down", "must be >= 0, was " + rampDown);
        p.check(timeScale > 0 && timeScale <= 10, "--time-scale", "must be > 0 and <= 10, was " + timeScale);
        p.check(rows >= 1, "--rows", "must be >= 1, was " + rows);
        Set<Fix> fixSet = EnumSet.noneOf(Fix.class);
        for (String f : fixes) {
            String name = f.strip();
            if (!name.isEmpty()) {
                p.check(Fix.fromCliName(name).map(fixSet::add).isPresent(), "--fix",
                        "unknown fix \"" + name + "\"; allowed: " + String.join(", ", Fix.cliNames()));
            }
        }
        // the gate is checked before the run: a gate that can never pass must not cost a two-minute run
        GateOptions.Resolved gate = gateOptions.resolve(Optional.of(LocalEvaluators.all().stream()
                .map(Evaluator::rubric).toList()), p);
        p.throwIfAny("demo options");

        LoadProfile.Builder load = LoadProfile.concurrentCalls(start).rampTo(peak, ramp);
        if (!hold.isZero()) {
            load.hold(hold);
        }
        if (!rampDown.isZero()) {
            load.rampTo(0, rampDown);
        }
        ReferenceAgentConfig config = ReferenceAgentConfig.defaults().toBuilder().seed(seed).build().withFixes(fixSet);
        ProgressLine progress = new ProgressLine();
        try (ReferenceAgent agent = ReferenceAgent.create(config)) {
            Simulation.Builder sim = Simulation.builder()
                    .name(fixSet.isEmpty() ? "demo" : "demo+fixes")
                    .agent(ReferenceAgent.definition(), agent)
                    .personas(Personas.builtIns())
                    .scenarios(SupportDeskScenarios.graph(), rows)
                    .seed(seed)
                    .load(load.build())
                    .timeScale(timeScale)
                    .outputDirectory(out)
                    .gate(gate.gate());
            gate.baseline().ifPresent(base -> sim.baseline(base, gate.thresholds()));
            if (!noProgress) {
                sim.listener(progress);
            }
            Simulation simulation = sim.build();
            SimulationReport report;
            try (StopOnInterrupt ignored = StopOnInterrupt.install(simulation)) {
                report = simulation.run();
            } finally {
                progress.close();
            }
            SummaryPrinter.print(report, System.out);
            System.out.printf("%nWrote %s, %s, %s and %s%n", out.resolve(SimulationReport.JSON_FILE),
                    out.resolve(SimulationReport.HTML_FILE), out.resolve(SimulationReport.JUNIT_FILE),
                    out.resolve(SimulationReport.CALLS_FILE));
            return report.gate().passed() ? CallstormCli.EXIT_OK : CallstormCli.EXIT_GATE_FAILED;
        }
    }
}
