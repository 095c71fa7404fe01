package io.callstorm.cli.api;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One simulation to run through {@link CallstormApi#runSimulation}, named by catalog ids as the guide's
 * {@code EvalAPI(...).run_simulation(agent_definition_id=..., scenario_ids=[...], eval_templates=[...],
 * concurrency=4000, ramp_up_minutes=30, hold_minutes=60, ramp_down_minutes=15)} names it. Immutable; checked when
 * run, every problem at once.
 *
 * <pre>{@code
 * RunRequest request = RunRequest.builder()
 *     .agentDefinition("support_agent_v17")          // from the catalog; omit for the embedded reference agent
 *     .target(URI.create("https://agent.example.com/v1"))
 *     .scenarios("support_load_test_10k")
 *     .personas("support-callers")                   // built-in, catalog or persona-set ids; the defaults when none
 *     .evalTemplates("conversation_resolution", "is_helpful")
 *     .concurrency(4_000).rampUp(Duration.ofMinutes(30)).hold(Duration.ofMinutes(60)).rampDown(Duration.ofMinutes(15))
 *     .build();
 * }</pre>
 */
public final class RunRequest {
    private final Optional<String> agentDefinition;
    private final Optional<URI> target;
    private final Optional<String> bearerTokenEnv;
    private final List<String> scenarios;
    private final List<String> personas;
    private final List<String> evalTemplates;
    private final int concurrency;
    private final Duration rampUp;
    private final Duration hold;
    private final Duration rampDown;
    private final OptionalLong seed;
    private final int rows;
    private final double timeScale;
    private final List<String> gate;
    private final Optional<Path> outputDirectory;

    private RunRequest(Builder b) {
        this.agentDefinition = Optional.ofNullable(b.agentDefinition);
        this.target = Optional.ofNullable(b.target);
        this.bearerTokenEnv = Optional.ofNullable(b.bearerTokenEnv);
        this.scenarios = List.copyOf(b.scenarios);
        this.personas = List.copyOf(b.personas);
        this.evalTemplates = List.copyOf(b.evalTemplates);
        this.concurrency = b.concurrency;
        this.rampUp = b.rampUp;
        this.hold = b.hold;
        this.rampDown = b.rampDown;
        this.seed = b.seed == null ? OptionalLong.empty() : OptionalLong.of(b.seed);
        this.rows = b.rows;
        this.timeScale = b.timeScale;
        this.gate = List.copyOf(b.gate);
        this.outputDirectory = Optional.ofNullable(b.outputDirectory);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The catalog id of the agent under test; empty for the embedded reference agent. */
    public Optional<String> agentDefinition() { return agentDefinition; }
    /** Where the agent listens: {@code http(s)://} (OpenAI-compatible) or {@code ws(s)://} (media streams). */
    public Optional<URI> target() { return target; }
    /** The environment variable holding the agent's bearer token, if it needs one. */
    public Optional<String> bearerTokenEnv() { return bearerTokenEnv; }
    /** Catalog ids of the scenario graphs the callers follow; the support desk's when empty. */
    public List<String> scenarios() { return scenarios; }
    /** Persona and persona-set ids; the default mix when empty. */
    public List<String> personas() { return personas; }
    /** The rubrics (eval templates) to score; the local five when empty. */
    public List<String> evalTemplates() { return evalTemplates; }
    /** The peak of concurrent calls. */
    public int concurrency() { return concurrency; }
    public Duration rampUp() { return rampUp; }
    public Duration hold() { return hold; }
    public Duration rampDown() { return rampDown; }
    /** The row-expansion seed; 1 when not set. */
    public OptionalLong seed() { return seed; }
    /** Rows to expand (persona x path x variation). */
    public int rows() { return rows; }
    /** The callers' time factor (1 = real speaking and thinking time). */
    public double timeScale() { return timeScale; }
    /** Gate conditions, e.g. {@code conversation_resolution >= 0.8}. */
    public List<String> gate() { return gate; }
    /** Where the run's files go; a new folder under the API's output root when empty. */
    public Optional<Path> outputDirectory() { return outputDirectory; }

    /** Builds a {@link RunRequest}. */
    public static final class Builder {
        private String agentDefinition;
        private URI target;
        private String bearerTokenEnv;
        private List<String> scenarios = List.of();
        private List<String> personas = List.of();
        private List<String> evalTemplates = List.of();
        private int concurrency = 100;
        private Duration rampUp = Duration.ofSeconds(30);
        private Duration hold = Duration.ofSeconds(30);
        private Duration rampDown = Duration.ZERO;
        private Long seed;
        private int rows = 10_000;
        private double timeScale = 1;
        private List<String> gate = List.of();
        private Path outputDirectory;

        private Builder() {
        }

        public Builder agentDefinition(String id) { this.agentDefinition = id; return this; }
        public Builder target(URI url) { this.target = url; return this; }
        public Builder bearerTokenEnv(String variable) { this.bearerTokenEnv = variable; return this; }
        public Builder scenarios(String... ids) { this.scenarios = List.of(ids); return this; }
        public Builder personas(String... ids) { this.personas = List.of(ids); return this; }
        public Builder evalTemplates(String... rubrics) { this.evalTemplates = List.of(rubrics); return this; }
        public Builder concurrency(int peak) { this.concurrency = peak; return this; }
        public Builder rampUp(Duration d) { this.rampUp = Objects.requireNonNull(d, "rampUp"); return this; }
        public Builder hold(Duration d) { this.hold = Objects.requireNonNull(d, "hold"); return this; }
        public Builder rampDown(Duration d) { this.rampDown = Objects.requireNonNull(d, "rampDown"); return this; }
        public Builder seed(long seed) { this.seed = seed; return this; }
        public Builder rows(int rows) { this.rows = rows; return this; }
        public Builder timeScale(double factor) { this.timeScale = factor; return this; }
        public Builder gate(String... conditions) { this.gate = List.of(conditions); return this; }
        public Builder outputDirectory(Path dir) { this.outputDirectory = dir; return this; }

        /** The request; its ids and values are checked when it runs, against the catalog. */
        public RunRequest build() {
            return new RunRequest(this);
        }
    }
}
