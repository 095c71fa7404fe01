package io.callstorm.cli;

import io.callstorm.core.validation.ProblemCollector;
import io.callstorm.history.RunHistory;
import io.callstorm.history.RunSummary;
import io.callstorm.history.RunTags;
import io.callstorm.simulate.report.SimulationReport;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * How {@code run} and {@code demo} keep their run in the history: where ({@code --history}), or not at all
 * ({@code --no-history}), and under which tags ({@code --tag}, {@code --release}, {@code --agent-version}, and the git
 * commit of the working directory). A history that cannot be written costs a warning, never the run's own outputs.
 */
final class HistoryOptions {
    @Mixin
    HistoryLocation location;

    @Option(names = "--no-history", description = "Do not record this run in the history.")
    boolean noHistory;

    @Option(names = "--tag", paramLabel = "TAG", description = "A tag (KEY=VALUE) to file the run under, e.g. team=voice "
            + "or provider=stt:deepgram (repeatable).")
    List<String> tags = new ArrayList<>();

    @Option(names = "--release", paramLabel = "NAME", description = "The release under test (the tag release; "
            + "--baseline tag:NAME finds it).")
    String release;

    @Option(names = "--agent-version", paramLabel = "VERSION", description = "The agent's version (the tag "
            + "agent_version).")
    String agentVersion;

    /** The tags the options give, every problem added to {@code p}; the git commit is added when recording. */
    RunTags tags(ProblemCollector p) {
        RunTags.Builder b = RunTags.builder();
        for (String tag : tags) {
            int eq = tag.indexOf('=');
            String key = eq < 0 ? tag : tag.substring(0, eq);
            String value = eq < 0 ? "" : tag.substring(eq + 1);
            Optional<String> problem = eq < 0 ? Optional.of("must be KEY=VALUE, was \"" + tag + '"')
                    : RunTags.problemWith(key, value);
            if (p.check(problem.isEmpty(), "--tag", problem.orElse(""))) {
                b.label(key, value);
            }
        }
        if (release != null) {
            RunTags.problemWith(RunTags.RELEASE, release).ifPresentOrElse(pr -> p.add("--release", pr),
                    () -> b.release(release));
        }
        if (agentVersion != null) {
            RunTags.problemWith(RunTags.AGENT_VERSION, agentVersion).ifPresentOrElse(pr -> p.add("--agent-version", pr),
                    () -> b.agentVersion(agentVersion));
        }
        return b.build();
    }

    /** A new run id, for the report to carry whether or not it is recorded. */
    static String newRunId() {
        return RunHistory.newRunId(java.time.Instant.now());
    }

    /**
     * Records {@code report} unless {@code --no-history}; says so on {@code out}, or why not on {@code err}, and
     * never throws.
     */
    void record(SimulationReport report, RunTags tags, Function<String, String> environment, PrintStream out,
                PrintStream err) {
        if (noHistory) {
            return;
        }
        String where = location.location(environment);
        try (RunHistory history = location.open(environment)) {
            RunTags withSha = gitSha().filter(sha -> tags.get(RunTags.GIT_SHA).isEmpty())
                    .map(sha -> tags.toBuilder().gitSha(sha).build()).orElse(tags);
            RunSummary recorded = history.record(report, withSha);
            out.println("Recorded run " + recorded.runId() + " in the history " + history.location());
        } catch (RuntimeException e) {
            // whatever went wrong (HistoryException for what is foreseen), the run's outputs are written and its exit
            // code is its own: the history is a copy, not the run
            err.println("callstorm: warning: the run was not recorded in the history " + printable(where) + ": "
                    + (e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse(""))
                    + " (its report and other outputs are written; "
                    + "--no-history skips the history)");
        }
    }

    private static String printable(String location) {
        int query = location.indexOf('?');
        return query < 0 ? location : location.substring(0, query);
    }

    /** The commit checked out in the working directory, when it is in a git repository and git is installed. */
    static Optional<String> gitSha() {
        try {
            Process git = new ProcessBuilder("git", "rev-parse", "--verify", "--quiet", "HEAD")
                    .directory(Path.of("").toAbsolutePath().toFile()).redirectErrorStream(true).start();
            git.getOutputStream().close();
            if (!git.waitFor(5, TimeUnit.SECONDS)) {
                git.destroyForcibly();
                return Optional.empty();
            }
            String sha = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return git.exitValue() == 0 && sha.matches("[0-9a-f]{7,64}") ? Optional.of(sha) : Optional.empty();
        } catch (java.io.IOException e) {
            return Optional.empty(); // no git: no commit to tag
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
