package io.callstorm.cli;

import io.callstorm.core.persona.Personas;
import io.callstorm.core.scenario.SupportDeskScenarios;
import io.callstorm.core.validation.Problem;
import io.callstorm.core.validation.ProblemCollector;
import io.callstorm.history.Baseline;
import io.callstorm.history.RunTags;
import io.callstorm.eval.Evaluator;
import io.callstorm.eval.local.LocalEvaluators;
import io.callstorm.simulate.evaluate.EvaluationConfig;
import io.callstorm.simulate.load.LoadProfile;
import io.callstorm.simulate.Simulation;
import io.callstorm.cli.config.BuilderProblems;
import io.callstorm.cli.config.ClockSetting;
import io.callstorm.simulate.loop.SimulationClock;
import io.callstorm.cli.config.ConnectorSpec;
import io.callstorm.simulate.connect.AgentConnector;
import io.callstorm.simulate.connect.media.EspeakVoice;
import io.callstorm.reference.Fix;
import io.callstorm.reference.ReferenceAgent;
import io.callstorm.reference.ReferenceAgentConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Stream;

/** {@code callstorm demo}: the reference support agent, 18 personas, 14 paths, ramped to 10,000 calls. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Load-test the embedded reference voice agent (no agent of your own needed).")
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--peak", paramLabel = "N", description = "Peak concurrent calls (default: 10000; " + MEDIA_PEAK
            + " with --connector ws, whose callers stream real-time audio).")
    Integer peakOption;
    int peak;

    /** The default peak of media-stream calls: each sends 50 frames a second while it speaks. */
    static final int MEDIA_PEAK = 2_000;

    @Option(names = "--start", paramLabel = "N", description = "Concurrent calls at the start of the ramp "
            + "(default: " + DEFAULT_START + ", or --peak when that is lower).")
    Integer startOption;

    static final int DEFAULT_START = 100;

    @Option(names = "--ramp", paramLabel = "DURATION",
            description = "Ramp-up time, e.g. 60s, 2m (default: ${DEFAULT-VALUE}).",
            defaultValue = "60s", converter = DurationConverter.class)
    Duration ramp;

    @Option(names = "--hold", paramLabel = "DURATION",
            description = "Time held at peak (default: ${DEFAULT-VALUE}).", defaultValue = "30s",
            converter = DurationConverter.class)
    Duration hold;

    @Option(names = "--ramp-down", paramLabel = "DURATION",
            description = "Ramp-down time (default: ${DEFAULT-VALUE}).", defaultValue = "15s",
            converter = DurationConverter.class)
    Duration rampDown;

    @Option(names = "--seed", paramLabel = "N",
            description = "Seed of the scenario rows (default: ${DEFAULT-VALUE}).", defaultValue = "1")
    long seed;

    @Option(names = "--rows", paramLabel = "N",
            description = "Scenario rows to expand (default: ${DEFAULT-VALUE}).", defaultValue = "10000")
    int rows;

    @Option(names = "--time-scale", paramLabel = "FACTOR",
            description = "Factor on callers' speaking and listening time; agent latency is "
            + "never scaled (default: ${DEFAULT-VALUE}).", defaultValue = "0.1")
    double timeScale;

    @Option(names = "--fix", paramLabel = "FIX",
            split = ",", description = "Quick fixes to apply to the reference agent: "
            + "stt-failover, prompt-trim, tool-retry, tts-pool, summarize.")
    String[] fixes = new String[0];

    @Option(names = "--out", paramLabel = "DIR",
            description = "Output directory for report.json, report.html, junit.xml and calls.jsonl "
            + "(default: ${DEFAULT-VALUE}).",
            defaultValue = "callstorm-out")
    Path out;

    @Option(names = "--no-progress", description = "Do not show the live progress line.")
    boolean noProgress;

    @Option(names = "--compress-calls", description = "Write the calls gzip-compressed, as calls.jsonl.gz (about a "
            + "tenth of the size; `report` reads it).")
    boolean compressCalls;

    @Option(names = "--clock", paramLabel = "CLOCK", description = "real: the machine's clock; virtual: simulated "
            + "time, the in-process agent on the harness's loop, each timer exactly on time, so the same options and "
            + "seed give the same report.json on any machine (but for its harness section, timestamps and run id), in less "
            + "time than the load profile; in-process connector only (default: ${DEFAULT-VALUE}).",
            defaultValue = "real")
    String clock;

    @Option(names = "--connector", paramLabel = "KIND", description = "How callers reach the agent: in-process; "
            + "http (streaming chat completions) or ws (Twilio media streams, real-time audio); http and ws start "
            + "serve-agent as a child process unless --target is given "
            + "(default: ${DEFAULT-VALUE}).", defaultValue = "in-process")
    String connector;

    @Option(names = "--target", paramLabel = "URL", description = "Another agent to run the demo against: the base "
            + "URL of an OpenAI-compatible agent, with or without /v1, or its full /v1/chat/completions URL "
            + "(http(s)://, implies --connector http), or a media-stream WebSocket (ws(s)://, implies --connector ws), "
            + "e.g. http://127.0.0.1:8080, https://agent.example.com/v1 or wss://agent.example.com/media.")
    URI target;

    @Option(names = "--voice", paramLabel = "VOICE", description = "ws: the callers' voice: synthetic, espeak-ng, "
            + "espeak-ng:VOICE or files:DIR (default: ${DEFAULT-VALUE}).", defaultValue = "synthetic")
    String voice;

    @Option(names = "--barge-in", paramLabel = "SHARE", description = "ws: share of agent replies the caller talks "
            + "over, expecting a clear (default: ${DEFAULT-VALUE}).", defaultValue = "0.1")
    double bargeInRate;

    @Option(names = "--record-audio", paramLabel = "SHARE", description = "ws: share of calls whose agent audio is "
            + "recorded to OUT/recordings and scored by audio_quality (default: ${DEFAULT-VALUE}).",
            defaultValue = "0")
    double recordAudio;

    @Mixin
    JudgeOptions judgeOptions;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    GateOptions gateOptions;

    @Mixin
    LiveOptions liveOptions;

    @Mixin
    OtlpOptions otlpOptions;

    @Mixin
    HistoryOptions historyOptions;

    /** Evaluation threads with a judge: its calls wait on the network, and its bulkhead admits 16 at a time. */
    static final int JUDGE_THREADS = JudgeOptions.JUDGE_THREADS;
    /**
     * Calls that may wait for the judge. At its default 50 requests/s, two judged rubrics score about 25 calls/s: a
     * queue of 1,000 is under a minute of backlog at the run's end, where 100,000 would be an hour.
     */
    static final int JUDGE_QUEUE = 1_000;
    static final Duration JUDGE_FINISH_TIMEOUT = Duration.ofMinutes(2);

    /** Where the judge's key is read from; the process environment but in tests. */
    Function<String, String> environment = System::getenv;

    /** How the console shows progress and verdicts; set by {@link CallstormCli}. */
    ConsoleStyle style = ConsoleStyle.PLAIN;

    @Override
    public Integer call() throws Exception {
        ProblemCollector p = new ProblemCollector();
        String kind = target == null ? connector : String.valueOf(targetKind(target));
        peak = peakOption != null ? peakOption : kind.equals(ConnectorSpec.WS) ? MEDIA_PEAK : 10_000;
        // a lower --peak lowers the default start with it; a start the user chose above the peak is a mistake
        int start = startOption != null ? startOption : Math.max(0, Math.min(DEFAULT_START, peak));
        p.check(startOption == null || startOption <= peak, "--start", "must be <= --peak (" + peak + "), was "
                + start);
        Set<Fix> fixSet = Fix.fromCliNames(List.of(fixes), "--fix", p);
        boolean emptyFix = Stream.of(fixes).anyMatch(String::isBlank) || asWritten("--fix").stream()
                .anyMatch(w -> Stream.of(w.split(",", -1)).anyMatch(String::isBlank));
        p.check(!emptyFix, "--fix", "must name a fix, was empty; allowed: " + String.join(", ", Fix.cliNames()));
        p.check(fixes.length == 0 || target == null, "--fix", "changes the embedded reference agent; --target runs "
                + "another agent, which --fix cannot change: drop one of them");
        OutputDirectory.check(out, "--out", p);
        p.check(AgentConnectors.NAMES.contains(connector), "--connector", "unknown connector \"" + connector
                + "\"; allowed: " + String.join(", ", AgentConnectors.NAMES));
        String targetKind = targetKind(target);
        p.check(target == null || targetKind != null, "--target",
                "must be an absolute http(s):// or ws(s):// URL, was " + target);
        if (target != null && targetKind != null && !connector.equals(ConnectorSpec.IN_PROCESS)
                && !connector.equals(targetKind)) {
            p.add("--target", "a " + target.getScheme() + ":// URL needs --connector " + targetKind + ", not "
                    + connector);
        }
        String connectorKind = target != null && targetKind != null ? targetKind : connector;
        SimulationClock runClock = ClockSetting.parse(clock, "--clock", p).orElse(SimulationClock.REAL);
        ClockSetting.checkConnector(runClock, ConnectorSpec.of(connectorKind, Optional.ofNullable(target)), "--clock",
                target != null ? "--target" : "--connector", p);
        p.check(bargeInRate >= 0 && bargeInRate <= 1, "--barge-in", "must be between 0 and 1, was " + bargeInRate);
        p.check(recordAudio >= 0 && recordAudio <= 1, "--record-audio", "must be between 0 and 1, was "
                + recordAudio);
        p.check(recordAudio == 0 || connectorKind.equals(ConnectorSpec.WS), "--record-audio",
                "records media streams: needs --connector ws");
        p.check(ConnectorSpec.isVoice(voice), "--voice", "must be " + ConnectorSpec.VOICES + ", was \"" + voice + '"');
        p.check(!voice.startsWith("espeak-ng") || EspeakVoice.isAvailable(), "--voice",
                "espeak-ng is not installed; install the Debian package espeak-ng, or use the synthetic voice");
        p.check(!voice.startsWith("files:") || java.nio.file.Files.isDirectory(Path.of(voice.substring(6))),
                "--voice", "no such folder: " + voice.substring(Math.min(6, voice.length())));
        List<String> judged = judgeOptions.rubrics(environment, p);
        RunTags tags = historyOptions.tags(p);
        gateOptions.acceptHistoryBaselines();
        // the gate is checked before the run: a gate that can never pass must not cost a two-minute run
        GateOptions.Resolved gate = gateOptions.resolve(Optional.of((recordAudio > 0 ? AgentConnectors.evaluatorsWithAudio()
                : LocalEvaluators.all()).stream().map(Evaluator::rubric).toList()), p);
        Simulation.Builder sim = simulation(start, fixSet, p).clock(runClock).runId(HistoryOptions.newRunId());
        liveOptions.check(p);
        otlpOptions.check(p);
        p.throwIfAny("demo options");
        Optional<Baseline> fromHistory = gate.fromHistory().flatMap(b -> HistoryBaselines.find(b, name(fixSet),
                Set.of(), historyOptions.location, environment, p, System.err, RunCommand.NO_BASELINE));
        p.throwIfAny("demo options");

        ReferenceAgentConfig config = ReferenceAgentConfig.defaults().toBuilder().seed(seed).build().withFixes(fixSet);
        ConnectorSpec spec = ConnectorSpec.of(connectorKind, Optional.ofNullable(target)).withMedia(voice, bargeInRate,
                recordAudio);
        try (AgentConnector agent = AgentConnectors.open(spec, config, seed, fixSet, environment);
             JudgeOptions.Judge judge = judgeOptions.open(environment)) {
            sim = sim.agent(ReferenceAgent.definition(), agent).gate(gate.gate());
            // the builder's own check, with the agent now known (the options above caught what they can)
            ProblemCollector withAgent = new ProblemCollector();
            new BuilderProblems().name("clock", "--clock").addTo(sim.problems(), withAgent);
            withAgent.throwIfAny("demo options");
            if (gate.baseline().isPresent()) {
                sim = sim.baseline(gate.baseline().get(), gate.thresholds());
            } else if (fromHistory.isPresent()) {
                System.out.println("Baseline: " + fromHistory.get().description());
                sim = sim.baseline(fromHistory.get().report(), gate.thresholds());
            }
            if (judge.judge().isPresent()) {
                sim = sim.judge(judge.judge().get(), judged.toArray(String[]::new))
                        .evaluation(EvaluationConfig.builder().threads(JUDGE_THREADS).queueCapacity(JUDGE_QUEUE)
                                .finishTimeout(JUDGE_FINISH_TIMEOUT).build());
                System.out.println(judgeOptions.describe(judged, environment));
            }
            return InteractiveRun.run(sim, out, !noProgress, style, liveOptions, otlpOptions,
                    report -> historyOptions.record(report, tags, environment, System.out, System.err));
        }
    }

    /** The simulation's name: its runs are each other's baselines, and a run with fixes is another simulation. */
    private static String name(Set<Fix> fixes) {
        return fixes.isEmpty() ? "demo" : "demo+fixes";
    }

    /**
     * The simulation the options describe, but for its agent, gate and judge (added once the options are valid). The
     * ranges are its builders' to check: their problems are added to {@code p} under the options that set them.
     */
    private Simulation.Builder simulation(int start, Set<Fix> fixes, ProblemCollector p) {
        BuilderProblems options = new BuilderProblems()
                .name("timeScale", "--time-scale")
                .name("scenarios.rows", "--rows")
                // the connector is opened once the options are known to be valid, for opening it may start a
                // serve-agent child process: the builder checked here has no agent yet, and that is no problem
                .ignore("agent.definition")
                .ignore("agent.connector");
        LoadProfile.Builder load = load(start, options);
        List<Problem> loadProblems = load.problems();
        Simulation.Builder sim = Simulation.builder()
                .name(name(fixes))
                .personas(Personas.builtIns())
                .scenarios(SupportDeskScenarios.graph(), rows)
                .seed(seed)
                .timeScale(timeScale)
                .outputDirectory(out)
                .compressCallsFile(compressCalls);
        if (loadProblems.isEmpty()) {
            sim = sim.load(load.build());
        } else {
            options.ignore("load"); // unset because it is invalid: the profile's own problems say which option
        }
        if (recordAudio > 0) {
            sim = sim.evaluators(AgentConnectors.evaluatorsWithAudio());
        }
        for (String option : List.of("--ramp", "--hold", "--ramp-down", "--time-scale", "--rows", "--peak", "--start")) {
            asWritten(option).ifPresent(w -> options.written(builderPath(option, options), w));
        }
        options.addTo(Stream.concat(loadProblems.stream(), sim.problems().stream()).toList(), p);
        return sim;
    }

    /** The ramp to the peak, the hold and the ramp-down, each stage's paths named after the options that set it. */
    private LoadProfile.Builder load(int start, BuilderProblems options) {
        LoadProfile.Builder load = LoadProfile.concurrentCalls(start).rampTo(peak, ramp);
        options.name("load.start", "--start").name("load.peak", "--peak")
                .name("load.stages[0].duration", "--ramp").name("load.stages[0].target", "--peak");
        int next = 1;
        if (!hold.isZero()) {
            load = load.hold(hold);
            options.name("load.stages[1].duration", "--hold").name("load.stages[1].target", "--peak");
            next++;
        }
        if (!rampDown.isZero()) {
            load = load.rampTo(0, rampDown);
            options.name("load.stages[" + next + "].duration", "--ramp-down");
        }
        return load;
    }

    /** The value of {@code option} as the user typed it, when given. */
    private Optional<String> asWritten(String option) {
        if (spec == null || spec.findOption(option) == null) {
            return Optional.empty();
        }
        List<String> values = spec.findOption(option).originalStringValues();
        return values.isEmpty() ? Optional.empty() : Optional.of(values.get(values.size() - 1));
    }

    /** The builder path an option sets, for quoting its value as typed. */
    private String builderPath(String option, BuilderProblems options) {
        return switch (option) {
            case "--ramp" -> "load.stages[0].duration";
            case "--hold" -> "load.stages[1].duration";
            case "--ramp-down" -> "load.stages[" + (hold.isZero() ? 1 : 2) + "].duration";
            case "--time-scale" -> "timeScale";
            case "--rows" -> "scenarios.rows";
            case "--peak" -> "load.stages[0].target";
            default -> "load.start";
        };
    }

    /** {@code http} or {@code ws} for a target URL of that scheme; null for anything else. */
    private static String targetKind(URI target) {
        if (target == null || !target.isAbsolute() || target.getHost() == null) {
            return null;
        }
        return switch (target.getScheme().toLowerCase(java.util.Locale.ROOT)) {
            case "http", "https" -> "http";
            case "ws", "wss" -> "ws";
            default -> null;
        };
    }
}
