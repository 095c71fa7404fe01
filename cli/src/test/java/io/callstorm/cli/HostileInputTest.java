package io.callstorm.cli;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hostile-input suite: malformed simulation files (the hand-written corpus in {@code src/test/resources/hostile},
 * each naming on its first line the field its message must name, and files no editor writes: binary, UTF-16, too
 * big, a directory) and bad flag sets, each run through the CLI in-process. Every one must exit 2, name its field,
 * print no stack trace and take under {@link HostileInputs#MAX_MILLIS}. {@link HostileMutationTest} adds generated
 * mutations of a valid file.
 */
class HostileInputTest {
    static final String VALID = """
            name: hostile
            seed: 1
            rows: 50
            timeScale: 0.02
            clock: virtual
            personas: [in-a-hurry, elderly]
            load:
              model: closed
              start: 2
              stages:
                - rampTo: 4
                  duration: 1s
                - hold: 1s
            agent:
              reference:
                fixes: [stt-failover]
            out: out
            """;

    @TempDir
    static Path dir;

    @BeforeAll
    static void warmUp() {
        CliResult.run(k -> null, "run", dir.resolve("absent.yaml").toString()); // class loading is not a case's time
    }

    @AfterAll
    static void report() {
        HostileInputs.report("files");
        HostileInputs.report("flags");
    }

    @TestFactory
    Stream<DynamicTest> handWrittenFiles() throws IOException, URISyntaxException {
        Path corpus = Path.of(HostileInputTest.class.getResource("/hostile").toURI());
        List<Path> files;
        try (Stream<Path> s = Files.list(corpus)) {
            files = s.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(100);
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
            String text = Files.readString(f);
            String expect = text.lines().findFirst().orElseThrow().replaceFirst("^# expect: ", "");
            Path copy = Files.createDirectories(dir.resolve("files")).resolve(f.getFileName());
            Files.writeString(copy, text);
            HostileInputs.check("files", f.getFileName().toString(), expect, "run", copy.toString(), "--no-progress");
        }));
    }

    /** Files no editor writes: each built here, with the field its message must name. */
    @TestFactory
    Stream<DynamicTest> filesNoEditorWrites() throws IOException {
        Path d = Files.createDirectories(dir.resolve("odd"));
        Map<String, Path> cases = new LinkedHashMap<>();
        cases.put("utf-16le.yaml", write(d, "utf-16le.yaml", withBom(new byte[] {(byte) 0xff, (byte) 0xfe},
                VALID.getBytes(StandardCharsets.UTF_16LE))));
        cases.put("utf-16be.yaml", write(d, "utf-16be.yaml", withBom(new byte[] {(byte) 0xfe, (byte) 0xff},
                VALID.getBytes(StandardCharsets.UTF_16BE))));
        cases.put("utf-16-no-bom.yaml", write(d, "utf-16-no-bom.yaml", VALID.getBytes(StandardCharsets.UTF_16LE)));
        byte[] random = new byte[4096];
        new Random(14).nextBytes(random);
        random[100] = 0;
        cases.put("binary.yaml", write(d, "binary.yaml", random));
        byte[] latin1 = VALID.replace("hostile", "h\u00f6stile").getBytes(StandardCharsets.ISO_8859_1);
        cases.put("latin-1.yaml", write(d, "latin-1.yaml", latin1));
        cases.put("png.yaml", write(d, "png.yaml", new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0}));
        byte[] big = (VALID + "# " + "x".repeat(2_000_000) + "\n").getBytes(StandardCharsets.UTF_8);
        cases.put("two-megabytes.yaml", write(d, "two-megabytes.yaml", big));
        Path sparse = d.resolve("fifty-megabytes.yaml");
        try (RandomAccessFile f = new RandomAccessFile(sparse.toFile(), "rw")) {
            f.setLength(50L << 20); // refused by its size before a byte is read
        }
        cases.put("fifty-megabytes.yaml", sparse);
        cases.put("a-directory", Files.createDirectories(d.resolve("a-directory.yaml")));
        cases.put("missing", d.resolve("missing.yaml"));
        return cases.entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () ->
                HostileInputs.check("files", e.getKey(), "(file)", "run", e.getValue().toString(), "--no-progress")));
    }

    @Test
    void everyProblemOfAFileIsListedAtOnceWithItsLine() throws IOException {
        Path f = dir.resolve("many.yaml");
        Files.writeString(f, """
                rows: 1e10
                timeScale: .nan
                load:
                  start: 1.5
                  stages:
                    - rampTo: 4
                      hold: 1s
                    - hold: 99999999999999h
                agent:
                  reference:
                    fixes: stt-failover
                  connector:
                    firstTokenTimeout: 5s
                """);

        CliResult r = CliResult.run(k -> null, "run", f.toString(), "--no-progress");

        assertThat(r.exitCode()).isEqualTo(CallstormCli.EXIT_USAGE);
        assertThat(r.err()).contains("7 problems",
                "rows (line 1, column 1): must be between 1 and 10,000,000, was 1e10",
                "timeScale (line 2, column 1): must be a finite number, was .nan",
                "load.start (line 4, column 3): must be a whole number of concurrent calls, was 1.5",
                "load.stages[0] (line 6, column 7): has both hold and rampTo",
                "load.stages[1].hold (line 8, column 7): must be <= 30 days, was 99999999999999h",
                "agent.reference.fixes (line 11, column 5): must be a list",
                "agent.connector.firstTokenTimeout (line 13, column 5): is not a known key; did you mean "
                        + "firstAudioTimeout?");
    }

    @Test
    void aNulInTheNameIsRefusedAndJunitXmlStaysXml() throws Exception {
        Path f = dir.resolve("nul.yaml");
        Files.writeString(f, VALID.replace("name: hostile", "name: \"bad\\0name\""));
        CliResult r = CliResult.run(k -> null, "run", f.toString(), "--no-progress");
        assertThat(r.exitCode()).isEqualTo(CallstormCli.EXIT_USAGE);
        assertThat(r.err()).contains("name (line 1, column 1): must not hold control characters", "bad\\u0000name");

        // a name that reaches the writer another way (a report rebuilt, a library user) is escaped, not written raw
        var report = io.callstorm.simulate.report.SimulationReport.readJson(writeValidRun().resolve("report.json"));
        var renamed = io.callstorm.simulate.report.ReportJson.mapper().convertValue(report,
                com.fasterxml.jackson.databind.node.ObjectNode.class);
        ((com.fasterxml.jackson.databind.node.ObjectNode) renamed.get("simulation")).put("name", "a\u0000b\u0007<c>&\"");
        var withNul = io.callstorm.simulate.report.ReportJson.mapper().treeToValue(renamed,
                io.callstorm.simulate.report.SimulationReport.class);
        String xml = io.callstorm.simulate.writer.JunitReport.render(withNul, List.of());
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        assertThat(doc.getDocumentElement().getTagName()).isEqualTo("testsuites");
        assertThat(xml).contains("a\uFFFDb\uFFFD&lt;c&gt;&amp;&quot;");
    }

    private static Path writeValidRun() throws IOException {
        Path f = dir.resolve("valid").resolve("valid.yaml");
        Files.createDirectories(f.getParent());
        Files.writeString(f, VALID);
        CliResult r = CliResult.run(k -> null, "run", f.toString(), "--no-progress");
        assertThat(r.exitCode()).as(r.err()).isEqualTo(CallstormCli.EXIT_OK);
        return f.getParent().resolve("out");
    }

    /** At least 30 bad flag sets, each with the option its message must name. */
    @TestFactory
    Stream<DynamicTest> badFlagSets() throws IOException {
        Path aFile = Files.writeString(dir.resolve("a-file.txt"), "not a directory");
        Path valid = Files.writeString(dir.resolve("valid-for-flags.yaml"), VALID);
        String out = dir.resolve("flags-out").toString();
        List<Object[]> sets = new ArrayList<>();
        // demo: each set over small-run defaults, so that a set wrongly accepted costs a second, not minutes
        demo(sets, "--rows", "--rows", "0");
        demo(sets, "--rows", "--rows", "99999999999");
        demo(sets, "--rows", "--rows", "abc");
        demo(sets, "--rows", "--rows");
        demo(sets, "--peak", "--peak", "2000000");
        demo(sets, "--peak", "--peak", "-5");
        demo(sets, "--peak", "--peak", "1e10");
        demo(sets, "--start", "--start", "50", "--peak", "10");
        demo(sets, "--ramp", "--ramp", "0s");
        demo(sets, "--ramp", "--ramp", "abc");
        demo(sets, "99999999999999h", "--ramp", "99999999999999h");
        demo(sets, "--hold", "--hold", "99999999999999h");
        demo(sets, "--hold", "--hold", "99999999999999999999999");
        demo(sets, "--ramp-down", "--ramp-down", "1000000h");
        demo(sets, "--time-scale", "--time-scale", "0");
        demo(sets, "--time-scale", "--time-scale", "NaN");
        demo(sets, "--time-scale", "--time-scale", "1e400");
        demo(sets, "--seed", "--seed", "1.5");
        demo(sets, "--seed", "--seed", "99999999999999999999");
        demo(sets, "--fix", "--fix", "warp-drive");
        demo(sets, "--fix", "--fix=");
        demo(sets, "--fix", "--fix", "stt-failover,");
        demo(sets, "--fix", "--target", "http://127.0.0.1:9", "--fix", "stt-failover", "--clock", "real");
        demo(sets, "--target", "--target", "ftp://example.com", "--clock", "real");
        demo(sets, "--connector", "--connector", "carrier-pigeon");
        demo(sets, "--clock", "--clock", "sundial");
        demo(sets, "--clock", "--clock", "virtual", "--connector", "http");
        demo(sets, "--barge-in", "--barge-in", "2");
        demo(sets, "--barge-in", "--barge-in", "NaN");
        demo(sets, "--record-audio", "--record-audio", "0.5");
        demo(sets, "--voice", "--voice", "robot");
        demo(sets, "--out", "--out", aFile.toString());
        demo(sets, "--out", "--out", aFile.resolve("below").toString());
        demo(sets, "--bogus", "--bogus");
        demo(sets, "--peek", "--peek", "10");
        demo(sets, "--gate", "--gate", "nonsense >=");
        demo(sets, "--max-rubric-drop", "--max-rubric-drop", "-1");
        demo(sets, "--max-p95-increase", "--max-p95-increase", "1e9");
        demo(sets, "--judge-rubrics", "--judge-rubrics", "no_such_rubric", "--judge-url", "http://127.0.0.1:9");
        sets.add(new Object[] {"SIMULATION.yaml", new String[] {"run"}});
        sets.add(new Object[] {"--out", new String[] {"run", valid.toString(), "--out", aFile.toString()}});
        sets.add(new Object[] {"--bogus", new String[] {"run", valid.toString(), "--bogus"}});
        sets.add(new Object[] {"--port", new String[] {"serve-agent", "--port", "70000"}});
        sets.add(new Object[] {"--port", new String[] {"serve-agent", "--port", "-1"}});
        sets.add(new Object[] {"--idle-timeout", new String[] {"serve-agent", "--idle-timeout", "999999h"}});
        sets.add(new Object[] {"--fix", new String[] {"serve-agent", "--fix="}});
        sets.add(new Object[] {"--step", new String[] {"capacity", "--step", "0"}});
        sets.add(new Object[] {"--step", new String[] {"capacity", "--step", "2000000000"}});
        sets.add(new Object[] {"--lag-limit-ms", new String[] {"capacity", "--lag-limit-ms", "Infinity"}});
        sets.add(new Object[] {"--max", new String[] {"capacity", "--max", "5000000"}});
        sets.add(new Object[] {"TRANSCRIPTS", new String[] {"eval", dir.resolve("none.jsonl").toString()}});
        sets.add(new Object[] {"--threads", new String[] {"eval", valid.toString(), "--threads", "5000",
                "--out", out}});
        sets.add(new Object[] {"CALLS", new String[] {"report", dir.resolve("none").toString()}});
        sets.add(new Object[] {"no-such-command", new String[] {"no-such-command"}});
        assertThat(sets).hasSizeGreaterThanOrEqualTo(30);
        return sets.stream().map(s -> DynamicTest.dynamicTest(String.join(" ", (String[]) s[1]), () ->
                HostileInputs.check("flags", String.join(" ", (String[]) s[1]), (String) s[0], (String[]) s[1])));
    }

    private static void demo(List<Object[]> sets, String expect, String... flags) {
        Map<String, String> small = new LinkedHashMap<>();
        small.put("--peak", "4");
        small.put("--start", "2");
        small.put("--ramp", "1s");
        small.put("--hold", "0s");
        small.put("--ramp-down", "0s");
        small.put("--rows", "50");
        small.put("--time-scale", "0.02");
        small.put("--clock", "virtual");
        small.put("--out", dir.resolve("demo-out").toString());
        List<String> args = new ArrayList<>(List.of("demo"));
        args.addAll(List.of(flags));
        for (Map.Entry<String, String> e : small.entrySet()) {
            if (Stream.of(flags).noneMatch(f -> f.equals(e.getKey()) || f.startsWith(e.getKey() + "="))) {
                args.add(e.getKey());
                args.add(e.getValue());
            }
        }
        args.add("--no-progress");
        sets.add(new Object[] {expect, args.toArray(String[]::new)});
    }

    private static byte[] withBom(byte[] bom, byte[] text) {
        byte[] b = new byte[bom.length + text.length];
        System.arraycopy(bom, 0, b, 0, bom.length);
        System.arraycopy(text, 0, b, bom.length, text.length);
        return b;
    }

    private static Path write(Path d, String name, byte[] bytes) {
        try {
            return Files.write(d.resolve(name), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
