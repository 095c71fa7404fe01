package io.callstorm.simulate;

import io.callstorm.simulate.analysis.ReportRebuilder;
import io.callstorm.simulate.load.LoadProfile;
import io.callstorm.simulate.report.SimulationReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code compressCallsFile}: the calls go to {@code calls.jsonl.gz} in gzip members of whole lines, which gunzip
 * reads as one file and {@code report} rebuilds the same report from; a file cut inside a member still gives its
 * earlier lines.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class CompressedCallsFileTest {
    private static long gunzippedLines(Path file) throws Exception {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(
                Files.newInputStream(file)), StandardCharsets.UTF_8))) {
            return in.lines().count();
        }
    }

    @Test
    void aCompressedRunIsRebuiltToTheSameReportAndACutFileKeepsItsWholeMembers(@TempDir Path out) throws Exception {
        Files.writeString(out.resolve(SimulationReport.CALLS_FILE), "stale"); // an earlier run's, uncompressed
        SimulationReport report;
        try (ScriptedAgent agent = ScriptedAgent.fast()) {
            Simulation simulation = SmallSimulations.of(agent).name("compressed").outputDirectory(out)
                    .compressCallsFile(true)
                    .load(LoadProfile.concurrentCalls(30).hold(Duration.ofSeconds(3)).build()).build();
            assertThat(simulation.callsFileName()).isEqualTo(SimulationReport.CALLS_GZ_FILE);
            report = simulation.run();
        }
        Path gz = out.resolve(SimulationReport.CALLS_GZ_FILE);
        assertThat(out.resolve(SimulationReport.CALLS_FILE)).doesNotExist(); // no stale file to rebuild from
        assertThat(gunzippedLines(gz)).isEqualTo(report.load().callsStarted()).isPositive();

        ReportRebuilder.Rebuilt rebuilt = ReportRebuilder.rebuild(gz);
        assertThat(rebuilt.lines()).isEqualTo(report.load().callsStarted());
        assertThat(rebuilt.report().load()).isEqualTo(report.load());
        assertThat(rebuilt.report().latency()).isEqualTo(report.latency());
        assertThat(rebuilt.report().quality()).isEqualTo(report.quality());

        // as after a kill mid-write: the last member cut short
        byte[] bytes = Files.readAllBytes(gz);
        Path cut = out.resolve("cut").resolve(SimulationReport.CALLS_GZ_FILE);
        Files.createDirectories(cut.getParent());
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length - 7));
        ReportRebuilder.Rebuilt partial = ReportRebuilder.rebuild(cut);
        assertThat(partial.lines()).isLessThanOrEqualTo(report.load().callsStarted());
        assertThat(partial.notes()).anySatisfy(n -> assertThat(n).contains("ends inside a gzip member"));
    }
}
