package io.callstorm.samples;

import io.callstorm.core.Stage;
import io.callstorm.core.persona.AgeBand;
import io.callstorm.core.persona.BackgroundNoise;
import io.callstorm.core.persona.CommunicationStyle;
import io.callstorm.core.persona.Gender;
import io.callstorm.core.persona.Persona;
import io.callstorm.core.persona.Personas;
import io.callstorm.core.scenario.ScenarioGraph;
import io.callstorm.core.scenario.ScenarioRow;
import io.callstorm.core.scenario.SupportDeskScenarios;
import io.callstorm.eval.Evaluator;
import io.callstorm.eval.Rubrics;
import io.callstorm.eval.local.LocalEvaluators;
import io.callstorm.simulate.load.LoadProfile;
import io.callstorm.simulate.load.RetryPolicy;
import io.callstorm.simulate.Simulation;
import io.callstorm.simulate.report.SimulationReport;
import io.callstorm.simulate.analysis.ReportAssembler;
import io.callstorm.reference.Fix;
import io.callstorm.reference.ReferenceAgent;
import io.callstorm.reference.ReferenceAgentConfig;
import io.callstorm.simulate.report.DriftRow;
import io.callstorm.simulate.report.ErrorCluster;
import io.callstorm.simulate.report.LatencyRow;
import io.callstorm.simulate.report.QualityRow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The worked load test of a customer-support voice agent: a B2B SaaS support line built for 200 concurrent
 * calls (400 in its peak hour), tested at ten times that before a release.
 *
 * <ul>
 *   <li><b>Agent:</b> {@link ReferenceAgent#definition()} (account, billing, technical questions and escalation;
 *       tools {@code get_account_info}, {@code get_billing_status}, {@code get_open_tickets},
 *       {@code create_ticket}, {@code escalate_to_human}), reached in-process through a {@link ReferenceAgent}.</li>
 *   <li><b>Personas:</b> 10 — four written for this product (small-business admin, mid-market IT manager,
 *       enterprise security officer, technical end-user) and six built-ins ({@code in-a-hurry},
 *       {@code frustrated}, {@code polite-escalator}, {@code information-gatherer}, {@code skeptical},
 *       {@code complaint-caller}).</li>
 *   <li><b>Scenarios:</b> {@link SupportDeskScenarios#graph()}, 14 paths, each with its expected outcome;
 *       10,000 rows expanded from the seed.</li>
 *   <li><b>Rubrics:</b> the five local evaluators, {@code conversation_resolution}, {@code task_completion},
 *       {@code is_polite}, {@code is_helpful}, {@code is_concise}.</li>
 *   <li><b>Load:</b> ramp, hold at peak, ramp down (closed model: concurrent calls); transient agent errors
 *       retried with the default {@link RetryPolicy}.</li>
 * </ul>
 *
 * <p>As a test it keeps the load small (20 to 300 concurrent calls over 3 s, 2 s hold, 2 s ramp-down, time scale
 * 0.05) so {@code mvn verify} stays quick: about 15 s, most of it the longest path (12 caller turns, each waiting
 * on real, unscaled agent latency) draining after the ramp-down. System properties scale it up:
 * <table>
 *   <caption>System properties</caption>
 *   <tr><th>property</th><th>test default</th><th>{@code main} default</th></tr>
 *   <tr><td>{@code callstorm.start}</td><td>20</td><td>100</td></tr>
 *   <tr><td>{@code callstorm.peak}</td><td>300</td><td>4000</td></tr>
 *   <tr><td>{@code callstorm.ramp}</td><td>3s</td><td>30s</td></tr>
 *   <tr><td>{@code callstorm.hold}</td><td>2s</td><td>60s</td></tr>
 *   <tr><td>{@code callstorm.rampDown}</td><td>2s</td><td>15s</td></tr>
 *   <tr><td>{@code callstorm.timeScale}</td><td>0.05</td><td>0.1</td></tr>
 *   <tr><td>{@code callstorm.rows}</td><td>10000</td><td>10000</td></tr>
 *   <tr><td>{@code callstorm.seed}</td><td>1</td><td>1</td></tr>
 *   <tr><td>{@code callstorm.fix}</td><td>none</td><td>none</td></tr>
 *   <tr><td>{@code callstorm.out}</td><td>a temporary directory</td><td>{@code callstorm-out/support-agent}</td></tr>
 * </table>
 * Durations read {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1m30s} or ISO-8601 ({@code PT30S});
 * {@code callstorm.fix} takes the reference agent's quick fixes, e.g. {@code stt-failover,tts-pool}.
 *
 * <p>The guide's 4,000-call run, with its minutes read as seconds (ramp 30, hold 60, ramp-down 15):
 * <pre>
 * mvn -B -q install -DskipTests
 * mvn -B verify -pl samples -Dcallstorm.start=100 -Dcallstorm.peak=4000 -Dcallstorm.ramp=30s \
 *     -Dcallstorm.hold=60s -Dcallstorm.rampDown=15s -Dcallstorm.timeScale=0.1
 * </pre>
 * or run {@link #main(String[])} (from an IDE, or as below), whose defaults are that run and which prints the
 * report's key numbers:
 * <pre>
 * mvn -B -q -pl samples test-compile dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
 * java -cp "samples/target/test-classes:$(cat samples/target/classpath.txt)" io.callstorm.samples.SupportAgentLoadTest
 * </pre>
 * Patch and re-run: add {@code -Dcallstorm.fix=stt-failover,prompt-trim,tool-retry,tts-pool,summarize}.
 */
class SupportAgentLoadTest {
    private static final Settings TEST_DEFAULTS = new Settings(20, 300, Duration.ofSeconds(3), Duration.ofSeconds(2),
            Duration.ofSeconds(2), 0.05, 10_000, 1, Optional.empty(), Set.of());
    private static final Settings GUIDE_RUN = new Settings(100, 4_000, Duration.ofSeconds(30), Duration.ofSeconds(60),
            Duration.ofSeconds(15), 0.1, 10_000, 1, Optional.of(Path.of("callstorm-out", "support-agent")), Set.of());

    // --- the example -------------------------------------------------------------------------------------

    /** The four personas written for this product: who calls a B2B SaaS support line besides the built-ins. */
    static List<Persona> customPersonas() {
        return List.of(
                Persona.builder("small-business-admin")
                        .name("Small-business admin")
                        .description("Runs IT on the side for a 12-person firm; not technical, wants it fixed.")
                        .gender(Gender.FEMALE).ageBand(AgeBand.AGE_30_44)
                        .location("Columbus, US").accent("General American")
                        .communicationStyle(CommunicationStyle.CHATTY)
                        .speakingRateWpm(150).patience(Duration.ofSeconds(4))
                        .backgroundNoise(BackgroundNoise.OFFICE)
                        .build(),
                Persona.builder("mid-market-it-manager")
                        .name("Mid-market IT manager")
                        .description("Manages 300 seats; busy, to the point, knows the admin console.")
                        .gender(Gender.MALE).ageBand(AgeBand.AGE_45_64)
                        .location("Chicago, US").accent("Midwestern")
                        .communicationStyle(CommunicationStyle.DIRECT)
                        .speakingRateWpm(165).patience(Duration.ofMillis(3_500))
                        .backgroundNoise(BackgroundNoise.OFFICE)
                        .build(),
                Persona.builder("enterprise-security-officer")
                        .name("Enterprise security officer")
                        .description("Careful and formal; asks for confirmation before anything changes.")
                        .gender(Gender.FEMALE).ageBand(AgeBand.AGE_45_64)
                        .location("London, UK").accent("Southern British English").language("en-GB")
                        .communicationStyle(CommunicationStyle.FORMAL)
                        .speakingRateWpm(140).patience(Duration.ofSeconds(5))
                        .backgroundNoise(BackgroundNoise.QUIET)
                        .build(),
                Persona.builder("technical-end-user")
                        .name("Technical end-user")
                        .description("Developer who uses the product daily; precise, has tried the basics.")
                        .gender(Gender.NEUTRAL).ageBand(AgeBand.AGE_18_29)
                        .location("Austin, US").accent("General American")
                        .communicationStyle(CommunicationStyle.DIRECT)
                        .speakingRateWpm(175).patience(Duration.ofSeconds(3))
                        .backgroundNoise(BackgroundNoise.HOME)
                        .build());
    }

    /** The six built-ins of the worked example. */
    static List<Persona> builtInPersonas() {
        return List.of("in-a-hurry", "frustrated", "polite-escalator", "information-gatherer", "skeptical",
                "complaint-caller").stream().map(Personas::get).toList();
    }

    /** The persona matrix: 4 custom + 6 built-in. */
    static List<Persona> personas() {
        return Stream.concat(customPersonas().stream(), builtInPersonas().stream()).toList();
    }

    /** Ramp from start to peak, hold, ramp down to zero. */
    static LoadProfile loadProfile(Settings s) {
        LoadProfile.Builder load = LoadProfile.concurrentCalls(s.start()).rampTo(s.peak(), s.ramp());
        if (!s.hold().isZero()) {
            load = load.hold(s.hold());
        }
        if (!s.rampDown().isZero()) {
            load = load.rampTo(0, s.rampDown());
        }
        return load.build();
    }

    /** The five rubrics, scored by the local evaluators (one per rubric, in report order). */
    static List<Evaluator> evaluators() {
        return LocalEvaluators.all();
    }

    /** The whole simulation, against an agent the caller owns (and closes). */
    static Simulation simulation(Settings s, ReferenceAgent agent, Path outputDirectory) {
        return Simulation.builder()
                .name("support-agent-load-test")
                .agent(ReferenceAgent.definition(), agent)
                .personas(personas())
                .scenarios(SupportDeskScenarios.graph(), s.rows())
                .seed(s.seed())
                .evaluators(evaluators())
                .load(loadProfile(s))
                .timeScale(s.timeScale())
                .retry(RetryPolicy.defaults()) // retry on transient failures (429 with Retry-After, 5xx, resets)
                .outputDirectory(outputDirectory)
                .build();
    }

    static ReferenceAgentConfig agentConfig(Settings s) {
        return ReferenceAgentConfig.defaults().withFixes(s.fixes());
    }

    // --- the test ----------------------------------------------------------------------------------------

    @Test
    void supportAgentHoldsUpUnderLoad(@TempDir Path tmp) throws IOException {
        Settings s = Settings.fromSystemProperties(TEST_DEFAULTS);
        Path out = s.out().orElse(tmp);
        ScenarioGraph graph = SupportDeskScenarios.graph();

        SimulationReport report;
        Simulation simulation;
        try (ReferenceAgent agent = ReferenceAgent.create(agentConfig(s))) {
            simulation = simulation(s, agent, out);
            report = simulation.run();
        }
        printKeyNumbers(report, System.out);

        // what was asked for: 10,000 rows covering every path and persona
        List<ScenarioRow> rows = simulation.rows();
        assertThat(rows).hasSize(s.rows());
        assertThat(graph.paths()).hasSize(14);
        assertThat(rows.stream().map(r -> r.path().id()).distinct())
                .containsExactlyInAnyOrderElementsOf(graph.paths().stream().map(p -> p.id()).toList());
        assertThat(rows.stream().map(r -> r.persona().id()).distinct())
                .hasSize(10)
                .containsExactlyInAnyOrderElementsOf(personas().stream().map(Persona::id).toList());
        assertThat(evaluators()).extracting(Evaluator::rubric).containsExactlyElementsOf(Rubrics.CORE);

        // calls ran and finished
        assertThat(report.load().callsStarted()).isPositive();
        assertThat(report.load().callsCompleted()).isPositive();
        assertThat(report.load().peakConcurrency()).isGreaterThanOrEqualTo(s.peak() / 2);

        // the three curves: latency for every stage, quality for every rubric
        for (Stage stage : Stage.values()) {
            assertThat(report.latency(stage)).as("latency rows of %s", stage.wireName()).isNotEmpty();
        }
        for (String rubric : Rubrics.CORE) {
            assertThat(report.quality(rubric)).as("quality rows of %s", rubric).isNotEmpty();
        }

        // at low load the agent resolves most conversations as their scenario expects
        QualityRow lowest = lowestTrusted(report.quality(Rubrics.CONVERSATION_RESOLUTION));
        assertThat(lowest.passRate())
                .as("conversation_resolution pass rate at %d concurrent (%d calls)", lowest.concurrency(), lowest.count())
                .isGreaterThan(0.7);

        // the files a dashboard or a later run reads
        assertThat(out.resolve("report.json")).isNotEmptyFile();
        assertThat(out.resolve("calls.jsonl")).isNotEmptyFile();
        assertThat(SimulationReport.readJson(out.resolve("report.json")).schemaVersion()).isEqualTo(1);
        try (var lines = Files.lines(out.resolve("calls.jsonl"))) {
            assertThat(lines.count()).isEqualTo(report.load().callsStarted());
        }
    }

    /** The lowest-concurrency row with enough calls to trust its rate (as the report's drift uses). */
    private static QualityRow lowestTrusted(List<QualityRow> rows) {
        return rows.stream().filter(r -> r.count() >= ReportAssembler.MIN_SAMPLES_FOR_ENDS).findFirst()
                .orElseGet(() -> rows.stream().max((a, b) -> Long.compare(a.count(), b.count())).orElseThrow());
    }

    // --- the scaled-up run ---------------------------------------------------------------------------------

    /**
     * Runs the guide's 4,000-call load test (100 to 4,000 concurrent over 30 s, 60 s hold, 15 s ramp-down,
     * time scale 0.1; each {@code callstorm.*} system property overrides its default), writes
     * {@code report.json} and {@code calls.jsonl} to {@code callstorm-out/support-agent}, and prints the key numbers.
     */
    public static void main(String[] args) {
        Settings s = Settings.fromSystemProperties(GUIDE_RUN);
        Path out = s.out().orElseThrow();
        System.out.printf(Locale.ROOT, "Support agent load test: %s, time scale %s, fixes %s%n", loadProfile(s),
                s.timeScale(), s.fixes().isEmpty() ? "none" : s.fixes().stream().map(Fix::cliName).toList());
        try (ReferenceAgent agent = ReferenceAgent.create(agentConfig(s))) {
            SimulationReport report = simulation(s, agent, out).run();
            printKeyNumbers(report, System.out);
            System.out.printf("%nWrote %s and %s%n", out.resolve("report.json"), out.resolve("calls.jsonl"));
        }
    }

    /** Lowest against peak for each stage and rubric, the error rate and the largest clusters. */
    static void printKeyNumbers(SimulationReport r, PrintStream out) {
        var load = r.load();
        out.printf(Locale.ROOT, "%n%,d calls: %,d completed, %,d failed, %,d timed out, %,d hung up; peak %,d concurrent; "
                        + "%,d retries%n", load.callsStarted(), load.callsCompleted(), load.callsFailed(),
                load.callsTimedOut(), load.callsHungUp(), load.peakConcurrency(), load.retries());
        out.printf(Locale.ROOT, "%-20s %18s %18s  %s%n", "stage", "P95 at lowest", "P95 at peak", "curve");
        for (Stage stage : Stage.values()) {
            Optional<LatencyRow> low = r.lowestLatency(stage);
            Optional<LatencyRow> peak = r.peakLatency(stage);
            if (low.isPresent() && peak.isPresent()) {
                String curve = r.curve(stage).map(c -> c.shape() + c.kneeConcurrency().stream()
                        .mapToObj(k -> " at " + k).collect(Collectors.joining())).orElse("");
                out.printf(Locale.ROOT, "%-20s %7.0f ms @ %,6d %7.0f ms @ %,6d  %s%n", stage.wireName(),
                        low.get().p95Ms(), low.get().concurrency(), peak.get().p95Ms(), peak.get().concurrency(), curve);
            }
        }
        out.printf(Locale.ROOT, "%-24s %8s %8s %7s  %s%n", "rubric", "lowest", "peak", "delta", "drift");
        for (String rubric : Rubrics.CORE) {
            r.drift(rubric).ifPresent((DriftRow d) -> out.printf(Locale.ROOT, "%-24s %7.1f%% %7.1f%% %+7.1f  %s%n",
                    rubric, d.lowPassRate() * 100, d.peakPassRate() * 100, d.deltaPoints(), d.shape()));
        }
        out.printf(Locale.ROOT, "error rate %.2f%%%n", r.errorRate() * 100);
        r.errors().clusters().stream().limit(5).forEach((ErrorCluster c) -> out.printf(Locale.ROOT,
                "  %-36s %5.1f%% of failures, first at %,d concurrent; quick fix: %s%n", c.name(), c.share() * 100,
                c.firstSeenConcurrency(), c.quickFix()));
        var h = r.harness();
        out.printf(Locale.ROOT, "harness: event-loop lag P99 %.1f ms, heap peak %,d MB, CPU %.1f s, %,d scored, "
                + "%,d dropped%n", h.eventLoopLagP99Ms(), h.heapPeakMb(), h.cpuSeconds(), h.evaluationsDone(),
                h.evaluationsDropped());
    }

    // --- settings from system properties ----------------------------------------------------------------------

    /** One run's size, read from {@code callstorm.*} system properties over a set of defaults. */
    record Settings(int start, int peak, Duration ramp, Duration hold, Duration rampDown, double timeScale, int rows,
                    long seed, Optional<Path> out, Set<Fix> fixes) {

        static Settings fromSystemProperties(Settings d) {
            String out = System.getProperty("callstorm.out", "").strip();
            String fix = System.getProperty("callstorm.fix", "").strip();
            return new Settings(
                    Integer.parseInt(property("callstorm.start", Integer.toString(d.start()))),
                    Integer.parseInt(property("callstorm.peak", Integer.toString(d.peak()))),
                    duration("callstorm.ramp", d.ramp()),
                    duration("callstorm.hold", d.hold()),
                    duration("callstorm.rampDown", d.rampDown()),
                    Double.parseDouble(property("callstorm.timeScale", Double.toString(d.timeScale()))),
                    Integer.parseInt(property("callstorm.rows", Integer.toString(d.rows()))),
                    Long.parseLong(property("callstorm.seed", Long.toString(d.seed()))),
                    out.isEmpty() ? d.out() : Optional.of(Path.of(out)),
                    fix.isEmpty() ? d.fixes() : Collections.unmodifiableSet(Fix.parseList(fix)));
        }

        private static String property(String key, String fallback) {
            String v = System.getProperty(key, "").strip();
            return v.isEmpty() ? fallback : v;
        }

        private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h)");

        /** {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1m30s}, a bare number of seconds, or ISO-8601. */
        static Duration duration(String key, Duration fallback) {
            String v = System.getProperty(key, "").strip().toLowerCase(Locale.ROOT);
            if (v.isEmpty()) {
                return fallback;
            }
            try {
                if (v.startsWith("pt")) {
                    return Duration.parse(v.toUpperCase(Locale.ROOT));
                }
                if (v.matches("\\d+")) {
                    return Duration.ofSeconds(Long.parseLong(v));
                }
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(key + ": '" + v + "' is not a duration", e);
            }
            Matcher m = PART.matcher(v);
            Duration d = Duration.ZERO;
            int end = 0;
            while (m.find() && m.start() == end) {
                long n = Long.parseLong(m.group(1));
                d = d.plus(switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    default -> Duration.ofHours(n);
                });
                end = m.end();
            }
            if (end == 0 || end != v.length()) {
                throw new IllegalArgumentException(key + ": '" + v + "' is not a duration; use e.g. 500ms, 30s, 2m, "
                        + "1m30s or PT30S");
            }
            return d;
        }
    }
}
