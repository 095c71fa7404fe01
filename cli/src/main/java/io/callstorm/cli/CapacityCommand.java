package io.callstorm.cli;

import io.callstorm.core.persona.Personas;
import io.callstorm.core.scenario.SupportDeskScenarios;
import io.callstorm.cli.config.BuilderProblems;
import io.callstorm.core.validation.Problem;
import io.callstorm.core.validation.ProblemCollector;
import io.callstorm.simulate.load.LoadProfile;
import io.callstorm.simulate.Simulation;
import io.callstorm.simulate.report.SimulationReport;
import io.callstorm.simulate.connect.AgentConnector;
import io.callstorm.simulate.connect.FixedLatencyAgent;
import io.callstorm.reference.ReferenceAgent;
import io.callstorm.reference.ReferenceAgentConfig;
import io.callstorm.simulate.report.HarnessStats;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code callstorm capacity}: raises the peak until the harness's event-loop lag P99 passes the limit, and
 * prints the highest concurrency held, heap per live call and CPU-seconds per 1,000 calls.
 */
@Command(name = "capacity", mixinStandardHelpOptions = true,
        description = "Benchmark the harness: raise the peak until its event-loop lag P99 exceeds the limit.")
final class CapacityCommand implements Callable<Integer> {
    @Option(names = "--start", paramLabel = "N",
            defaultValue = "10000", description = "First peak (default: ${DEFAULT-VALUE}).")
    int start;

    @Option(names = "--step", paramLabel = "N",
            defaultValue = "10000", description = "Peak increment (default: ${DEFAULT-VALUE}).")
    int step;

    @Option(names = "--max", paramLabel = "N",
            defaultValue = "100000", description = "Highest peak tried (default: ${DEFAULT-VALUE}).")
    int max;

    @Option(names = "--ramp", paramLabel = "DURATION", defaultValue = "30s", converter = DurationConverter.class,
            description = "Ramp to each peak (default: ${DEFAULT-VALUE}).")
    Duration ramp;

    @Option(names = "--hold", paramLabel = "DURATION", defaultValue = "20s", converter = DurationConverter.class,
            description = "Hold at each peak (default: ${DEFAULT-VALUE}).")
    Duration hold;

    @Option(names = "--lag-limit-ms", paramLabel = "MS",
            defaultValue = "10", description = "Event-loop lag P99 limit (default: ${DEFAULT-VALUE}).")
    double lagLimitMs;

    @Option(names = "--agent", paramLabel = "KIND",
            defaultValue = "fixed", description = "fixed (a no-capacity agent that isolates the "
            + "harness) or reference (default: ${DEFAULT-VALUE}).")
    String agent;

    @Option(names = "--time-scale", paramLabel = "FACTOR",
            defaultValue = "0.1", description = "Caller time factor (default: ${DEFAULT-VALUE}).")
    double timeScale;

    @Override
    public Integer call() {
        ProblemCollector p = new ProblemCollector();
        p.check(start >= 1, "--start", "must be >= 1, was " + start);
        p.check(step >= 1 && step <= 1_000_000, "--step", "must be between 1 and 1,000,000, was " + step);
        p.check(max >= start, "--max", "must be >= --start (" + start + "), was " + max);
        p.check(lagLimitMs > 0 && lagLimitMs <= 60_000, "--lag-limit-ms", "must be > 0 and <= 60000, was "
                + lagLimitMs);
        p.check(agent.equals("fixed") || agent.equals("reference"), "--agent",
                "must be fixed or reference, was \"" + agent + "\"");
        checkRanges(p);
        p.throwIfAny("capacity options");

        System.out.printf(Locale.ROOT, "%8s %10s %12s %10s %12s %12s %14s %12s%n", "peak", "held", "lag p99 ms",
                "heap MB", "live MB", "live KB/call", "cpu s/1k calls", "calls");
        int held = 0;
        for (int peak = start; peak <= max; peak += step) {
            SimulationReport r = runOnce(peak);
            HarnessStats h = r.harness();
            long calls = r.load().callsStarted();
            boolean ok = h.eventLoopLagP99Ms() <= lagLimitMs && r.load().peakConcurrency() >= peak * 0.99;
            System.out.printf(Locale.ROOT, "%,8d %,10d %12.2f %,10d %,12d %12.1f %14.2f %,12d %s%n", peak,
                    r.load().peakConcurrency(), h.eventLoopLagP99Ms(), h.heapPeakMb(), h.heapLivePeakMb(),
                    h.heapLivePeakMb() * 1024.0 / Math.max(1, r.load().peakConcurrency()),
                    h.cpuSeconds() * 1000.0 / Math.max(1, calls), calls, ok ? "" : "<- over the limit");
            if (!ok) {
                break;
            }
            held = peak;
        }
        System.out.printf(Locale.ROOT, "%nHighest concurrency held with lag P99 <= %.0f ms: %,d%n", lagLimitMs, held);
        return CallstormCli.EXIT_OK;
    }

    private SimulationReport runOnce(int peak) {
        try (AgentConnector connector = agent.equals("fixed")
                ? FixedLatencyAgent.create(Duration.ofMillis(400), Duration.ofMillis(900))
                : ReferenceAgent.create(ReferenceAgentConfig.defaults())) {
            System.gc(); // start each step from a clean heap so the peaks are comparable
            return simulation(peak).load(load(peak).build()).agent(ReferenceAgent.definition(), connector).build()
                    .run();
        }
    }

    /** The builders' range checks of the highest step, under the options that set what they check. */
    private void checkRanges(ProblemCollector p) {
        BuilderProblems options = new BuilderProblems()
                .name("timeScale", "--time-scale")
                .name("load.stages[0].target", "--max")
                .name("load.stages[1].target", "--max")
                .name("load.stages[0].duration", "--ramp")
                .name("load.stages[1].duration", "--hold")
                // each step creates its agent once the options are valid: the builder checked here has none
                .ignore("agent.definition")
                .ignore("agent.connector")
                // the profile is unset because it is invalid: its own problems say which option
                .ignore("load");
        LoadProfile.Builder load = load(max);
        Simulation.Builder sim = simulation(max);
        List<Problem> loadProblems = load.problems();
        options.addTo(Stream.concat(loadProblems.stream(),
                (loadProblems.isEmpty() ? sim.load(load.build()) : sim).problems().stream()).toList(), p);
    }

    private LoadProfile.Builder load(int peak) {
        return LoadProfile.concurrentCalls(100).rampTo(peak, ramp).hold(hold);
    }

    /** One step's simulation, but for its load and agent. */
    private Simulation.Builder simulation(int peak) {
        return Simulation.builder()
                .name("capacity-" + peak)
                .personas(Personas.builtIns())
                .scenarios(SupportDeskScenarios.graph(), 10_000)
                .timeScale(timeScale)
                .drainTimeout(Duration.ofSeconds(5));
    }
}
