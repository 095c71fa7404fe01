package io.callstorm.simulate;

import io.callstorm.simulate.load.LoadProfile;
import io.callstorm.simulate.load.RetryPolicy;

import io.callstorm.core.agent.AgentDefinition;
import io.callstorm.core.persona.Personas;
import io.callstorm.core.scenario.SupportDeskScenarios;
import io.callstorm.core.validation.ConfigurationException;
import io.callstorm.core.validation.Problem;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class SimulationConfigurationTest {
    private static final AgentDefinition DEFINITION = AgentDefinition.builder("scripted-agent").behaviour("").build();

    private static Simulation.Builder valid(ScriptedAgent agent) {
        return Simulation.builder()
                .agent(DEFINITION, agent)
                .personas(Personas.builtIns())
                .scenarios(SupportDeskScenarios.graph(), 100)
                .load(LoadProfile.concurrentCalls(10).hold(Duration.ofSeconds(1)).build());
    }

    @Test
    void everyProblemIsListedInOneException() {
        ConfigurationException e = catchThrowableOfType(ConfigurationException.class,
                () -> Simulation.builder()
                        .personas(List.of())
                        .scenarios(SupportDeskScenarios.graph(), 0)
                        .timeScale(0)
                        .build());

        assertThat(e).isNotNull();
        assertThat(e.problems()).extracting(Problem::path)
                .contains("agent.connector", "personas", "timeScale", "scenarios.rows", "load");
        for (String path : List.of("agent.connector", "personas", "timeScale", "scenarios.rows", "load")) {
            assertThat(e.getMessage()).contains(path);
        }
    }

    @Test
    void missingScenariosAndBadDurationsAreNamed() {
        try (ScriptedAgent agent = ScriptedAgent.fast()) {
            ConfigurationException e = catchThrowableOfType(ConfigurationException.class,
                    () -> Simulation.builder()
                            .agent(DEFINITION, agent)
                            .personas(Personas.builtIns())
                            .load(LoadProfile.concurrentCalls(1).hold(Duration.ofSeconds(1)).build())
                            .turnTimeout(Duration.ZERO)
                            .drainTimeout(Duration.ofSeconds(-1))
                            .retry(null)
                            .evaluators(null)
                            .evaluationQueueCapacity(0)
                            .name(" ")
                            .build());

            assertThat(e.problems()).extracting(Problem::path).containsExactlyInAnyOrder("name", "scenarios",
                    "turnTimeout", "drainTimeout", "retry", "evaluators", "evaluationQueueCapacity");
        }
    }

    @Test
    void duplicatePersonaIdsAreNamedByIndex() {
        try (ScriptedAgent agent = ScriptedAgent.fast()) {
            ConfigurationException e = catchThrowableOfType(ConfigurationException.class,
                    () -> valid(agent).personas(List.of(Personas.get("frustrated"), Personas.get("elderly"),
                            Personas.get("frustrated"))).build());

            assertThat(e.problems()).extracting(Problem::path).containsExactly("personas[2].id");
        }
    }

    @Test
    void timeScaleAboveTenIsRejected() {
        try (ScriptedAgent agent = ScriptedAgent.fast()) {
            ConfigurationException e = catchThrowableOfType(ConfigurationException.class,
                    () -> valid(agent).timeScale(10.5).build());

            assertThat(e.problems()).extracting(Problem::path).containsExactly("timeScale");
        }
    }

    @Test
    void aValidBuilderBuildsWithoutRunning() {
        try (ScriptedAgent agent = ScriptedAgent.fast()) {
            assertThatCode(() -> valid(agent).build()).doesNotThrowAnyException();
            assertThat(valid(agent).build().rows()).hasSize(100);
            assertThat(agent.opens()).as("build() does not call the agent").isZero();
        }
    }

    @Test
    void retryPolicyNamesItsFields() {
        ConfigurationException zero = catchThrowableOfType(ConfigurationException.class,
                () -> RetryPolicy.builder().maxAttempts(0).build());
        ConfigurationException many = catchThrowableOfType(ConfigurationException.class,
                () -> RetryPolicy.builder().maxAttempts(0).initialBackoff(Duration.ofMillis(-1)).multiplier(0.5)
                        .maxBackoff(Duration.ZERO).build());

        assertThat(zero.problems()).extracting(Problem::path).containsExactly("retry.maxAttempts");
        assertThat(many.problems()).extracting(Problem::path).containsExactlyInAnyOrder("retry.maxAttempts",
                "retry.initialBackoff", "retry.multiplier", "retry.maxBackoff");
    }

    @Test
    void retryPolicyDefaultsAndNone() {
        RetryPolicy defaults = RetryPolicy.defaults();
        assertThat(defaults.maxAttempts()).isEqualTo(RetryPolicy.DEFAULT_MAX_ATTEMPTS);
        assertThat(defaults.initialBackoff()).isEqualTo(RetryPolicy.DEFAULT_INITIAL_BACKOFF);
        assertThat(defaults.maxBackoff()).isEqualTo(RetryPolicy.DEFAULT_MAX_BACKOFF);
        assertThat(RetryPolicy.none().maxAttempts()).isEqualTo(1);
    }

    @Test
    void waitsOfCenturiesAreProblemsNotOverflows() {
        try (ScriptedAgent agent = ScriptedAgent.fast()) {
            assertThat(valid(agent).turnTimeout(Duration.ofDays(36_500)).drainTimeout(Duration.ofDays(31)).problems())
                    .extracting(p -> p.path() + ": " + p.message())
                    .containsExactly("turnTimeout: must be <= 30 days, was PT876000H",
                            "drainTimeout: must be <= 30 days, was PT744H");
        }
    }

    @Test
    void everyNumberAndDurationHasAnUpperBound() {
        try (ScriptedAgent agent = ScriptedAgent.fast()) {
            List<Problem> problems = valid(agent)
                    .name("bad\u0000name")
                    .turnTimeout(Duration.ofDays(31))
                    .evaluationQueueCapacity(Integer.MAX_VALUE)
                    .problems();
            assertThat(problems).extracting(Problem::path).containsExactlyInAnyOrder("name", "turnTimeout",
                    "evaluationQueueCapacity");
            assertThat(problems.get(0).message()).contains("control characters", "bad\\u0000name");
        }
        List<Problem> load = LoadProfile.concurrentCalls(1).rampTo(10.5, Duration.ofSeconds(1)).problems();
        assertThat(load).extracting(Problem::toString)
                .containsExactly("load.stages[0].target: must be a whole number of concurrent calls, was 10.5");
        LoadProfile.Builder many = LoadProfile.arrivalsPerSecond(1);
        for (int i = 0; i <= LoadProfile.MAX_STAGES; i++) {
            many = many.hold(Duration.ofSeconds(1));
        }
        assertThat(many.problems()).extracting(Problem::path).containsExactly("load.stages");
        assertThatCode(() -> RetryPolicy.builder().maxBackoff(Duration.ofDays(2)).build())
                .hasMessageContaining("retry.maxBackoff: must be <= 1 hour");
        assertThatCode(() -> io.callstorm.simulate.evaluate.EvaluationConfig.builder().queueCapacity(Integer.MAX_VALUE)
                .build()).hasMessageContaining("evaluation.queueCapacity: must be between 1 and 10,000,000");
    }
}
