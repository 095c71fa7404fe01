package io.callstorm.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callstorm.core.validation.ProblemCollector;
import io.callstorm.history.HistoryQuery;
import io.callstorm.history.RunHistory;
import io.callstorm.history.RunRecord;
import io.callstorm.history.RunSummary;
import io.callstorm.history.RunTags;
import io.callstorm.simulate.report.LatencyRow;
import io.callstorm.simulate.report.QualityRow;
import io.callstorm.simulate.report.ReportJson;
import io.callstorm.simulate.report.SimulationReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code callstorm history}: the runs kept, newest first; {@code history show RUN_ID}: one of them. */
@Command(name = "history", mixinStandardHelpOptions = true, subcommands = HistoryCommand.Show.class,
        description = "List the runs in the run history, newest first (run and demo record each run; see "
                + "docs/history.md).")
final class HistoryCommand implements Callable<Integer> {
    private static final Pattern AGO = Pattern.compile("(\\d{1,6})([mhdw])");

    @Mixin
    HistoryLocation location;

    @Option(names = "--since", paramLabel = "WHEN", description = "Runs started since: a time ago (30m, 12h, 7d, 2w), "
            + "a date (2026-11-30, UTC) or an instant (2026-11-30T10:00:00Z).")
    String since;

    @Option(names = "--tag", paramLabel = "TAG", description = "Runs carrying this tag (KEY=VALUE) (repeatable: every one); "
            + "a NAME alone is release=NAME.")
    List<String> tags = new ArrayList<>();

    @Option(names = "--simulation", paramLabel = "NAME", description = "Runs of this simulation (demo, demo+fixes, or "
            + "a file's name:).")
    String simulation;

    @Option(names = "--limit", paramLabel = "N", description = "At most N runs (default: ${DEFAULT-VALUE}).",
            defaultValue = "" + HistoryQuery.DEFAULT_LIMIT)
    int limit;

    @Option(names = "--json", description = "The runs as a JSON array, for tooling.")
    boolean json;

    /** Where the history's credentials are read from; the process's but in tests. */
    Function<String, String> environment = System::getenv;

    @Override
    public Integer call() throws Exception {
        ProblemCollector p = new ProblemCollector();
        HistoryQuery.Builder q = HistoryQuery.builder();
        if (since != null) {
            parseSince(since, Instant.now(), p).ifPresent(q::since);
        }
        for (String tag : tags) {
            int eq = tag.indexOf('=');
            String key = eq < 0 ? RunTags.RELEASE : tag.substring(0, eq);
            String value = eq < 0 ? tag : tag.substring(eq + 1);
            Optional<String> problem = RunTags.problemWith(key, value);
            if (p.check(problem.isEmpty(), "--tag", problem.orElse(""))) {
                q.tag(key, value);
            }
        }
        if (p.check(simulation == null || !simulation.isBlank(), "--simulation", "must not be blank")
                && simulation != null) {
            q.simulation(simulation);
        }
        if (p.check(limit >= 1 && limit <= HistoryQuery.MAX_LIMIT, "--limit", "must be between 1 and "
                + HistoryQuery.MAX_LIMIT + ", was " + limit)) {
            q.limit(limit);
        }
        p.throwIfAny("history options");

        List<RunSummary> runs = List.of();
        String where = location.location(environment);
        if (!location.isMissingFile(environment)) {
            try (RunHistory history = location.open(environment)) {
                runs = history.find(q.build());
                where = history.location();
            }
        }
        if (json) {
            ArrayNode array = ReportJson.mapper().createArrayNode();
            runs.forEach(r -> array.add(summaryJson(r)));
            System.out.println(ReportJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(array));
            return CallstormCli.EXIT_OK;
        }
        if (runs.isEmpty()) {
            System.out.println("No runs in the history " + where + (q.build().tags().isEmpty() && since == null
                    && simulation == null ? "" : " match") + " (run and demo record each run there).");
            return CallstormCli.EXIT_OK;
        }
        System.out.printf(Locale.ROOT, "%-24s %-20s %-18s %7s %9s %7s  %-8s %s%n", "RUN", "STARTED (UTC)",
                "SIMULATION", "PEAK", "CALLS", "ERRORS", "GATE", "TAGS");
        for (RunSummary r : runs) {
            System.out.printf(Locale.ROOT, "%-24s %-20s %-18s %,7d %,9d %6.2f%%  %-8s %s%n", r.runId(),
                    r.startedAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString().replace('T', ' ')
                            .replace("Z", ""), r.simulationName() + (r.partial() ? " (partial)" : ""),
                    r.peakConcurrency(), r.callsStarted(), r.errorRate() * 100, r.verdict(), r.tags());
        }
        System.out.printf("%n%d run%s from %s; `callstorm history show RUN` for one%n", runs.size(),
                runs.size() == 1 ? "" : "s", where);
        return CallstormCli.EXIT_OK;
    }

    /** A time ago, a date or an instant, as the instant it means; a problem when it is none of them. */
    static Optional<Instant> parseSince(String text, Instant now, ProblemCollector p) {
        Matcher ago = AGO.matcher(text);
        if (ago.matches()) {
            long n = Long.parseLong(ago.group(1));
            Duration d = switch (ago.group(2)) {
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> Duration.ofDays(7 * n);
            };
            return Optional.of(now.minus(d));
        }
        try {
            return Optional.of(text.contains("T") ? Instant.parse(text)
                    : LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException e) {
            p.add("--since", "must be a time ago (30m, 12h, 7d, 2w), a date (2026-11-30) or an instant "
                    + "(2026-11-30T10:00:00Z), was \"" + text + '"');
            return Optional.empty();
        }
    }

    static ObjectNode summaryJson(RunSummary r) {
        ObjectNode n = ReportJson.mapper().createObjectNode();
        n.put("runId", r.runId());
        n.put("recordedAt", r.recordedAt().toString());
        n.put("startedAt", r.startedAt().toString());
        n.put("simulation", r.simulationName());
        n.put("agent", r.agentName());
        n.put("connector", r.connector());
        n.put("seed", r.seed());
        n.put("clock", r.clock());
        n.put("durationSeconds", r.durationSeconds());
        n.put("peakConcurrency", r.peakConcurrency());
        n.put("callsStarted", r.callsStarted());
        n.put("callsCompleted", r.callsCompleted());
        n.put("callsFailed", r.callsFailed());
        n.put("callsTimedOut", r.callsTimedOut());
        n.put("callsHungUp", r.callsHungUp());
        n.put("callsCancelled", r.callsCancelled());
        n.put("errorRate", r.errorRate());
        n.put("gated", r.gated());
        n.put("gatePassed", r.gatePassed());
        n.put("partial", r.partial());
        ObjectNode tags = n.putObject("tags");
        r.tags().asMap().forEach(tags::put);
        return n;
    }

    /** {@code callstorm history show RUN_ID}. */
    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Show one run of the history: its summary, tags, figures at peak, clusters and gate.")
    static final class Show implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "RUN_ID", description = "The run's id (callstorm history lists them; "
                + "report.json has it as simulation.runId).")
        String runId;

        @Mixin
        HistoryLocation location;

        @Option(names = "--json", description = "The run as JSON: its summary, curves, quality, clusters, gate checks "
                + "and report.")
        boolean json;

        /** Where the history's credentials are read from; the process's but in tests. */
        Function<String, String> environment = System::getenv;

        @Override
        public Integer call() throws Exception {
            Optional<RunRecord> run = Optional.empty();
            String where = location.location(environment);
            if (!location.isMissingFile(environment)) {
                try (RunHistory history = location.open(environment)) {
                    run = history.get(runId);
                    where = history.location();
                }
            }
            if (run.isEmpty()) {
                System.err.println("callstorm history show: no run " + runId + " in the history " + where
                        + " (callstorm history lists them)");
                return CallstormCli.EXIT_USAGE;
            }
            RunRecord r = run.get();
            if (json) {
                ObjectNode n = ReportJson.mapper().createObjectNode();
                n.set("summary", summaryJson(r.summary()));
                n.set("latency", ReportJson.mapper().valueToTree(r.latency()));
                n.set("quality", ReportJson.mapper().valueToTree(r.quality()));
                n.set("errorRate", ReportJson.mapper().valueToTree(r.errorRate()));
                n.set("clusters", ReportJson.mapper().valueToTree(r.clusters()));
                n.set("gateChecks", ReportJson.mapper().valueToTree(r.gateChecks()));
                n.set("report", ReportJson.mapper().valueToTree(r.report()));
                System.out.println(ReportJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(n));
                return CallstormCli.EXIT_OK;
            }
            print(r);
            return CallstormCli.EXIT_OK;
        }

        private static void print(RunRecord r) {
            RunSummary s = r.summary();
            System.out.printf(Locale.ROOT, "Run %s: %s%s, %s%n", s.runId(), s.simulationName(),
                    s.partial() ? " (partial: stopped before its end)" : "", s.agentName());
            System.out.printf(Locale.ROOT, "  started %s, %.1f s on the %s clock, seed %d, %s%n", s.startedAt(),
                    s.durationSeconds(), s.clock(), s.seed(), s.connector());
            System.out.printf(Locale.ROOT, "  peak %,d concurrent; calls %,d started, %,d completed, %,d failed, "
                            + "%,d timed out, %,d hung up, %,d cancelled; error rate %.2f%%%n", s.peakConcurrency(),
                    s.callsStarted(), s.callsCompleted(), s.callsFailed(), s.callsTimedOut(), s.callsHungUp(),
                    s.callsCancelled(), s.errorRate() * 100);
            System.out.println("  tags: " + (s.tags().asMap().isEmpty() ? "none" : s.tags()));
            Map<String, LatencyRow> latency = new TreeMap<>();
            for (LatencyRow l : r.latency()) {
                LatencyRow seen = latency.get(l.stage());
                // the peak row, as comparisons read it: the highest concurrency with enough samples to trust
                if (seen == null || trusted(l.count()) && (!trusted(seen.count())
                        || l.concurrency() > seen.concurrency()) || !trusted(seen.count())
                        && l.concurrency() > seen.concurrency()) {
                    latency.put(l.stage(), l);
                }
            }
            if (!latency.isEmpty()) {
                System.out.println("  latency at peak:");
                latency.values().forEach(l -> System.out.printf(Locale.ROOT,
                        "    %-20s P50 %7.1f ms  P95 %7.1f ms  P99 %7.1f ms  @%,d (%,d samples)%n", l.stage(),
                        l.p50Ms(), l.p95Ms(), l.p99Ms(), l.concurrency(), l.count()));
            }
            Map<String, QualityRow> quality = new TreeMap<>();
            for (QualityRow q : r.quality()) {
                QualityRow seen = quality.get(q.rubric());
                if (seen == null || trusted(q.count()) && (!trusted(seen.count())
                        || q.concurrency() > seen.concurrency()) || !trusted(seen.count())
                        && q.concurrency() > seen.concurrency()) {
                    quality.put(q.rubric(), q);
                }
            }
            if (!quality.isEmpty()) {
                System.out.println("  pass rate at peak:");
                quality.values().forEach(q -> System.out.printf(Locale.ROOT, "    %-24s %5.1f%%  @%,d (%,d calls)%n",
                        q.rubric(), q.passRate() * 100, q.concurrency(), q.count()));
            }
            if (!r.clusters().isEmpty()) {
                System.out.println("  error clusters:");
                r.clusters().stream().sorted(Comparator.comparingLong(RunRecord.ClusterSummary::count).reversed())
                        .forEach(c -> System.out.printf(Locale.ROOT, "    %-40s %,6d calls (%4.1f%%) from @%,d; "
                                        + "quick fix: %s%n", c.name(), c.count(), c.share() * 100,
                                c.firstSeenConcurrency(), c.quickFix()));
            }
            System.out.println("  gate: " + s.verdict());
            r.gateChecks().forEach(c -> System.out.printf(Locale.ROOT, "    %s %-36s %s (actual %s)%n",
                    c.passed() ? "pass" : "FAIL", c.name(), c.threshold(), format(c.actual())));
        }

        private static boolean trusted(long count) {
            return count >= SimulationReport.MIN_SAMPLES_FOR_ENDS;
        }

        private static String format(double v) {
            return v == Math.rint(v) && Math.abs(v) < 1e12 ? String.valueOf((long) v)
                    : String.format(Locale.ROOT, "%.4f", v);
        }
    }
}
