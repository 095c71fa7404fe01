package io.callstorm.cli;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the CLI answered one hostile input, and the tally of all of them: the hostile-input suites
 * ({@link HostileInputTest}, {@link HostileMutationTest}) record every case here and print the counts by outcome
 * and the slowest case.
 */
record HostileInputs(String suite, String name, String expect, int exitCode, String output, long millis) {
    /** Longest time one case may take, in-process. */
    static final long MAX_MILLIS = 2_000;
    private static final Pattern STACK_FRAME = Pattern.compile("\\n\\s+at [\\w.$]+\\(|Exception in thread|"
            + "\\w+(Exception|Error): ");
    private static final List<HostileInputs> ALL = Collections.synchronizedList(new ArrayList<>());

    /** Runs the CLI with {@code args}, records the case and checks it: exit 2, the field named, no trace, fast. */
    static HostileInputs check(String suite, String name, String expect, String... args) {
        long t0 = System.nanoTime();
        CliResult r = CliResult.run(k -> null, args);
        long millis = (System.nanoTime() - t0) / 1_000_000;
        HostileInputs c = new HostileInputs(suite, name, expect, r.exitCode(), r.out() + r.err(), millis);
        ALL.add(c);
        assertThat(c.exitCode()).as("%s: exit code; output:%n%s", name, c.output()).isEqualTo(CallstormCli.EXIT_USAGE);
        assertThat(c.output()).as("%s names %s", name, expect).contains(expect);
        assertThat(c.hasStackTrace()).as("%s: no stack trace in%n%s", name, c.output()).isFalse();
        assertThat(c.millis()).as("%s: milliseconds", name).isLessThan(MAX_MILLIS);
        return c;
    }

    boolean hasStackTrace() {
        return STACK_FRAME.matcher(output).find();
    }

    /** The outcome's class, as the issue counted them. */
    String outcome() {
        if (exitCode == CallstormCli.EXIT_OK || exitCode == CallstormCli.EXIT_GATE_FAILED) {
            return "accepted and ran (exit " + exitCode + ")";
        }
        if (hasStackTrace()) {
            return "stack trace (exit " + exitCode + ")";
        }
        if (exitCode != CallstormCli.EXIT_USAGE) {
            return "exit " + exitCode;
        }
        return output.contains(expect) ? "exit 2 naming the field" : "exit 2 naming no field or the wrong one";
    }

    /** Prints the counts by outcome of {@code suite}'s cases and its slowest case. */
    static void report(String suite) {
        List<HostileInputs> cases;
        synchronized (ALL) {
            cases = ALL.stream().filter(c -> c.suite().equals(suite)).toList();
        }
        if (cases.isEmpty()) {
            return;
        }
        Map<String, Integer> counts = new TreeMap<>();
        cases.forEach(c -> counts.merge(c.outcome(), 1, Integer::sum));
        HostileInputs slowest = cases.stream().max(Comparator.comparingLong(HostileInputs::millis)).orElseThrow();
        long total = cases.stream().mapToLong(HostileInputs::millis).sum();
        StringBuilder b = new StringBuilder("hostile inputs, " + suite + ": " + cases.size() + " cases in " + total
                + " ms");
        counts.forEach((k, v) -> b.append("\n  ").append(v).append(" ").append(k));
        b.append("\n  slowest: ").append(slowest.name()).append(", ").append(slowest.millis()).append(" ms");
        System.out.println(b);
    }
}
