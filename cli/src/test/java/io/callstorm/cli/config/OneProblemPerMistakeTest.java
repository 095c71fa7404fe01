package io.callstorm.cli.config;

import io.callstorm.core.validation.ConfigurationException;
import io.callstorm.core.validation.Problem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** A value that cannot be read is one problem, said once: never a second one about the value it was read as. */
class OneProblemPerMistakeTest {
    @Test
    void unreadableNumbersAreEachOneProblemWithoutTheirZeroBeingBlamedToo(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("sim.yaml"), """
                timeScale: "fast"
                load:
                  start: "a"
                  stages:
                    - rampTo: "lots"
                      duration: 10s
                    - hold: 5s
                """);

        ConfigurationException e = catchThrowableOfType(() -> SimulationFile.read(file), ConfigurationException.class);

        assertThat(e.problems()).extracting(Problem::toString).containsExactly(
                "timeScale (line 1, column 1): must be a number, was fast",
                "load.start (line 3, column 3): must be a number, was a",
                "load.stages[0].rampTo (line 5, column 7): must be a number, was lots");
    }

    @Test
    void aReadableProfileThatStartsNoCallIsStillNamed(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("sim.yaml"), """
                load:
                  start: 0
                  stages:
                    - hold: 5s
                """);

        ConfigurationException e = catchThrowableOfType(() -> SimulationFile.read(file), ConfigurationException.class);

        assertThat(e.problems()).extracting(Problem::toString).singleElement().asString()
                .startsWith("load.stages").contains("never starts a call");
    }
}
