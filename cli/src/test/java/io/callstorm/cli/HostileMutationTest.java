package io.callstorm.cli;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Generated hostile files: a valid simulation file ({@link HostileInputTest#VALID}) with one mutation that makes it
 * invalid: a required key dropped, a key written twice, a value of the wrong type, a number or duration out of
 * range, an unknown key, or a junk byte. Each must exit 2 naming the mutated field, with no stack trace, fast.
 */
class HostileMutationTest {
    /** A mutated file and the field its message must name. */
    record Mutation(String description, byte[] content, String expect) {
        @Override
        public String toString() {
            return description;
        }
    }

    /** A line of the valid file that holds one key, and that key's path. */
    private record Line(String path, String text, String kind) {
    }

    private static final List<Line> LINES = List.of(
            new Line("name", "name: hostile", "text"),
            new Line("seed", "seed: 1", "seed"),
            new Line("rows", "rows: 50", "rows"),
            new Line("timeScale", "timeScale: 0.02", "timeScale"),
            new Line("clock", "clock: virtual", "text"),
            new Line("personas", "personas: [in-a-hurry, elderly]", "list"),
            new Line("load.model", "  model: closed", "text"),
            new Line("load.start", "  start: 2", "count"),
            new Line("load.stages[0].rampTo", "    - rampTo: 4", "count"),
            new Line("load.stages[0].duration", "      duration: 1s", "duration"),
            new Line("load.stages[1].hold", "    - hold: 1s", "duration"),
            new Line("agent.reference.fixes", "    fixes: [stt-failover]", "list"),
            new Line("out", "out: out", "text"));
    private static final Set<String> YAML_WORDS = Set.of("y", "n", "yes", "no", "on", "off", "true", "false",
            "null");
    private static final Set<String> KNOWN = Set.of("name", "seed", "rows", "timeScale", "clock", "personas", "load",
            "agent", "out", "gate", "baseline", "model", "start", "stages", "rampTo", "duration", "hold");

    @BeforeContainer
    static void warmUp() throws IOException {
        // class loading and the first parse are not a case's time
        Path dir = Files.createTempDirectory("callstorm-warm-up");
        CliResult.run(k -> null, "run", Files.writeString(dir.resolve("w.yaml"), "rows: 0\n").toString());
    }

    @AfterContainer
    static void report() {
        HostileInputs.report("mutations");
    }

    @Property(tries = 150, seed = "14")
    void everyMutationIsRefusedNamingItsField(@ForAll("mutations") Mutation m) throws IOException {
        Path dir = Files.createTempDirectory("callstorm-mutation");
        try {
            Path file = Files.write(dir.resolve("mutated.yaml"), m.content());
            HostileInputs.check("mutations", m.description(), m.expect(), "run", file.toString(), "--no-progress");
        } finally {
            try (var s = Files.walk(dir)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Provide
    Arbitrary<Mutation> mutations() {
        return Arbitraries.oneOf(duplicated(), dropped(), retyped(), outOfRange(), unknownKey(), junkByte());
    }

    private static Arbitrary<Line> line() {
        return Arbitraries.of(LINES);
    }

    /** A key written twice in its mapping (a list item's first key would start a new item: those are skipped). */
    private static Arbitrary<Mutation> duplicated() {
        return line().filter(l -> !l.text().strip().startsWith("-")).map(l -> {
            String indent = l.text().substring(0, l.text().length() - l.text().stripLeading().length());
            String twice = l.text() + "\n" + indent + l.text().strip();
            return text("duplicate " + l.path(), HostileInputTest.VALID.replace(l.text() + "\n", twice + "\n"),
                    l.path());
        });
    }

    private static Arbitrary<Mutation> dropped() {
        return Arbitraries.of(
                text("drop load", HostileInputTest.VALID.replaceAll("(?s)load:.*?agent:", "agent:"), "load"),
                text("drop stages", HostileInputTest.VALID.replaceAll("(?s)  stages:.*?agent:", "agent:"),
                        "load.stages"),
                text("drop duration", HostileInputTest.VALID.replace("      duration: 1s\n", ""),
                        "load.stages[0].duration"));
    }

    /** A value replaced by one of a type its key never takes. */
    private static Arbitrary<Mutation> retyped() {
        List<String> values = List.of("{x: 1}", "[1, 2]", "{}", "[[a]]", "{a: [b]}", "'words'", "1.5", "true", "~",
                "[]");
        return Combinators.combine(line(), Arbitraries.of(values)).as((l, v) -> l.kind().equals("text")
                && v.equals("'words'") || l.kind().equals("list") && v.equals("[]")
                || l.kind().equals("timeScale") && v.equals("1.5") ? null : replaceValue("retype " + l.path()
                + " to " + v, l, v)).filter(java.util.Objects::nonNull);
    }

    /** A number or duration beyond its bounds. */
    private static Arbitrary<Mutation> outOfRange() {
        Arbitrary<Mutation> rows = Arbitraries.oneOf(
                Arbitraries.longs().between(Long.MIN_VALUE / 2, 0).map(String::valueOf),
                Arbitraries.longs().between(10_000_001, Long.MAX_VALUE).map(String::valueOf),
                Arbitraries.bigIntegers().between(BigInteger.TEN.pow(19), BigInteger.TEN.pow(40)).map(String::valueOf),
                Arbitraries.of("1e10", "1e400", ".nan", ".inf", "-.inf", "50.5", "1e-3"))
                .map(v -> replaceValue("rows " + v, LINES.get(2), v));
        Arbitrary<Mutation> timeScale = Arbitraries.oneOf(
                Arbitraries.doubles().between(-1e12, 0).map(String::valueOf),
                Arbitraries.doubles().between(10.01, 1e300).map(String::valueOf),
                Arbitraries.of(".nan", ".inf", "-.inf", "1e999"))
                .map(v -> replaceValue("timeScale " + v, LINES.get(3), v));
        Arbitrary<Mutation> counts = Combinators.combine(Arbitraries.of(LINES.get(7), LINES.get(8)),
                Arbitraries.oneOf(
                        Arbitraries.longs().between(Long.MIN_VALUE / 2, -1).map(String::valueOf),
                        Arbitraries.longs().between(1_000_001, Long.MAX_VALUE).map(String::valueOf),
                        Arbitraries.doubles().between(0.01, 1e6).filter(d -> d != Math.rint(d)).map(String::valueOf),
                        Arbitraries.of("1e12", ".nan", ".inf", "-.inf", "1e400", "99999999999999999999999")))
                .as((l, v) -> replaceValue(l.path() + " " + v, l, v));
        Arbitrary<Mutation> seeds = Arbitraries.oneOf(
                Arbitraries.bigIntegers().between(BigInteger.TWO.pow(63), BigInteger.TEN.pow(30)).map(String::valueOf),
                Arbitraries.of("1.5", ".nan", ".inf", "1e400"))
                .map(v -> replaceValue("seed " + v, LINES.get(1), v));
        Arbitrary<Mutation> durations = Combinators.combine(Arbitraries.of(LINES.get(9), LINES.get(10)),
                Arbitraries.oneOf(
                        Arbitraries.longs().between(721, Long.MAX_VALUE / 4).map(h -> h + "h"),
                        Arbitraries.longs().between(2_592_001, Long.MAX_VALUE / 4).map(s -> s + "s"),
                        Arbitraries.of("0s", "0", "-1s", "0ms", "PT-5S", "PT99999999999999999H", "forever", "1.5",
                                "1d", "99999999999999999999999999999")))
                .as((l, v) -> replaceValue(l.path() + " " + v, l, v));
        return Arbitraries.oneOf(rows, timeScale, counts, seeds, durations);
    }

    /** A key no mapping knows, at the top, under load, or in a stage. */
    private static Arbitrary<Mutation> unknownKey() {
        Arbitrary<String> word = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(12)
                .filter(w -> !YAML_WORDS.contains(w) && !KNOWN.contains(w));
        return Combinators.combine(word, Arbitraries.integers().between(0, 3)).as((w, where) -> switch (where) {
            case 0 -> text("unknown " + w, HostileInputTest.VALID.replace("seed: 1\n", "seed: 1\n" + w + ": 1\n"), w);
            case 1 -> text("unknown load." + w, HostileInputTest.VALID.replace("  start: 2\n", "  start: 2\n  " + w
                    + ": 1\n"), "load." + w);
            case 2 -> text("unknown load.stages[0]." + w, HostileInputTest.VALID.replace("      duration: 1s\n",
                    "      duration: 1s\n      " + w + ": 1\n"), "load.stages[0]." + w);
            default -> text("unknown load.stages[1]." + w, HostileInputTest.VALID.replace("    - hold: 1s\n",
                    "    - hold: 1s\n      " + w + ": 1\n"), "load.stages[1]." + w);
        });
    }

    /** A byte no UTF-8 text holds (or a NUL) at any place in the file. */
    private static Arbitrary<Mutation> junkByte() {
        byte[] valid = HostileInputTest.VALID.getBytes(StandardCharsets.UTF_8);
        return Combinators.combine(Arbitraries.integers().between(0, valid.length),
                Arbitraries.of((byte) 0x00, (byte) 0xff, (byte) 0xfe, (byte) 0xc0, (byte) 0x80, (byte) 0xf5),
                Arbitraries.integers().between(1, 3)).as((at, junk, n) -> {
                    List<Byte> b = new ArrayList<>();
                    for (byte x : valid) {
                        b.add(x);
                    }
                    for (int i = 0; i < n; i++) {
                        b.add(at, junk);
                    }
                    byte[] out = new byte[b.size()];
                    for (int i = 0; i < out.length; i++) {
                        out[i] = b.get(i);
                    }
                    return new Mutation(String.format("%d junk byte(s) 0x%02x at %d", n, junk, at), out, "(file)");
                });
    }

    private static Mutation replaceValue(String description, Line l, String value) {
        String key = l.text().substring(0, l.text().indexOf(':') + 1);
        return text(description, HostileInputTest.VALID.replace(l.text() + "\n", key + " " + value + "\n"), l.path());
    }

    private static Mutation text(String description, String content, String expect) {
        return new Mutation(description, content.getBytes(StandardCharsets.UTF_8), expect);
    }
}
