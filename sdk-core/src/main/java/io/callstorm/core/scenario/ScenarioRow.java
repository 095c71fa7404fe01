package io.callstorm.core.scenario;

import io.callstorm.core.persona.CommunicationStyle;
import io.callstorm.core.persona.Persona;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * One simulated caller's script: a persona on a path with a variation. Everything it says is derived
 * from its seed, so the same row always says the same words.
 *
 * @param index     position in the expanded row list
 * @param persona   who calls
 * @param path      what they want, with the expected outcome
 * @param variation which phrasing variant this row uses
 * @param seed      the row's own seed, derived from the run seed
 */
public record ScenarioRow(int index, Persona persona, ScenarioPath path, int variation, long seed) {
    public ScenarioRow {
        Objects.requireNonNull(persona, "persona");
        Objects.requireNonNull(path, "path");
    }

    /** The account number this caller gives, e.g. {@code AC-48213}. */
    public String accountNumber() {
        String digits = Integer.toString(100_000 + new SplittableRandom(seed).nextInt(100_000)); // no Formatter: hot path
        return "AC-" + digits.substring(1);
    }

    /**
     * Everything this caller knows to say: its account number (under {@code account}) and one value of each of the
     * path's {@link ScenarioPath#callerFacts() facts}, picked from the row's seed.
     */
    public Map<String, String> facts() {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put(ScenarioPath.ACCOUNT_FACT, accountNumber());
        path.callerFacts().forEach((name, values) -> facts.put(name, fact(name, values)));
        return Collections.unmodifiableMap(facts);
    }

    /** A fact's value for this row: one of {@code values}, the same for the same row and name. */
    private String fact(String name, List<String> values) {
        return values.get(new SplittableRandom(seed ^ (0xC2B2AE3D27D4EB4FL * name.hashCode())).nextInt(values.size()));
    }

    /**
     * What the caller says at step {@code stepIndex}: the variation's phrasing in the persona's language
     * ({@link ScenarioStep#phrasingsFor(String)}), shaped by the persona's style. The style's additions are English
     * words, so they shape the default (English) phrasings only: a phrasing of another language is said as written.
     */
    public String utterance(int stepIndex) {
        ScenarioStep step = path.steps().get(stepIndex);
        List<String> phrasings = step.phrasingsFor(persona.language());
        String base = said(phrasings.get(Math.floorMod(variation + stepIndex, phrasings.size())));
        if (step.hasPhrasingsFor(persona.language())) {
            return base;
        }
        return styled(base, stepIndex, new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (stepIndex + 1))));
    }

    /**
     * What the caller says when the agent's reply did not answer and the caller asks again: an English lead-in and
     * the step again; in another language with phrasings of its own, the step again.
     */
    public String reAsk(int stepIndex) {
        if (path.steps().get(stepIndex).hasPhrasingsFor(persona.language())) {
            return utterance(stepIndex);
        }
        String again = switch (persona.communicationStyle()) {
            case IRRITATED -> "That doesn't answer my question. ";
            case FORMAL -> "I'm sorry, could you please check again? ";
            default -> "Sorry, can you check again? ";
        };
        return again + utterance(stepIndex);
    }

    /** A phrasing with its {@code {fact}} placeholders filled in; the path checked that each is known. */
    private String said(String phrasing) {
        if (phrasing.indexOf('{') < 0) {
            return phrasing;
        }
        String said = phrasing.replace("{account}", accountNumber());
        for (Map.Entry<String, List<String>> f : path.callerFacts().entrySet()) {
            String placeholder = "{" + f.getKey() + "}";
            if (said.contains(placeholder)) {
                said = said.replace(placeholder, fact(f.getKey(), f.getValue()));
            }
        }
        return said;
    }

    private String styled(String base, int stepIndex, SplittableRandom random) {
        CommunicationStyle style = persona.communicationStyle();
        return switch (style) {
            case HESITANT -> (random.nextBoolean() ? "Um, " : "Uh, so ") + lowerFirst(base);
            case CHATTY -> stepIndex == 0 ? "Hi there, hope your day's going well. " + base
                    : base + (random.nextInt(3) == 0 ? " Sorry, it's been a long week." : "");
            case IRRITATED -> stepIndex == 0 ? base + " And this is not the first time I'm calling." : base;
            case FORMAL -> stepIndex == 0 ? "Good afternoon. " + base : base;
            case DIRECT -> base;
        };
    }

    private static String lowerFirst(String s) {
        return s.isEmpty() || s.startsWith("I ") || s.startsWith("I'") ? s
                : Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }
}
