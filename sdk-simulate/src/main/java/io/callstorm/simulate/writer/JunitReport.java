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
import java.util.List;
import java.util.Locale;

/**
 * Writes {@code junit.xml}: one test case per gate check (baseline checks included), failed when the check failed,
 * so any CI that reads JUnit XML shows the gate next to the build's own tests. A run whose harness was unhealthy
 * has a {@code harness} test case: failed in a gated run (it is the gate's {@code harness} check), skipped with the
 * reason when the run had no gate (there was no verdict to fail, but the figures are suspect). The suite's
 * {@code harnessHealthy} property says it either way.
 */
public final class JunitReport {
    private JunitReport() {
    }

    public static String render(SimulationReport report) {
        return render(report, List.of());
    }

    /**
     * The gate's test cases, then {@code extra} ones (for example the verdicts of scored transcripts, which make a
     * report with no gate still show what was checked).
     */
    public static String render(SimulationReport report, List<JunitCase> extra) {
        GateResult gate = report.gate();
        long failures = gate.checks().stream().filter(c -> !c.passed()).count()
                + extra.stream().filter(c -> c.result() == JunitCase.Result.FAILED).count();
        boolean healthy = report.harness() == null || report.harness().healthy();
        // gated: the harness check is among the gate's; ungated: a skipped test case tells it
        boolean harnessCase = !healthy && gate.checks().stream().noneMatch(c -> c.name().equals(HarnessStats.GATE_CHECK));
        boolean partial = report.completeness().partial();
        boolean completeCase = partial && gate.checks().stream()
                .noneMatch(c -> c.name().equals(Completeness.GATE_CHECK));
        int tests = gate.checks().size() + (harnessCase ? 1 : 0) + (completeCase ? 1 : 0) + extra.size();
        int skipped = (harnessCase ? 1 : 0) + (completeCase ? 1 : 0)
                + (int) extra.stream().filter(c -> c.result() == JunitCase.Result.SKIPPED).count();
        String suite = "callstorm.gate." + report.simulation().name().replaceAll("[^A-Za-z0-9_.-]", "_");
        StringBuilder x = new StringBuilder(512);
        x.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        x.append(String.format(Locale.ROOT, "<testsuites name=\"callstorm\" tests=\"%d\" failures=\"%d\" errors=\"0\" "
                + "time=\"%.1f\">%n", tests, failures, report.simulation().durationSeconds()));
        x.append(String.format(Locale.ROOT, "  <testsuite name=\"%s\" tests=\"%d\" failures=\"%d\" errors=\"0\" "
                        + "skipped=\"%d\" time=\"%.1f\"%s>%n", attr(suite), tests, failures, skipped,
                report.simulation().durationSeconds(), report.simulation().startedAt().isEmpty() ? ""
                        : " timestamp=\"" + attr(timestamp(report.simulation().startedAt())) + "\""));
        x.append("    <properties>\n");
        property(x, "simulation", report.simulation().name());
        property(x, "loadProfile", report.simulation().loadProfile());
        property(x, "peakConcurrency", Integer.toString(report.load().peakConcurrency()));
        property(x, "callsStarted", Long.toString(report.load().callsStarted()));
        property(x, "gatePassed", Boolean.toString(gate.passed()));
        property(x, "harnessHealthy", Boolean.toString(healthy));
        property(x, "complete", Boolean.toString(!partial));
        x.append("    </properties>\n");
        for (GateCheck c : gate.checks()) {
            x.append("    <testcase classname=\"").append(attr(suite)).append("\" name=\"")
                    .append(attr(c.name() + " " + c.threshold())).append("\" time=\"0\"");
            if (c.passed()) {
                x.append(">\n      <system-out>").append(text(c.detail())).append("</system-out>\n    </testcase>\n");
            } else {
                x.append(">\n      <failure type=\"GateCheckFailed\" message=\"").append(attr(c.detail().isEmpty()
                                ? c.name() + " was " + c.actual() + ", needs " + c.threshold() : c.detail()))
                        .append("\">").append(text(c.name() + " " + c.threshold() + ": actual " + c.actual()))
                        .append("</failure>\n    </testcase>\n");
            }
        }
        if (harnessCase) {
            String why = report.harness().summary();
            x.append("    <testcase classname=\"").append(attr(suite)).append("\" name=\"")
                    .append(attr(HarnessStats.GATE_CHECK + " healthy")).append("\" time=\"0\">\n      <skipped message=\"")
                    .append(attr("no gate: not failed, but " + why)).append("\"/>\n    </testcase>\n");
        }
        if (completeCase) {
            x.append("    <testcase classname=\"").append(attr(suite)).append("\" name=\"")
                    .append(attr(Completeness.GATE_CHECK + " whole run")).append("\" time=\"0\">\n      <skipped message=\"")
                    .append(attr("no gate: not failed, but partial run: " + report.completeness().summary()))
                    .append("\"/>\n    </testcase>\n");
        }
        for (JunitCase c : extra) {
            x.append("    <testcase classname=\"").append(attr(suite)).append("\" name=\"").append(attr(c.name()))
                    .append("\" time=\"0\">\n");
            switch (c.result()) {
                case FAILED -> x.append("      <failure type=\"CheckFailed\" message=\"").append(attr(c.message()))
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
