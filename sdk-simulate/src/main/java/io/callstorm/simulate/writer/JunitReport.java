package io.callstorm.simulate.writer;

import io.callstorm.core.secret.Secrets;
import io.callstorm.simulate.report.GateCheck;
import io.callstorm.simulate.report.Completeness;
import io.callstorm.simulate.report.HarnessStats;
import io.callstorm.simulate.report.GateResult;

import io.callstorm.simulate.report.SimulationReport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes {@code junit.xml}: one test case per gate check (baseline checks included), failed when the check failed,
 * so any CI that reads JUnit XML shows the gate next to the build's own tests. A run whose harness was unhealthy
 * has a {@code harness} test case: failed in a gated run (it is the gate's {@code harness} check), skipped with the
 * reason when the run had no gate (there was no verdict to fail, but the figures are suspect). The suite's
 * {@code harnessHealthy} property says it either way.
 *
 * <p>The file is never empty ({@code tests="0"}, which some CI reporters reject): a run with no gate check and no
 * extra case gets the run's own checks instead (whole run, harness healthy, calls ran, the error rate and each
 * rubric's pass rate as measured), none of them failed, since nothing was asked of the run.
 */
public final class JunitReport {
    private JunitReport() {
    }

    public static String render(SimulationReport report) {
        return render(report, List.of());
    }

    /**
     * The gate's test cases, then {@code extra} ones (for example the verdicts of scored transcripts, which make a
     * report with no gate still show what was checked); see {@link #cases(SimulationReport, List)}.
     */
    public static String render(SimulationReport report, List<JunitCase> extra) {
        GateResult gate = report.gate();
        List<JunitCase> cases = cases(report, extra);
        long failures = cases.stream().filter(c -> c.result() == JunitCase.Result.FAILED).count();
        long skipped = cases.stream().filter(c -> c.result() == JunitCase.Result.SKIPPED).count();
        boolean healthy = report.harness() == null || report.harness().healthy();
        String suite = "callstorm.gate." + report.simulation().name().replaceAll("[^A-Za-z0-9_.-]", "_");
        StringBuilder x = new StringBuilder(512);
        x.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        x.append(String.format(Locale.ROOT, "<testsuites name=\"callstorm\" tests=\"%d\" failures=\"%d\" errors=\"0\" "
                + "time=\"%.1f\">%n", cases.size(), failures, report.simulation().durationSeconds()));
        x.append(String.format(Locale.ROOT, "  <testsuite name=\"%s\" tests=\"%d\" failures=\"%d\" errors=\"0\" "
                        + "skipped=\"%d\" time=\"%.1f\"%s>%n", attr(suite), cases.size(), failures, skipped,
                report.simulation().durationSeconds(), report.simulation().startedAt().isEmpty() ? ""
                        : " timestamp=\"" + attr(timestamp(report.simulation().startedAt())) + "\""));
        x.append("    <properties>\n");
        property(x, "simulation", report.simulation().name());
        property(x, "loadProfile", report.simulation().loadProfile());
        property(x, "peakConcurrency", Integer.toString(report.load().peakConcurrency()));
        property(x, "callsStarted", Long.toString(report.load().callsStarted()));
        property(x, "gatePassed", Boolean.toString(gate.passed()));
        property(x, "harnessHealthy", Boolean.toString(healthy));
        property(x, "complete", Boolean.toString(!report.completeness().partial()));
        x.append("    </properties>\n");
        for (int i = 0; i < cases.size(); i++) {
            JunitCase c = cases.get(i);
            // the gate's checks come first (cases), and their failures keep the type they always had
            String failureType = i < gate.checks().size() ? "GateCheckFailed" : "CheckFailed";
            x.append("    <testcase classname=\"").append(attr(suite)).append("\" name=\"").append(attr(c.name()))
                    .append("\" time=\"0\">\n");
            switch (c.result()) {
                case FAILED -> x.append("      <failure type=\"").append(failureType).append("\" message=\"")
                        .append(attr(c.message()))
                        .append("\">").append(text(c.message())).append("</failure>\n");
                case SKIPPED -> x.append("      <skipped message=\"").append(attr(c.message())).append("\"/>\n");
                case PASSED -> { }
            }
            if (!c.output().isEmpty()) {
                x.append("      <system-out>").append(text(c.output())).append("</system-out>\n");
            }
            x.append("    </testcase>\n");
        }
        x.append("  </testsuite>\n</testsuites>\n");
        return x.toString();
    }

    /** The test cases of {@code junit.xml} for {@code report}: see {@link #cases(SimulationReport, List)}. */
    public static List<JunitCase> cases(SimulationReport report) {
        return cases(report, List.of());
    }

    /**
     * The test cases {@code junit.xml} holds, in its order: one per gate check (failed when the check failed, its
     * {@code detail} as the message); a skipped {@code harness healthy} or {@code complete whole run} case when the
     * run was overloaded or cut short and the gate has no check for it; then {@code extra}. A report with no gate
     * check and no {@code extra} gets the run's own checks instead (whole run, harness healthy, calls ran, the error
     * rate and each rubric's pass rate as measured), none failed: nothing was asked of the run, but the file is never
     * empty. The same cases become JUnit tests through {@code callstorm-junit}'s {@code GateTests}.
     */
    public static List<JunitCase> cases(SimulationReport report, List<JunitCase> extra) {
        GateResult gate = report.gate();
        if (gate.checks().isEmpty() && extra.isEmpty()) {
            return UngatedCases.of(report); // they carry the harness and completeness cases themselves
        }
        List<JunitCase> cases = new ArrayList<>();
        for (GateCheck c : gate.checks()) {
            String name = c.name() + " " + c.threshold();
            cases.add(c.passed() ? JunitCase.passed(name, c.detail()) : JunitCase.failed(name, c.detail().isEmpty()
                    ? c.name() + " was " + c.actual() + ", needs " + c.threshold() : c.detail(), ""));
        }
        HarnessStats harness = report.harness();
        if (harness != null && !harness.healthy()
                && gate.checks().stream().noneMatch(c -> c.name().equals(HarnessStats.GATE_CHECK))) {
            cases.add(JunitCase.skipped(UngatedCases.HARNESS, "no gate: not failed, but " + harness.summary()));
        }
        if (report.completeness().partial()
                && gate.checks().stream().noneMatch(c -> c.name().equals(Completeness.GATE_CHECK))) {
            cases.add(JunitCase.skipped(UngatedCases.COMPLETE, "no gate: not failed, but partial run: "
                    + report.completeness().summary()));
        }
        cases.addAll(extra);
        return List.copyOf(cases);
    }

    public static void write(SimulationReport report, Path file) throws IOException {
        write(report, List.of(), file);
    }

    /** Writes the gate's test cases and {@code extra} ones; see {@link #render(SimulationReport, List)}. */
    public static void write(SimulationReport report, List<JunitCase> extra, Path file) throws IOException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        Files.writeString(file, Secrets.redact(render(report, extra)), StandardCharsets.UTF_8);
    }

    private static void property(StringBuilder x, String name, String value) {
        x.append("      <property name=\"").append(attr(name)).append("\" value=\"").append(attr(value)).append("\"/>\n");
    }

    /** JUnit's timestamp has no zone and no fraction: 2026-01-01T10:00:00. */
    private static String timestamp(String iso) {
        String t = iso.endsWith("Z") ? iso.substring(0, iso.length() - 1) : iso;
        int dot = t.indexOf('.');
        return dot > 0 ? t.substring(0, dot) : t;
    }

    private static String text(String s) {
        return xmlChars(s).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /**
     * {@code s} without the characters XML 1.0 forbids (NUL and the other C0 controls but tab, newline and carriage
     * return; lone surrogates; U+FFFE, U+FFFF), each replaced by U+FFFD: not even a character reference may
     * carry them, and one of them makes the whole junit.xml unreadable to a CI server.
     */
    static String xmlChars(String s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok;
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                if (b != null) {
                    b.append(c).append(s.charAt(i + 1));
                }
                i++;
                continue;
            }
            ok = c == '\t' || c == '\n' || c == '\r' || c >= 0x20 && c <= 0xD7FF || c >= 0xE000 && c <= 0xFFFD;
            if (!ok && b == null) {
                b = new StringBuilder(s.length()).append(s, 0, i);
            }
            if (b != null) {
                b.append(ok ? c : '\uFFFD');
            }
        }
        return b == null ? s : b.toString();
    }

    private static String attr(String s) {
        return text(s).replace("\"", "&quot;").replace("\n", "&#10;");
    }
}
