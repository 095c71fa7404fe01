package io.callstorm.samples.clinic;

import io.callstorm.cli.SimulationFileRun;
import io.callstorm.simulate.report.BreakdownRow;
import io.callstorm.simulate.report.SimulationReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The second domain end to end, without Java on Callstorm's side: the booking sample's own files (agent definition,
 * personas, scenario paths with caller facts, the CI-size simulation) run against the clinic agent the sample
 * serves, over OpenAI-compatible SSE, as {@code samples/simulations/booking/run.sh smoke.yaml} does.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ClinicBookingSampleTest {
    private static final Path BOOKING = Path.of("simulations/booking").toAbsolutePath();

    @Test
    void theBookingSampleRunsAgainstItsOwnAgentAndEveryPathIsServedWithItsTools() throws Exception {
        Path dir = Path.of("target/booking-smoke").toAbsolutePath(); // kept for a look after the build
        try (ClinicAgent agent = ClinicAgent.start(0, 64, 400, 1500)) {
            // the sample's file as it is, but for the port the agent got and where the run writes
            Path file = BOOKING.resolve("smoke-" + ProcessHandle.current().pid() + ".yaml");
            Files.writeString(file, Files.readString(BOOKING.resolve("smoke.yaml"))
                    .replace("http://127.0.0.1:18080", agent.baseUrl().replace("/v1", "")));
            ByteArrayOutputStream console = new ByteArrayOutputStream();
            SimulationReport report;
            try {
                report = SimulationFileRun.of(file).outputDirectory(dir.resolve("out"))
                        .run(new PrintStream(console, true, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(file);
            }

            assertThat(report.load().callsStarted()).as(console.toString(StandardCharsets.UTF_8)).isGreaterThan(50);
            assertThat(report.breakdown().paths().rows()).extracting(BreakdownRow::id)
                    .containsExactlyInAnyOrder("book-new", "cancel", "urgent-human");
            assertThat(report.evaluation().rubric("conversation_resolution").orElseThrow().passed()).isPositive();
            assertThat(report.evaluation().rubric("task_completion").orElseThrow().passed())
                    .as("%s", report.evaluation().failures()).isPositive();
            String calls = Files.readString(dir.resolve("out/calls.jsonl"));
            assertThat(calls).contains("\"name\":\"book_slot\"", "\"name\":\"find_patient\"",
                    "\"name\":\"escalate_to_human\"", "You're booked with Dr ");
            assertThat(calls).containsPattern("Can I see Dr (Osei|Lin|Haddad) on (Monday|Wednesday|Friday)\\?"
                    + "|a check-up with Dr (Osei|Lin|Haddad) on (Monday|Wednesday|Friday)");
            assertThat(report.gate().passed()).as(console.toString(StandardCharsets.UTF_8)).isTrue();
        }
    }
}
