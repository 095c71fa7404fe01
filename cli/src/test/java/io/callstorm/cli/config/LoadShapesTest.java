package io.callstorm.cli.config;

import io.callstorm.core.validation.ConfigurationException;
import io.callstorm.core.validation.Problem;
import io.callstorm.simulate.load.LoadProfile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The load profile as k6 users write stages ({duration, target}) and as the guide's run API shapes it. */
class LoadShapesTest {
    private static LoadProfile load(Path dir, String yaml) throws Exception {
        return SimulationFile.read(Files.writeString(dir.resolve("sim.yaml"), yaml)).load();
    }

    @Test
    void k6StagesWithTargetAreRampsAndGiveTheSameProfileAsRampTo(@TempDir Path dir) throws Exception {
        LoadProfile k6 = load(dir, """
                load:
                  start: 10
                  stages:
                    - {duration: 30s, target: 200}
                    - {duration: 1m, target: 200}
                    - {duration: 10s, target: 0}
                """);
        LoadProfile ours = load(dir, """
                load:
                  start: 10
                  stages:
                    - {rampTo: 200, duration: 30s}
                    - {rampTo: 200, duration: 1m}
                    - {rampTo: 0, duration: 10s}
                """);

        assertThat(k6.stages()).isEqualTo(ours.stages());
        assertThat(k6.model()).isEqualTo(ours.model());
        assertThat(k6.peak()).isEqualTo(200);
        assertThat(k6.totalDuration()).isEqualTo(Duration.ofSeconds(100));
    }

    @Test
    void theGuidesShapeIsARampUpAHoldAndARampDown(@TempDir Path dir) throws Exception {
        LoadProfile shape = load(dir, """
                load:
                  peak: 4000
                  rampUp: 30m
                  hold: 60m
                  rampDown: 15m
                """);
        LoadProfile stages = load(dir, """
                load:
                  stages:
                    - {rampTo: 4000, duration: 30m}
                    - {hold: 60m}
                    - {rampTo: 0, duration: 15m}
                """);

        assertThat(shape.stages()).hasSize(3);
        assertThat(shape.stages().get(0)).isEqualTo(new LoadProfile.Stage(Duration.ofMinutes(30), 0, 4000));
        assertThat(shape.stages().subList(1, 3)).isEqualTo(stages.stages().subList(1, 3));
    }

    @Test
    void aShapeBesideStagesAStageWithRampToAndTargetAndAShapeWithoutPeakAreNamed(@TempDir Path dir) throws Exception {
        Path both = Files.writeString(dir.resolve("both.yaml"), """
                load:
                  peak: 100
                  stages:
                    - {rampTo: 10, target: 10, duration: 5s}
                """);
        Path noPeak = Files.writeString(dir.resolve("nopeak.yaml"), """
                load:
                  rampUp: 10s
                  hold: fast
                """);

        assertThat(catchThrowableOfType(() -> SimulationFile.read(both), ConfigurationException.class).problems())
                .extracting(Problem::toString)
                .anySatisfy(p -> assertThat(p).startsWith("load.stages").contains("keep the stages, or the shape"))
                .anySatisfy(p -> assertThat(p).startsWith("load.stages[0]").contains("both rampTo and target"));
        assertThat(catchThrowableOfType(() -> SimulationFile.read(noPeak), ConfigurationException.class).problems())
                .extracting(Problem::toString)
                .anySatisfy(p -> assertThat(p).startsWith("load.peak").contains("is required with rampUp"));
    }

    @Test
    void theSameFileInJsonIsReadTheSame(@TempDir Path dir) throws Exception {
        Path json = Files.writeString(dir.resolve("sim.json"), """
                {"name": "json-run", "seed": 3,
                 "load": {"start": 10, "stages": [{"duration": "30s", "target": 200}, {"hold": "10s"}]},
                 "evaluation": {"sample": 0.5},
                 "outputs": {"compressCalls": true}}
                """);

        SimulationFile spec = SimulationFile.read(json);

        assertThat(spec.name()).isEqualTo("json-run");
        assertThat(spec.load().peak()).isEqualTo(200);
        assertThat(spec.evaluation().config().sample()).isEqualTo(0.5);
        assertThat(spec.compressCalls()).isTrue();
    }
}
