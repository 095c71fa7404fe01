package io.callstorm.reference;

import io.callstorm.core.persona.Personas;
import io.callstorm.core.scenario.ScenarioGraph;
import io.callstorm.core.scenario.SupportDeskScenarios;
import io.callstorm.simulate.Simulation;
import io.callstorm.simulate.analysis.ReportRebuilder;
import io.callstorm.simulate.load.LoadProfile;
import io.callstorm.simulate.report.RunStart;
import io.callstorm.simulate.report.SimulationReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The reference agent's run, rebuilt from calls.jsonl and run.json without its report.json. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ReferenceAgentRebuildTest {
    private static final ScenarioGraph SHORT_PATHS = ScenarioGraph.builder("support-desk-short")
            .paths(SupportDeskScenarios.graph().paths().stream().filter(p -> p.steps().size() <= 5).toList())
            .build();

    @Test
    void withoutReportJsonTheRunJsonStillGivesTheSameBuckets(@TempDir Path out) throws Exception {
        SimulationReport run;
        ReferenceAgentConfig crowded = ReferenceAgentConfig.defaults().toBuilder().sttRegionStreamCapacity(40)
                .ttsPoolSize(30).build();
        try (ReferenceAgent agent = ReferenceAgent.create(crowded)) {
            run = Simulation.builder()
                    .name("rebuild-reference")
                    .agent(ReferenceAgent.definition(), agent)
                    .personas(Personas.builtIns())
                    .scenarios(SHORT_PATHS, 1_000)
                    .load(LoadProfile.concurrentCalls(20).rampTo(120, Duration.ofSeconds(2)).hold(Duration.ofSeconds(1))
                            .build())
                    .timeScale(0.05)
                    .drainTimeout(Duration.ofMillis(500))
                    .outputDirectory(out)
                    .build().run();
        }
        assertThat(run.errors().degradations()).extracting(d -> d.name())
                .contains("STT overload", "TTS non-streaming fallback");
        Files.delete(out.resolve("report.json")); // as if the run had been killed before writing it
        assertThat(out.resolve(RunStart.FILE_NAME)).exists();

        SimulationReport again = ReportRebuilder.rebuild(out.resolve("calls.jsonl")).report();

        assertThat(again.load().bucketWidth()).isEqualTo(run.load().bucketWidth());
        assertThat(again.latency()).isEqualTo(run.latency());
        assertThat(again.quality()).isEqualTo(run.quality());
        assertThat(again.errors()).isEqualTo(run.errors());
        assertThat(again.evaluation()).isEqualTo(run.evaluation()); // its setup from run.json
        assertThat(again.harness().evaluationsDone()).isEqualTo(run.harness().evaluationsDone());
        assertThat(again.simulation().name()).isEqualTo("rebuild-reference");
        assertThat(again.simulation().agent()).containsEntry("reference", true);
    }
}
