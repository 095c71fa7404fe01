package io.callstorm.simulate.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import io.callstorm.simulate.analysis.internal.CallsFileReader;
import io.callstorm.simulate.report.ReportJson;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The streamed read of {@code calls.jsonl} (blocks parsed on several threads, no data binding) against the read it
 * replaced (data binding of each line, one at a time): the same report, to the last field, on a generated file with
 * every status, error, wait, verdict, degradation and scoring mark, with odd and broken lines among them, plain and
 * compressed, whole and cut.
 */
class StreamedRebuildTest {
    private static final int CALLS = 2_000; // about 9 MB: a dozen blocks, so lines straddle block ends

    @TempDir
    static Path dir;
    private static byte[] generated;

    @BeforeAll
    static void generate() throws IOException {
        Path file = dir.resolve("generated.jsonl");
        GeneratedCallsFile.write(file, CALLS, 17);
        generated = Files.readAllBytes(file);
    }

    @Test
    void aGeneratedFileRebuildsToTheSameReportAsWithDataBinding() throws IOException {
        Path calls = write("plain", generated);
        assertThat(generated.length / CALLS).as("bytes per call, like the demo's").isBetween(3_500, 6_000);

        ReportRebuilder.Rebuilt streamed = ReportRebuilder.rebuild(calls);
        ReportRebuilder.Rebuilt bound = ReportRebuilder.rebuild(calls, DataBoundReading::read);

        assertSame(streamed, bound);
        assertThat(streamed.lines()).isEqualTo(CALLS);
        assertThat(streamed.report().errors().clusters()).hasSizeGreaterThan(4);
        assertThat(streamed.report().errors().degradations()).hasSizeGreaterThan(4);
        assertThat(streamed.report().evaluation().failures()).isNotEmpty();
        assertThat(streamed.report().load().bucketWidth()).as("the buckets widened").isGreaterThan(1);
    }

    @Test
    void oddAndBrokenLinesReadAsWithDataBindingAndAreNamedByLine() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}); // a byte-order mark
        String[] lines = new String(generated, 0, 2_000_000, StandardCharsets.UTF_8).split("\n");
        for (int i = 0; i < lines.length - 1; i++) {
            String line = lines[i];
            switch (i % 40) {
                case 3 -> line = line.replace("\"row\":" + i + ",", "\"row\":\"" + i + "\","); // coerced by binding
                case 5 -> line = line.replace("\"status\":\"COMPLETED\"", "\"status\":\"PAUSED\""); // unknown: bad
                case 7 -> line = line.substring(0, line.length() / 2); // cut mid-write
                case 9 -> line = line.replace("\"retries\":0", "\"retries\":0,\"added\":{\"later\":[1,{\"x\":null}]}");
                case 11 -> line = moveStatusToTheEnd(line); // the status after the turns: texts may be quoted
                case 13 -> line = line.replace("\"concurrency\":", "\"concurrency\":1.0E0,\"concurrency\":");
                case 15 -> line = line.replace("\"name\":\"get_account_info\"", "\"name\":null"); // bad tool call
                case 17 -> line = line.replace("\"startedAtSeconds\":", "\"startedAtSeconds\":\"1.5\",\"x\":");
                case 19 -> line = "   \t";
                case 21 -> line = "not json at all";
                case 23 -> line = line.replace("\"kind\":\"HUNG_UP\"", "\"kind\":\"SOMETHING_NEW\"");
                case 25 -> line = line.replace("\"text\":\"", "\"text\":\"caf\u00e9 \\u00e9 ");
                case 27 -> line = line + "   ";
                case 29 -> line = "";
                default -> {
                }
            }
            b.write(line.getBytes(StandardCharsets.UTF_8));
            b.write(i % 3 == 0 ? new byte[] {'\r', '\n'} : i % 7 == 0 ? new byte[] {'\r'} : new byte[] {'\n'});
        }
        b.write("{\"callId\":\"last, cut".getBytes(StandardCharsets.UTF_8)); // a run killed mid-write
        Path calls = write("odd", b.toByteArray());

        ReportRebuilder.Rebuilt streamed = ReportRebuilder.rebuild(calls);
        ReportRebuilder.Rebuilt bound = ReportRebuilder.rebuild(calls, DataBoundReading::read);

        assertSame(streamed, bound);
        assertThat(streamed.malformed()).isGreaterThan(10);
        assertThat(streamed.notes()).anySatisfy(n -> assertThat(n)
                .startsWith(streamed.malformed() + " line(s) could not be read and were skipped: lines ")
                .contains(" 8, ").endsWith(", ..."));
    }

    @Test
    void aCompressedFileRebuildsToTheSameReportAsThePlainOne() throws IOException {
        Path plain = write("plain-for-gz", generated);
        Path gz = dir.resolve("gz").resolve("calls.jsonl.gz");
        Files.createDirectories(gz.getParent());
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(generated, 0, generated.length / 2);
        }
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz, java.nio.file.StandardOpenOption.APPEND))) {
            out.write(generated, generated.length / 2, generated.length - generated.length / 2); // a second member
        }

        ReportRebuilder.Rebuilt fromGz = ReportRebuilder.rebuild(gz);
        assertSame(fromGz, ReportRebuilder.rebuild(gz, DataBoundReading::read));
        ReportRebuilder.Rebuilt fromPlain = ReportRebuilder.rebuild(plain);
        assertThat(fromGz.lines()).isEqualTo(fromPlain.lines()).isEqualTo(CALLS);
        JsonNode gzErrors = ReportJson.mapper().valueToTree(fromGz.report().errors());
        JsonNode plainErrors = ReportJson.mapper().valueToTree(fromPlain.report().errors());
        assertThat(gzErrors).isEqualTo(plainErrors);

        Path cut = dir.resolve("cut").resolve("calls.jsonl.gz");
        Files.createDirectories(cut.getParent());
        byte[] whole = Files.readAllBytes(gz);
        Files.write(cut, java.util.Arrays.copyOf(whole, whole.length / 3));
        ReportRebuilder.Rebuilt streamed = ReportRebuilder.rebuild(cut);
        assertSame(streamed, ReportRebuilder.rebuild(cut, DataBoundReading::read));
        assertThat(streamed.notes()).anySatisfy(n -> assertThat(n).contains("ends inside a gzip member"));
        assertThat(streamed.lines()).isBetween(1L, CALLS - 1L);
    }

    @Test
    void oneParsingThreadOrManyAndATooLongLineReadTheSame() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(generated, 0, 3_000_000);
        b.write('\n');
        b.write(("{\"callId\":\"" + "x".repeat(2_500_000) + "\"}\n").getBytes(StandardCharsets.UTF_8));
        b.write(generated, 3_000_000, 4_000_000);
        Path calls = write("long", b.toByteArray());
        int limit = 2_000_000;

        ReportRebuilder.Rebuilt one = ReportRebuilder.rebuild(calls, new CallsFileReader(limit, 1)::read);
        ReportRebuilder.Rebuilt three = ReportRebuilder.rebuild(calls, new CallsFileReader(limit, 3)::read);
        ReportRebuilder.Rebuilt bound = ReportRebuilder.rebuild(calls, (file, sink) -> DataBoundReading.read(file, sink, limit));

        assertSame(one, bound);
        assertSame(three, bound);
        assertThat(one.notes()).anySatisfy(n -> assertThat(n).contains("1 line(s) longer than"));
    }

    private static String moveStatusToTheEnd(String line) {
        int at = line.indexOf("\"status\":\"");
        int end = line.indexOf('"', at + 10) + 1;
        String status = line.substring(at, end);
        return line.substring(0, at) + line.substring(end + 1, line.length() - 1) + "," + status + "}";
    }

    private static Path write(String name, byte[] bytes) throws IOException {
        Path sub = dir.resolve(name);
        Files.createDirectories(sub);
        return Files.write(sub.resolve("calls.jsonl"), bytes);
    }

    private static void assertSame(ReportRebuilder.Rebuilt actual, ReportRebuilder.Rebuilt expected) {
        JsonNode a = ReportJson.mapper().valueToTree(actual.report());
        JsonNode e = ReportJson.mapper().valueToTree(expected.report());
        e.fieldNames().forEachRemaining(section -> assertThat(a.get(section)).as(section).isEqualTo(e.get(section)));
        assertThat(a).isEqualTo(e);
        assertThat(actual.lines()).isEqualTo(expected.lines());
        assertThat(actual.malformed()).isEqualTo(expected.malformed());
        assertThat(actual.notes()).isEqualTo(expected.notes());
    }
}
