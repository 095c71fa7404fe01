package io.callstorm.eval.template;

import io.callstorm.eval.InputKey;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A rubric as a reusable template: its name, what it judges, the inputs it needs, the shape of its verdict,
 * and the prompt an {@linkplain io.callstorm.eval.judge.LlmJudge LLM judge} is given. The prompt is Markdown
 * with {@code {{placeholder}}} slots the judge fills from the inputs (see {@link
 * io.callstorm.eval.judge.LlmJudge} for the names). Immutable.
 *
 * <pre>{@code
 * RubricTemplate refund = RubricTemplate.builder("mentions_refund_policy")
 *     .description("Whether the agent stated the 30-day refund policy when asked about refunds.")
 *     .requires(InputKey.CONVERSATION)
 *     .output(OutputType.PASS_FAIL)
 *     .judgePromptResource(MyTests.class, "/prompts/mentions_refund_policy.md")
 *     .build();
 * registry.register(refund);
 * }</pre>
 */
public final class RubricTemplate {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");

    private final String name;
    private final String description;
    private final List<InputKey<?>> requiredInputs;
    private final OutputType output;
    private final String judgePrompt;
    private final String promptSource;

    private RubricTemplate(Builder b) {
        this.name = b.name;
        this.description = b.description;
        this.requiredInputs = List.copyOf(b.requiredInputs);
        this.output = b.output;
        this.judgePrompt = b.judgePrompt;
        this.promptSource = b.promptSource;
    }

    /** Starts a template; {@code name} is snake_case, e.g. {@code is_polite}. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** The rubric name, as it appears in reports. */
    public String name() {
        return name;
    }

    /** What the rubric judges, in one sentence. */
    public String description() {
        return description;
    }

    /** The inputs an evaluation of this template needs. */
    public List<InputKey<?>> requiredInputs() {
        return requiredInputs;
    }

    /** The shape of the verdict. */
    public OutputType output() {
        return output;
    }

    /** The judge prompt, Markdown with {@code {{placeholder}}} slots. */
    public String judgePrompt() {
        return judgePrompt;
    }

    /** Where the prompt came from: a classpath resource, or {@code inline}. */
    public String promptSource() {
        return promptSource;
    }

    @Override
    public String toString() {
        return "RubricTemplate[" + name + ", inputs " + requiredInputs + ", " + output + ", prompt " + promptSource + "]";
    }

    /** Set-once builder; {@link #build()} checks that every field was given. */
    public static final class Builder {
        private final String name;
        private String description;
        private final List<InputKey<?>> requiredInputs = new ArrayList<>();
        private OutputType output = OutputType.SCORE;
        private String judgePrompt;
        private String promptSource;

        private Builder(String name) {
            Objects.requireNonNull(name, "name");
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("template name must be snake_case (a-z, 0-9, _), was \"" + name + "\"");
            }
            this.name = name;
        }

        public Builder description(String description) {
            Objects.requireNonNull(description, "description");
            if (description.isBlank()) {
                throw new IllegalArgumentException("description of " + name + " must not be blank");
            }
            this.description = description.strip();
            return this;
        }

        /** Adds required inputs, in the order a reader should see them. */
        public Builder requires(InputKey<?>... inputs) {
            for (InputKey<?> key : inputs) {
                Objects.requireNonNull(key, "input");
                if (requiredInputs.contains(key)) {
                    throw new IllegalArgumentException(name + " already requires " + key.name());
                }
                requiredInputs.add(key);
            }
            return this;
        }

        /** The verdict's shape; {@link OutputType#SCORE} by default. */
        public Builder output(OutputType output) {
            this.output = Objects.requireNonNull(output, "output");
            return this;
        }

        /** The judge prompt as text. */
        public Builder judgePrompt(String prompt) {
            Objects.requireNonNull(prompt, "prompt");
            if (prompt.isBlank()) {
                throw new IllegalArgumentException("judge prompt of " + name + " must not be blank");
            }
            this.judgePrompt = prompt;
            this.promptSource = "inline";
            return this;
        }

        /**
         * The judge prompt from a classpath resource, read now so that a missing resource fails here rather than
         * at the first judge call.
         *
         * @param anchor   class whose loader finds the resource
         * @param resource absolute resource path, e.g. {@code /prompts/my_rubric.md}
         */
        public Builder judgePromptResource(Class<?> anchor, String resource) {
            Objects.requireNonNull(anchor, "anchor");
            Objects.requireNonNull(resource, "resource");
            try (InputStream in = anchor.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalArgumentException("judge prompt of " + name + ": no classpath resource " + resource);
                }
                judgePrompt(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException("judge prompt of " + name + ": cannot read " + resource, e);
            }
            this.promptSource = "classpath:" + resource;
            return this;
        }

        public RubricTemplate build() {
            List<String> problems = new ArrayList<>();
            if (description == null) {
                problems.add("description is missing");
            }
            if (requiredInputs.isEmpty()) {
                problems.add("no required inputs (most templates need InputKey.CONVERSATION)");
            }
            if (judgePrompt == null) {
                problems.add("judge prompt is missing (judgePrompt or judgePromptResource)");
            }
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException("template " + name + ": " + String.join("; ", problems));
            }
            return new RubricTemplate(this);
        }
    }
}
