package io.callstorm.cli;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Generated hostile files: a valid simulation file ({@link HostileInputTest#VALID}) with one mutation that makes it
 * invalid: a required key dropped, a key written twice, a value of the wrong type, a number or duration out of
 * range, an unknown key, or a junk byte. Each must exit 2 naming the mutated field, with no stack trace, fast.
 *
 * <p>The mutations are drawn from a fixed seed by a small generator of our own ({@link Gen}), so every build runs
 * the same {@value #TRIES} cases and a failure names the one to replay. No property-testing library: jqwik, the
 * maintained one, asks at run time that AI agents not use it, and this project is partly written by them.
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

    private static final int TRIES = 150;
    private static final long SEED = 14;

    /** Draws a value from a seeded random source. */
    @FunctionalInterface
    interface Gen<T> {
        T next(SplittableRandom r);

        default <U> Gen<U> map(Function<T, U> f) {
            return r -> f.apply(next(r));
        }

        default Gen<T> filter(Predicate<T> keep) {
            return r -> {
                for (int i = 0; i < 1_000; i++) {
                    T t = next(r);
                    if (keep.test(t)) {
                        return t;
                    }
                }
                throw new IllegalStateException("the filter keeps almost nothing");
            };
        }

        @SafeVarargs
        static <T> Gen<T> oneOf(Gen<T>... gens) {
            return r -> gens[r.nextInt(gens.length)].next(r);
        }

        @SafeVarargs
        static <T> Gen<T> of(T... values) {
            return r -> values[r.nextInt(values.length)];
        }

        static <T> Gen<T> of(List<T> values) {
            return r -> values.get(r.nextInt(values.size()));
        }

        static Gen<Long> longs(long from, long to) {
            return r -> from + (long) (r.nextDouble() * ((double) to - from));
        }

        static Gen<Integer> ints(int from, int to) {
            return r -> r.nextInt(from, to + 1);
        }

        static Gen<Double> doubles(double from, double to) {
            return r -> from + r.nextDouble() * (to - from);
        }

        static Gen<BigInteger> bigIntegers(BigInteger from, BigInteger to) {
            return r -> from.add(new BigInteger(to.subtract(from).bitLength(), new java.util.Random(r.nextLong()))
                    .mod(to.subtract(from)));
        }

        static Gen<String> lowerWords(int min, int max) {
            return r -> {
                int n = r.nextInt(min, max + 1);
                StringBuilder b = new StringBuilder();
                for (int i = 0; i < n; i++) {
                    b.append((char) ('a' + r.nextInt(26)));
                }
                return b.toString();
            };
        }

        static <A, B, T> Gen<T> combine(Gen<A> a, Gen<B> b, BiFunction<A, B, T> f) {
            return r -> f.apply(a.next(r), b.next(r));
        }
    }

    @BeforeAll
    static void warmUp() throws IOException {
        // class loading and the first parse are not a case's time
        Path dir = Files.createTempDirectory("callstorm-warm-up");
        CliResult.run(k -> null, "run", Files.writeString(dir.resolve("w.yaml"), "rows: 0\n").toString());
    }

    @AfterAll
    static void report() {
        HostileInputs.report("mutations");
    }

    @TestFactory
    Stream<DynamicTest> everyMutationIsRefusedNamingItsField() {
        SplittableRandom random = new SplittableRandom(SEED);
        Gen<Mutation> mutations = mutations();
        List<DynamicTest> tests = new ArrayList<>();
        for (int i = 0; i < TRIES; i++) {
            Mutation m = mutations.next(random);
            tests.add(DynamicTest.dynamicTest("#" + i + " " + m.description(), () -> check(m)));
        }
        return tests.stream();
    }

    private static void check(Mutation m) throws IOException {
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

    private static Gen<Mutation> mutations() {
        return Gen.oneOf(duplicated(), dropped(), retyped(), outOfRange(), unknownKey(), junkByte());
    }

    private static Gen<Line> line() {
        return Gen.of(LINES);
    }

    /** A key written twice in its mapping (a list item's first key would start a new item: those are skipped). */
    private static Gen<Mutation> duplicated() {
        return line().filter(l -> !l.text().strip().startsWith("-")).map(l -> {
            String indent = l.text().substring(0, l.text().length() - l.text().stripLeading().length());
            String twice = l.text() + "\n" + indent + l.text().strip();
            return text("duplicate " + l.path(), HostileInputTest.VALID.replace(l.text() + "\n", twice + "\n"),
                    l.path());
        });
    }

    private static Gen<Mutation> dropped() {
        return Gen.of(
                text("drop load", HostileInputTest.VALID.replaceAll("(?s)load:.*?agent:", "agent:"), "load"),
                text("drop stages", HostileInputTest.VALID.replaceAll("(?s)  stages:.*?agent:", "agent:"),
                        "load.stages"),
                text("drop duration", HostileInputTest.VALID.replace("      duration: 1s\n", ""),
                        "load.stages[0].duration"));
    }

    /** A value replaced by one of a type its key never takes. */
    private static Gen<Mutation> retyped() {
        List<String> values = List.of("{x: 1}", "[1, 2]", "{}", "[[a]]", "{a: [b]}", "'words'", "1.5", "true", "~",
                "[]");
        return Gen.combine(line(), Gen.of(values), (Line l, String v) -> l.kind().equals("text")
                && v.equals("'words'") || l.kind().equals("list") && v.equals("[]")
                || l.kind().equals("timeScale") && v.equals("1.5") ? null : replaceValue("retype " + l.path()
                + " to " + v, l, v)).filter(java.util.Objects::nonNull);
    }

    /** A number or duration beyond its bounds. */
    private static Gen<Mutation> outOfRange() {
        Gen<Mutation> rows = Gen.oneOf(
                Gen.longs(Long.MIN_VALUE / 2, 0).map(String::valueOf),
                Gen.longs(10_000_001, Long.MAX_VALUE).map(String::valueOf),
                Gen.bigIntegers(BigInteger.TEN.pow(19), BigInteger.TEN.pow(40)).map(String::valueOf),
                Gen.of("1e10", "1e400", ".nan", ".inf", "-.inf", "50.5", "1e-3"))
                .map(v -> replaceValue("rows " + v, LINES.get(2), v));
        Gen<Mutation> timeScale = Gen.oneOf(
                Gen.doubles(-1e12, 0).map(String::valueOf),
                Gen.doubles(10.01, 1e300).map(String::valueOf),
                Gen.of(".nan", ".inf", "-.inf", "1e999"))
                .map(v -> replaceValue("timeScale " + v, LINES.get(3), v));
        Gen<Mutation> counts = Gen.combine(Gen.of(LINES.get(7), LINES.get(8)),
                Gen.oneOf(
                        Gen.longs(Long.MIN_VALUE / 2, -1).map(String::valueOf),
                        Gen.longs(1_000_001, Long.MAX_VALUE).map(String::valueOf),
                        Gen.doubles(0.01, 1e6).filter(d -> d != Math.rint(d)).map(String::valueOf),
                        Gen.of("1e12", ".nan", ".inf", "-.inf", "1e400", "99999999999999999999999")),
                (Line l, String v) -> replaceValue(l.path() + " " + v, l, v));
        Gen<Mutation> seeds = Gen.oneOf(
                Gen.bigIntegers(BigInteger.TWO.pow(63), BigInteger.TEN.pow(30)).map(String::valueOf),
                Gen.of("1.5", ".nan", ".inf", "1e400"))
                .map(v -> replaceValue("seed " + v, LINES.get(1), v));
        Gen<Mutation> durations = Gen.combine(Gen.of(LINES.get(9), LINES.get(10)),
                Gen.oneOf(
                        Gen.longs(721, Long.MAX_VALUE / 4).map(h -> h + "h"),
                        Gen.longs(2_592_001, Long.MAX_VALUE / 4).map(s -> s + "s"),
                        Gen.of("0s", "0", "-1s", "0ms", "PT-5S", "PT99999999999999999H", "forever", "1.5",
                                "1d", "99999999999999999999999999999")),
                (Line l, String v) -> replaceValue(l.path() + " " + v, l, v));
        return Gen.oneOf(rows, timeScale, counts, seeds, durations);
    }

    /** A key no mapping knows, at the top, under load, or in a stage. */
    private static Gen<Mutation> unknownKey() {
        Gen<String> word = Gen.lowerWords(1, 12)
                .filter(w -> !YAML_WORDS.contains(w) && !KNOWN.contains(w));
        return Gen.combine(word, Gen.ints(0, 3), (String w, Integer where) -> switch (where) {
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
    private static Gen<Mutation> junkByte() {
        byte[] valid = HostileInputTest.VALID.getBytes(StandardCharsets.UTF_8);
        Gen<Byte> junkBytes = Gen.of((byte) 0x00, (byte) 0xff, (byte) 0xfe, (byte) 0xc0, (byte) 0x80, (byte) 0xf5);
        Gen<Integer> places = Gen.ints(0, valid.length);
        Gen<Integer> counts = Gen.ints(1, 3);
        return r -> {
                    int at = places.next(r);
                    byte junk = junkBytes.next(r);
                    int n = counts.next(r);
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
                };
    }

    private static Mutation replaceValue(String description, Line l, String value) {
        String key = l.text().substring(0, l.text().indexOf(':') + 1);
        return text(description, HostileInputTest.VALID.replace(l.text() + "\n", key + " " + value + "\n"), l.path());
    }

    private static Mutation text(String description, String content, String expect) {
        return new Mutation(description, content.getBytes(StandardCharsets.UTF_8), expect);
    }
}
