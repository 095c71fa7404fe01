package io.callstorm.cli.api;

import io.callstorm.cli.config.SimulationFile;
import io.callstorm.core.validation.ConfigurationException;
import io.callstorm.core.validation.Problem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The one-call run API: catalog ids in, pass rates and the report out, the run repeatable as a file. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CallstormApiTest {
    private static Path catalog(Path dir) throws Exception {
        Path folder = Files.createDirectories(dir.resolve("catalog"));
        Files.writeString(folder.resolve("support.yaml"), """
                personaSets:
                  - id: impatient-callers
                    personas: [in-a-hurry, frustrated]
                scenarios:
                  - name: support_smoke
                    paths:
                      - id: plan-question
                        category: account
                        expectedOutcome: resolved
                        facts: {plan: [Starter, Team]}
                        steps:
                          - intent: identify
                            say: "Hi, my account number is {account}."
                            tools: [get_account_info]
                          - intent: plan
                            say: "Which plan am I on? I think it's {plan}."
                      - id: refund-ticket
                        category: billing
                        expectedOutcome: ticket_created
                        steps:
                          - intent: identify
                            say: "Account {account}, please."
                            tools: [get_account_info]
                          - intent: ticket
                            say: "Please open a ticket for a refund."
                            tools: [create_ticket]
                """);
        return folder;
    }

    @Test
    void aRunNamedByCatalogIdsGivesPassRatesPerRubricAndCanBeRunAgainFromItsFile(@TempDir Path dir) throws Exception {
        CallstormApi api = CallstormApi.builder().catalog(catalog(dir)).environment(Map.<String, String>of()::get)
                .build();

        RunResult result = api.runSimulation(RunRequest.builder()
                .scenarios("support_smoke")
                .personas("impatient-callers")
                .evalTemplates("conversation_resolution", "task_completion", "is_concise")
                .concurrency(20).rampUp(Duration.ofSeconds(1)).hold(Duration.ofSeconds(2))
                .rampDown(Duration.ofSeconds(1))
                .timeScale(0.02).rows(200).seed(5)
                .gate("conversation_resolution >= 0.01")
                .outputDirectory(dir.resolve("out"))
                .build());

        assertThat(result.report().load().callsStarted()).isPositive();
        assertThat(result.passRates()).containsOnlyKeys("conversation_resolution", "task_completion", "is_concise");
        assertThat(result.passRate("conversation_resolution").orElseThrow()).isBetween(0.0, 1.0);
        assertThat(result.passRate("is_polite")).isEmpty();
        assertThat(result.gatePassed()).isTrue();
        assertThat(result.report().breakdown().paths().rows()).extracting(row -> row.id())
                .containsExactlyInAnyOrder("plan-question", "refund-ticket");
        assertThat(result.outputDirectory().resolve("report.json")).exists();
        Path file = result.outputDirectory().resolve("simulation.yaml");
        SimulationFile again = SimulationFile.read(file);
        assertThat(again.scenarios().name()).isEqualTo("support_smoke");
        assertThat(again.load().peak()).isEqualTo(20);
        assertThat(again.personas()).extracting(p -> p.id()).containsExactly("in-a-hurry", "frustrated");
    }

    @Test
    void unknownIdsAndValuesAreEachNamedAtOnce(@TempDir Path dir) throws Exception {
        CallstormApi api = CallstormApi.builder().catalog(catalog(dir)).environment(Map.<String, String>of()::get)
                .outputRoot(dir.resolve("runs")).build();

        ConfigurationException e = catchThrowableOfType(() -> api.runSimulation(RunRequest.builder()
                .agentDefinition("support_agent_v99")
                .target(URI.create("https://agent.example.com/v1"))
                .scenarios("support_smok")
                .personas("impatient-caller")
                .evalTemplates("is_polit")
                .concurrency(-5)
                .build()), ConfigurationException.class);

        assertThat(e.problems()).extracting(Problem::toString)
                .anySatisfy(p -> assertThat(p).startsWith("agent.definition").contains("support_agent_v99"))
                .anySatisfy(p -> assertThat(p).startsWith("scenarios").contains("support_smok")
                        .contains("support_smoke"))
                .anySatisfy(p -> assertThat(p).startsWith("personas[0]").contains("impatient-callers"))
                .anySatisfy(p -> assertThat(p).startsWith("evaluation.rubrics[0]").contains("is_polit"))
                .anySatisfy(p -> assertThat(p).startsWith("load.peak"));
    }
}
