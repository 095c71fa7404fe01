package io.callstorm.cli.config;

import io.callstorm.core.validation.Problem;
import io.callstorm.core.validation.ProblemCollector;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BuilderProblemsTest {

    @Test
    void renamesKeepsTheMessageIgnoresWhatItIsToldAndReportsEachNameOnce() {
        ProblemCollector p = new ProblemCollector();
        p.add("personas[0]", "unknown persona \"nobody\"");
        p.add("--fix", "unknown fix \"warp-drive\"");

        new BuilderProblems()
                .name("timeScale", "--time-scale")
                .name("load.stages[0].target", "--peak")
                .name("load.peak", "--peak")
                .ignore("agent.connector")
                .addTo(List.of(
                        new Problem("timeScale", "must be > 0 and <= 10, was 0.0"),
                        new Problem("load.stages[0].target", "must be >= 0 concurrent calls, was -5.0"),
                        new Problem("load.peak", "must be > 0: a profile that never starts a call tests nothing"),
                        new Problem("agent.connector", "must be set with agent(definition, connector)"),
                        new Problem("personas", "must hold at least one persona"),
                        new Problem("seed", "a path without a name keeps its own")), p);

        assertThat(p.problems()).containsExactly(
                new Problem("personas[0]", "unknown persona \"nobody\""),
                new Problem("--fix", "unknown fix \"warp-drive\""),
                new Problem("--time-scale", "must be > 0 and <= 10, was 0.0"),
                new Problem("--peak", "must be >= 0 concurrent calls, was -5.0"),
                new Problem("seed", "a path without a name keeps its own"));
    }
}
