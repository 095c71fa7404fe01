package io.callstorm.cli.config;

import io.callstorm.core.Outcome;
import io.callstorm.core.persona.AgeBand;
import io.callstorm.core.persona.BackgroundNoise;
import io.callstorm.core.persona.CommunicationStyle;
import io.callstorm.core.persona.Gender;
import io.callstorm.core.persona.Persona;
import io.callstorm.core.validation.ConfigurationException;
import io.callstorm.core.validation.Problem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Personas, scenario graphs and agent definitions in the simulation file, written out or named from a catalog of
 * files, and every problem in them listed at once with its file, path and line.
 */
class SimulationFileSectionsTest {
    private static final String LOAD = """
            load:
              start: 1
              stages:
                - hold: 1s
            """;

    private static Path write(Path dir, String name, String text) throws Exception {
        Path f = dir.resolve(name);
        Files.createDirectories(f.getParent());
        Files.writeString(f, text);
        return f;
    }

    @Test
    void customPersonasAndAScenarioGraphWrittenOutAreRead(@TempDir Path dir) throws Exception {
        Path file = write(dir, "sim.yaml", LOAD + """
                personas:
                  - frustrated
                  - id: raj
                    base: in-a-hurry
                    gender: male
                    age: 65+
                    location: Pune
                    accent: Indian English
                    language: hi-IN
                    style: formal
                    speakingRateWpm: 170
                    patience: 3s
                    backgroundNoise: street
                scenarios:
                  name: billing-only
                  paths:
                    - id: invoice
                      category: billing
                      expectedOutcome: resolved
                      steps:
                        - intent: identify
                          say: "My account number is {account}."
                          tools: [get_account_info]
                        - intent: invoice
                          say: ["I need last month's invoice.", "Can you send my invoice?"]
                          tools: [get_billing_status]
                """);

        SimulationFile spec = SimulationFile.read(file);

        assertThat(spec.personas()).extracting(Persona::id).containsExactly("frustrated", "raj");
        Persona raj = spec.personas().get(1);
        assertThat(raj.gender()).isEqualTo(Gender.MALE);
        assertThat(raj.ageBand()).isEqualTo(AgeBand.AGE_65_PLUS);
        assertThat(raj.language()).isEqualTo("hi-IN");
        assertThat(raj.communicationStyle()).isEqualTo(CommunicationStyle.FORMAL);
        assertThat(raj.speakingRateWpm()).isEqualTo(170);
        assertThat(raj.patience()).isEqualTo(Duration.ofSeconds(3));
        assertThat(raj.backgroundNoise()).isEqualTo(BackgroundNoise.STREET);
        assertThat(raj.name()).isEqualTo("raj");
        assertThat(spec.scenarios().name()).isEqualTo("billing-only");
        assertThat(spec.scenarios().paths()).singleElement().satisfies(p -> {
            assertThat(p.expectedOutcome()).isEqualTo(Outcome.RESOLVED);
            assertThat(p.expectedToolCalls()).containsExactly("get_account_info", "get_billing_status");
            assertThat(p.steps().get(1).phrasings()).hasSize(2);
        });
    }

    @Test
    void aCatalogServesAgentsPersonasSetsAndGraphsById(@TempDir Path dir) throws Exception {
        write(dir, "catalog/booking.yaml", """
                agents:
                  - name: booking_agent_v3
                    behaviour: Books clinic appointments.
                    tools:
                      - name: find_patient
                        description: Looks a patient up.
                        parameters: {type: object, properties: {patient: {type: string}}, required: [patient]}
                      - name: book_slot
                        description: Books a slot.
                scenarios:
                  - name: booking
                    paths:
                      - id: book-new
                        expectedOutcome: resolved
                        steps:
                          - {intent: identify, say: "My patient number is {account}.", tools: [find_patient]}
                          - {intent: book, say: "A check-up next week, please.", tools: [book_slot]}
                """);
        write(dir, "catalog/people.yml", """
                personas:
                  - {id: maria, base: polite-escalator, language: es-ES, accent: Castilian Spanish}
                personaSets:
                  - {id: spanish-callers, personas: [maria, elderly]}
                """);
        Path file = write(dir, "sim.yaml", LOAD + """
                catalog: [catalog/]
                personas: spanish-callers
                scenarios: booking
                agent:
                  definition: booking_agent_v3
                  connector: {kind: http, url: "http://127.0.0.1:9/v1"}
                """);

        SimulationFile spec = SimulationFile.read(file);

        assertThat(spec.agent().name()).isEqualTo("booking_agent_v3");
        assertThat(spec.agent().tools().get(0).parameters()).contains("\"required\":[\"patient\"]");
        assertThat(spec.personas()).extracting(Persona::id).containsExactly("maria", "elderly");
        assertThat(spec.personas().get(0).language()).isEqualTo("es-ES");
        assertThat(spec.scenarios().paths()).extracting(p -> p.id()).containsExactly("book-new");
    }

    @Test
    void everyProblemInTheFileAndItsCatalogIsListedAtOnceWithWhereItIs(@TempDir Path dir) throws Exception {
        write(dir, "catalog/bad.yaml", """
                personas:
                  - {id: Bad Id, language: english}
                """);
        Path file = write(dir, "sim.yaml", LOAD + """
                catalog: [catalog/, missing.yaml]
                personas: [frustratd, {id: ok-one, age: 99, style: shouty}, Bad Id]
                scenarios:
                  name: g
                  paths:
                    - id: p1
                      expectedOutcome: solved
                      steps:
                        - {intent: ask, say: "Hi.", tools: [get_acount_info]}
                        - {say: "Hello."}
                agent:
                  definition: {name: some_agent}
                """);

        ConfigurationException e = catchThrowableOfType(() -> SimulationFile.read(file),
                ConfigurationException.class);

        List<String> problems = e.problems().stream().map(Problem::toString).toList();
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("catalog[1]").contains("no such file"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("personas[0]")
                .contains("unknown persona or persona set \"frustratd\"; did you mean frustrated?"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("personas[1].age")
                .contains("18-29, 30-44, 45-64, 65+"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("personas[1].style").contains("shouty"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("catalog file catalog/bad.yaml: personas[0]")
                .contains("(line 2"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("scenarios.paths[0].expectedOutcome")
                .contains("resolved, ticket_created, escalated"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("scenarios.paths[0].steps[0].tools[0]")
                .contains("unknown tool \"get_acount_info\""));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("scenarios.paths[0].steps[1].intent"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("agent.definition").contains("reference"));
    }

    @Test
    void aPathsFactsAreReadAndAPhrasingThatSaysAnUndeclaredFactIsNamed(@TempDir Path dir) throws Exception {
        String graph = """
                scenarios:
                  name: clinic
                  paths:
                    - id: book
                      expectedOutcome: resolved
                      facts:
                        doctor: [Dr Osei, Dr Lin]
                        day: Friday
                      steps:
                        - intent: book
                          say: "Patient {account}: can I see {doctor} on {day}?"
                          tools: [get_account_info]
                """;
        SimulationFile spec = SimulationFile.read(write(dir, "ok.yaml", LOAD + graph));

        assertThat(spec.scenarios().paths().get(0).callerFacts())
                .containsExactly(java.util.Map.entry("doctor", List.of("Dr Osei", "Dr Lin")),
                        java.util.Map.entry("day", List.of("Friday")));

        Path bad = write(dir, "bad.yaml", LOAD + graph.replace("{day}?", "{day} at {time}?")
                .replace("day: Friday", "day: []"));
        ConfigurationException e = catchThrowableOfType(() -> SimulationFile.read(bad), ConfigurationException.class);

        assertThat(e.problems().stream().map(Problem::toString).toList())
                .anySatisfy(p -> assertThat(p).startsWith("scenarios.paths[0].facts.day").contains("(line 12")
                        .contains("a value or a non-empty list of values"))
                .anySatisfy(p -> assertThat(p).startsWith("scenarios.paths[0].steps[0].say")
                        .contains("says {time}, which is not a fact of this path")
                        .contains("known: account, doctor"));
    }
}
