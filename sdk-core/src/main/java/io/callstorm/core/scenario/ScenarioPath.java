package io.callstorm.core.scenario;

import io.callstorm.core.Outcome;
import io.callstorm.core.validation.Problem;
import io.callstorm.core.validation.ProblemCollector;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One path through a scenario graph: the caller's steps in order and the outcome a correct agent reaches,
 * which is the ground truth the call is scored against.
 *
 * <pre>{@code
 * ScenarioPath refund = ScenarioPath.builder("billing-refund-ticket")
 *     .category("billing")
 *     .step(ScenarioStep.of("identify", "My account number is {account}.", "get_account_info"))
 *     .step(ScenarioStep.of("billing_question", "I was charged twice this month.", "get_billing_status"))
 *     .step(ScenarioStep.of("request_ticket", "Please open a ticket for a refund.", "create_ticket"))
 *     .expectedOutcome(Outcome.TICKET_CREATED)
 *     .build();
 * }</pre>
 *
 * <p>A path may give its callers facts to say beyond their account number: {@code .fact("doctor", List.of("Dr Osei",
 * "Dr Lin"))} lets a phrasing say {@code "Can I see {doctor} next week?"}; each row picks one value of each fact from
 * its own seed (see {@link ScenarioRow#facts()}), so the same row always knows the same facts.
 */
public final class ScenarioPath {
    /** A BCP 47 language tag as personas and phrasings give it: {@code es}, {@code es-ES}, {@code hi-IN}. */
    static final String LANGUAGE_TAG = "[a-z]{2,3}(-[A-Za-z0-9]{2,8})*";

    private final String id;
    private final String name;
    private final String category;
    private final List<ScenarioStep> steps;
    private final Outcome expectedOutcome;
    private final Map<String, List<String>> callerFacts;

    /** The fact every row knows without declaring it: its account number, e.g. {@code AC-48213}. */
    public static final String ACCOUNT_FACT = "account";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z0-9_-]*)}");
    private static final String FACT_NAME = "[a-z][a-z0-9_]{0,31}";

    private ScenarioPath(Builder b) {
        this.id = b.id;
        this.name = b.name == null ? b.id : b.name;
        this.category = b.category;
        this.steps = List.copyOf(b.steps);
        this.expectedOutcome = b.expectedOutcome;
        Map<String, List<String>> facts = new LinkedHashMap<>();
        b.callerFacts.forEach((name, values) -> facts.put(name, List.copyOf(values)));
        this.callerFacts = Collections.unmodifiableMap(facts);
    }

    public static Builder builder(String id) {
        return new Builder(id);
    }

    public String id() { return id; }
    public String name() { return name; }
    /** The issue family, e.g. {@code account}, {@code billing}, {@code technical}, {@code escalation}. */
    public String category() { return category; }
    public List<ScenarioStep> steps() { return steps; }
    public Outcome expectedOutcome() { return expectedOutcome; }

    /**
     * The facts this path's callers know beyond their account number, in declaration order: each fact's name and
     * the values a row picks one of. Empty unless declared.
     */
    public Map<String, List<String>> callerFacts() { return callerFacts; }

    /** Every tool call a correct agent makes along this path, in step order. */
    public List<String> expectedToolCalls() {
        return steps.stream().flatMap(s -> s.expectedToolCalls().stream()).toList();
    }

    @Override
    public String toString() {
        return "ScenarioPath{" + id + ", " + steps.size() + " steps -> " + expectedOutcome + "}";
    }

    /** Builds a {@link ScenarioPath}. */
    public static final class Builder {
        private final String id;
        private String name;
        private String category = "general";
        private final List<ScenarioStep> steps = new ArrayList<>();
        private Outcome expectedOutcome;
        private final Map<String, List<String>> callerFacts = new LinkedHashMap<>();

        private Builder(String id) {
            this.id = id;
        }

        public Builder name(String name) { this.name = name; return this; }
        public Builder category(String category) { this.category = category; return this; }
        public Builder step(ScenarioStep step) { this.steps.add(step); return this; }
        public Builder expectedOutcome(Outcome outcome) { this.expectedOutcome = outcome; return this; }

        /**
         * A fact the path's callers know, with the values a row picks one of; phrasings say it as {@code {name}}.
         * Names are 1-32 lower-case letters, digits or underscores, starting with a letter; {@code account} is
         * every row's own and cannot be declared.
         */
        public Builder fact(String name, List<String> values) {
            this.callerFacts.put(name, values == null ? List.of() : List.copyOf(values));
            return this;
        }

        List<Problem> problems() {
            ProblemCollector p = new ProblemCollector();
            p.check(id != null && id.matches("[a-z0-9][a-z0-9-]{0,63}"), "id",
                    "must be 1-64 lower-case letters, digits or dashes, was " + (id == null ? "null" : "\"" + id + "\""));
            p.check(category != null && !category.isBlank(), "category", "must not be blank");
            p.check(!steps.isEmpty(), "steps", "must hold at least one step");
            for (int i = 0; i < steps.size(); i++) {
                ScenarioStep s = steps.get(i);
                String at = "steps[" + i + "]";
                p.check(!s.intent().isBlank(), at + ".intent", "must not be blank");
                p.check(!s.phrasings().isEmpty(), at + ".phrasings", "must hold at least one phrasing");
                for (int j = 0; j < s.phrasings().size(); j++) {
                    p.check(!s.phrasings().get(j).isBlank(), at + ".phrasings[" + j + "]", "must not be blank");
                }
                for (Map.Entry<String, List<String>> language : s.phrasingsByLanguage().entrySet()) {
                    String in = at + ".phrasingsByLanguage." + language.getKey();
                    p.check(language.getKey().matches(LANGUAGE_TAG), in,
                            "the key must be a BCP 47 language tag such as es or hi-IN");
                    p.check(!language.getValue().isEmpty(), in, "must hold at least one phrasing");
                    for (int j = 0; j < language.getValue().size(); j++) {
                        p.check(!language.getValue().get(j).isBlank(), in + "[" + j + "]", "must not be blank");
                    }
                }
            }
            callerFacts.forEach((name, values) -> {
                String at = "facts." + name;
                p.check(name != null && name.matches(FACT_NAME) && !name.equals(ACCOUNT_FACT), at,
                        name != null && name.equals(ACCOUNT_FACT)
                                ? "is every row's own account number and cannot be declared"
                                : "must be 1-32 lower-case letters, digits or underscores, starting with a letter");
                p.check(!values.isEmpty(), at, "must hold at least one value");
                for (int j = 0; j < values.size(); j++) {
                    p.check(values.get(j) != null && !values.get(j).isBlank(), at + "[" + j + "]",
                            "must not be blank");
                }
            });
            for (int i = 0; i < steps.size(); i++) {
                Map<String, List<String>> said = new LinkedHashMap<>();
                said.put("phrasings", steps.get(i).phrasings());
                steps.get(i).phrasingsByLanguage().forEach((tag, list) -> said.put("phrasingsByLanguage." + tag, list));
                for (Map.Entry<String, List<String>> e : said.entrySet()) {
                    List<String> phrasings = e.getValue();
                    for (int j = 0; j < phrasings.size(); j++) {
                        Matcher m = PLACEHOLDER.matcher(phrasings.get(j));
                        while (m.find()) {
                            String fact = m.group(1);
                            p.check(fact.equals(ACCOUNT_FACT) || callerFacts.containsKey(fact),
                                    "steps[" + i + "]." + e.getKey() + "[" + j + "]", "says {" + fact + "}, which is "
                                            + "not a fact of this path: declare it under facts (known: " + known()
                                            + ")");
                        }
                    }
                }
            }
            p.check(expectedOutcome != null && expectedOutcome.isExpectable(), "expectedOutcome",
                    "must be one of " + Arrays.stream(Outcome.values()).filter(Outcome::isExpectable).toList()
                            + ", was " + expectedOutcome);
            return p.problems();
        }

        private String known() {
            List<String> names = new ArrayList<>();
            names.add(ACCOUNT_FACT);
            callerFacts.keySet().stream().filter(n -> !ACCOUNT_FACT.equals(n)).forEach(names::add);
            return String.join(", ", names);
        }

        /** @throws io.callstorm.core.validation.ConfigurationException listing every invalid field */
        public ScenarioPath build() {
            ProblemCollector p = new ProblemCollector();
            p.addAll("", problems());
            p.throwIfAny("scenario path \"" + id + "\"");
            return new ScenarioPath(this);
        }
    }
}
