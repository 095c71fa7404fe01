package io.callstorm.cli.config;

import io.callstorm.core.validation.ConfigurationException;
import io.callstorm.core.validation.Problem;
import io.callstorm.simulate.connect.RecordingPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** {@code recording:} in the simulation file: none, a share of calls, or failed calls only; media streams only. */
class RecordingSettingTest {
    private static final String LOAD = """
            load: {start: 1, stages: [{hold: 1s}]}
            """;

    private static SimulationFile read(Path dir, String yaml) throws Exception {
        return SimulationFile.read(Files.writeString(dir.resolve("sim.yaml"), LOAD + yaml));
    }

    @Test
    void failedRecordsEveryMediaCallAndKeepsTheFailedOnesAShareRecordsThatShare(@TempDir Path dir) throws Exception {
        SimulationFile failed = read(dir, "agent: {connector: {kind: ws}}\nrecording: failed\n");
        SimulationFile share = read(dir, "agent: {connector: {kind: ws}}\nrecording: 0.1\n");
        SimulationFile none = read(dir, "agent: {connector: {kind: ws}}\nrecording: none\n");

        assertThat(failed.connector().recordAudio()).isEqualTo(1.0);
        assertThat(failed.recordings()).isEqualTo(RecordingPolicy.FAILED_CALLS);
        assertThat(failed.evaluation().rubrics()).contains("audio_quality");
        assertThat(share.connector().recordAudio()).isEqualTo(0.1);
        assertThat(share.recordings()).isEqualTo(RecordingPolicy.ALL);
        assertThat(none.connector().recordAudio()).isZero();
    }

    @Test
    void aRecordingOfCallsWithoutAudioABadValueAndTwoSettingsAreNamed(@TempDir Path dir) throws Exception {
        Path http = Files.writeString(dir.resolve("http.yaml"), LOAD + "agent: {connector: {kind: http}}\n"
                + "recording: failed\n");
        Path bad = Files.writeString(dir.resolve("bad.yaml"), LOAD + "agent: {connector: {kind: ws, "
                + "recordAudio: 0.5}}\nrecording: sometimes\n");

        assertThat(catchThrowableOfType(() -> SimulationFile.read(http), ConfigurationException.class).problems())
                .extracting(Problem::toString).anySatisfy(p -> assertThat(p).startsWith("recording")
                        .contains("only media-stream calls carry"));
        assertThat(catchThrowableOfType(() -> SimulationFile.read(bad), ConfigurationException.class).problems())
                .extracting(Problem::toString)
                .anySatisfy(p -> assertThat(p).startsWith("recording").contains("was sometimes"))
                .anySatisfy(p -> assertThat(p).startsWith("recording").contains("keep one"));
    }
}
