package io.callstorm.eval.template;

import io.callstorm.eval.InputKey;
import io.callstorm.eval.Rubrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The rubric templates an evaluation can name: the seven built-ins and any a user registers. Thread-safe;
 * templates are listed in registration order, built-ins first.
 *
 * <pre>{@code
 * TemplateRegistry templates = TemplateRegistry.withBuiltIns();
 * templates.register(myTemplate);
 * RubricTemplate polite = templates.require(Rubrics.IS_POLITE);
 * }</pre>
 */
public final class TemplateRegistry {
    /** Folder of the built-in judge prompts on the classpath, one {@code <name>.md} per template. */
    public static final String BUILT_IN_PROMPTS = "/io/callstorm/eval/templates/";

    private static final List<RubricTemplate> BUILT_INS = List.of(
            builtIn(Rubrics.CONVERSATION_RESOLUTION, OutputType.PASS_FAIL,
                    "Whether the call ended with the outcome its scenario path expects (resolved, ticket created, "
                            + "escalated) and the caller stayed to the end.",
                    InputKey.CONVERSATION),
            builtIn(Rubrics.TASK_COMPLETION, OutputType.SCORE,
                    "Whether the agent made every tool call the path expects, successfully.",
                    InputKey.CONVERSATION),
            builtIn(Rubrics.IS_POLITE, OutputType.SCORE,
                    "Whether the agent was never rude and courteous at least once.",
                    InputKey.CONVERSATION),
            builtIn(Rubrics.IS_HELPFUL, OutputType.SCORE,
                    "Whether the agent answered the caller instead of stalling, holding or looping.",
                    InputKey.CONVERSATION),
            builtIn(Rubrics.IS_CONCISE, OutputType.SCORE,
                    "Whether the agent's replies were short enough for the phone and never looped.",
                    InputKey.CONVERSATION),
            builtIn(Rubrics.AUDIO_TRANSCRIPTION, OutputType.SCORE,
                    "Word error rate of the agent's transcript of the caller's speech against the scripted "
                            + "utterances, on normalized text (lower case, no punctuation, numbers as digits); "
                            + "passes at 15% or less.",
                    InputKey.SCRIPTED_UTTERANCES, InputKey.RECOGNIZED_UTTERANCES),
            builtIn(Rubrics.AUDIO_QUALITY, OutputType.SCORE,
                    "Clipping ratio, silence ratio and RMS level (dBFS) of the agent's 16-bit PCM audio; passes "
                            + "at <= 0.1% clipped samples, <= 40% silent frames and a level of -35 to -6 dBFS.",
                    InputKey.AGENT_AUDIO));

    private final Map<String, RubricTemplate> templates = new LinkedHashMap<>();

    private TemplateRegistry() {
    }

    /** A registry holding the built-in templates, ready for more. */
    public static TemplateRegistry withBuiltIns() {
        TemplateRegistry r = new TemplateRegistry();
        BUILT_INS.forEach(r::register);
        return r;
    }

    /** An empty registry. */
    public static TemplateRegistry empty() {
        return new TemplateRegistry();
    }

    /** The built-in templates: the five core rubrics, then the two audio rubrics. */
    public static List<RubricTemplate> builtIns() {
        return BUILT_INS;
    }

    /** Adds a template; throws {@link IllegalArgumentException} when one of that name is already registered. */
    public synchronized TemplateRegistry register(RubricTemplate template) {
        Objects.requireNonNull(template, "template");
        if (templates.containsKey(template.name())) {
            throw new IllegalArgumentException("a template named " + template.name() + " is already registered");
        }
        templates.put(template.name(), template);
        return this;
    }

    /** The template of that name, if registered. */
    public synchronized Optional<RubricTemplate> get(String name) {
        return Optional.ofNullable(templates.get(Objects.requireNonNull(name, "name")));
    }

    /** The template of that name; throws {@link IllegalArgumentException} listing the known names otherwise. */
    public synchronized RubricTemplate require(String name) {
        RubricTemplate t = templates.get(Objects.requireNonNull(name, "name"));
        if (t == null) {
            throw new IllegalArgumentException("no template named \"" + name + "\"; known: "
                    + String.join(", ", templates.keySet()));
        }
        return t;
    }

    /** Every template, in registration order. */
    public synchronized List<RubricTemplate> all() {
        return List.copyOf(templates.values());
    }

    private static RubricTemplate builtIn(String name, OutputType output, String description, InputKey<?>... inputs) {
        return RubricTemplate.builder(name)
                .description(description)
                .requires(inputs)
                .output(output)
                .judgePromptResource(TemplateRegistry.class, BUILT_IN_PROMPTS + name + ".md")
                .build();
    }
}
