package io.callstorm.core.persona;

import io.callstorm.core.validation.ProblemCollector;

import java.time.Duration;
import java.util.Objects;

/**
 * Who calls: a synthetic caller with the attributes that change how it speaks and how long it waits.
 * Immutable; build one with {@link #builder(String)} or take one of {@link Personas#builtIns()}.
 *
 * <pre>{@code
 * Persona admin = Persona.builder("small-business-admin")
 *     .name("Small-business admin")
 *     .speakingRateWpm(160)
 *     .patience(Duration.ofSeconds(3))
 *     .build();
 * }</pre>
 */
public final class Persona {
    /** Words per minute of an average English speaker on the phone. */
    public static final int DEFAULT_SPEAKING_RATE_WPM = 150;
    /** How long an average caller waits in silence before giving up. */
    public static final Duration DEFAULT_PATIENCE = Duration.ofSeconds(4);

    private final String id;
    private final String name;
    private final String description;
    private final Gender gender;
    private final AgeBand ageBand;
    private final String location;
    private final String accent;
    private final String language;
    private final CommunicationStyle communicationStyle;
    private final int speakingRateWpm;
    private final Duration patience;
    private final BackgroundNoise backgroundNoise;

    private Persona(Builder b) {
        this.id = b.id;
        this.name = b.name == null ? b.id : b.name;
        this.description = b.description;
        this.gender = b.gender;
        this.ageBand = b.ageBand;
        this.location = b.location;
        this.accent = b.accent;
        this.language = b.language;
        this.communicationStyle = b.communicationStyle;
        this.speakingRateWpm = b.speakingRateWpm;
        this.patience = b.patience;
        this.backgroundNoise = b.backgroundNoise;
    }

    public static Builder builder(String id) {
        return new Builder(id);
    }

    /** A builder that starts from this persona's values, for variants of a built-in. */
    public Builder toBuilder() {
        return new Builder(id).name(name).description(description).gender(gender).ageBand(ageBand)
                .location(location).accent(accent).language(language).communicationStyle(communicationStyle)
                .speakingRateWpm(speakingRateWpm).patience(patience).backgroundNoise(backgroundNoise);
    }

    /** Stable identifier, lower-case with dashes, e.g. {@code frustrated}. */
    public String id() { return id; }
    public String name() { return name; }
    public String description() { return description; }
    public Gender gender() { return gender; }
    public AgeBand ageBand() { return ageBand; }
    /** Where the caller is, free text such as {@code Austin, US}. */
    public String location() { return location; }
    /** The accent of the synthetic voice, free text such as {@code General American}. */
    public String accent() { return accent; }
    /** BCP 47 language tag, e.g. {@code en-US}. */
    public String language() { return language; }
    public CommunicationStyle communicationStyle() { return communicationStyle; }
    public int speakingRateWpm() { return speakingRateWpm; }
    /** The longest silence after its own turn this caller sits through before hanging up. */
    public Duration patience() { return patience; }
    public BackgroundNoise backgroundNoise() { return backgroundNoise; }

    /** Speaking time of an utterance of {@code words} words at this persona's rate, in real (unscaled) time. */
    public Duration speakingTime(int words) {
        return Duration.ofMillis(Math.round(words * 60_000.0 / speakingRateWpm));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Persona p && p.id.equals(id) && p.name.equals(name) && p.description.equals(description)
                && p.gender == gender && p.ageBand == ageBand && p.location.equals(location)
                && p.accent.equals(accent) && p.language.equals(language)
                && p.communicationStyle == communicationStyle && p.speakingRateWpm == speakingRateWpm
                && p.patience.equals(patience) && p.backgroundNoise == backgroundNoise;
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, name, speakingRateWpm, patience, communicationStyle);
    }

    @Override
    public String toString() {
        return "Persona{" + id + ", " + communicationStyle + ", " + speakingRateWpm + " wpm, patience "
                + patience.toMillis() + " ms}";
    }

    /** Builds a {@link Persona}; {@link #build()} checks every field and reports all problems at once. */
    public static final class Builder {
        private final String id;
        private String name;
        private String description = "";
        private Gender gender = Gender.NEUTRAL;
        private AgeBand ageBand = AgeBand.AGE_30_44;
        private String location = "US";
        private String accent = "General American";
        private String language = "en-US";
        private CommunicationStyle communicationStyle = CommunicationStyle.DIRECT;
        private int speakingRateWpm = DEFAULT_SPEAKING_RATE_WPM;
        private Duration patience = DEFAULT_PATIENCE;
        private BackgroundNoise backgroundNoise = BackgroundNoise.QUIET;

        private Builder(String id) {
            this.id = id;
        }

        public Builder name(String name) { this.name = name; return this; }
        public Builder description(String description) { this.description = description; return this; }
        public Builder gender(Gender gender) { this.gender = gender; return this; }
        public Builder ageBand(AgeBand ageBand) { this.ageBand = ageBand; return this; }
        public Builder location(String location) { this.location = location; return this; }
        public Builder accent(String accent) { this.accent = accent; return this; }
        public Builder language(String language) { this.language = language; return this; }
        public Builder communicationStyle(CommunicationStyle style) { this.communicationStyle = style; return this; }
        public Builder speakingRateWpm(int wpm) { this.speakingRateWpm = wpm; return this; }
        public Builder patience(Duration patience) { this.patience = patience; return this; }
        public Builder backgroundNoise(BackgroundNoise noise) { this.backgroundNoise = noise; return this; }

        /** Problems with the values set so far; empty when the persona is valid. */
        public java.util.List<io.callstorm.core.validation.Problem> problems() {
            ProblemCollector p = new ProblemCollector();
            p.check(id != null && id.matches("[a-z0-9][a-z0-9-]{0,63}"), "id",
                    "must be 1-64 lower-case letters, digits or dashes, was " + quote(id));
            p.check(name == null || !name.isBlank(), "name", "must not be blank when set");
            p.check(description != null, "description", "must not be null (use \"\")");
            p.check(gender != null, "gender", "must be one of " + java.util.Arrays.toString(Gender.values()));
            p.check(ageBand != null, "ageBand", "must be one of " + java.util.Arrays.toString(AgeBand.values()));
            p.check(location != null && !location.isBlank(), "location", "must not be blank");
            p.check(accent != null && !accent.isBlank(), "accent", "must not be blank");
            p.check(language != null && language.matches("[a-z]{2,3}(-[A-Za-z0-9]{2,8})*"), "language",
                    "must be a BCP 47 tag such as en-US, was " + quote(language));
            p.check(communicationStyle != null, "communicationStyle",
                    "must be one of " + java.util.Arrays.toString(CommunicationStyle.values()));
            p.check(speakingRateWpm >= 60 && speakingRateWpm <= 300, "speakingRateWpm",
                    "must be between 60 and 300 words per minute, was " + speakingRateWpm);
            p.check(patience != null && !patience.isNegative() && !patience.isZero()
                            && patience.compareTo(Duration.ofMinutes(5)) <= 0, "patience",
                    "must be > 0 and <= 5 minutes, was " + patience);
            p.check(backgroundNoise != null, "backgroundNoise",
                    "must be one of " + java.util.Arrays.toString(BackgroundNoise.values()));
            return p.problems();
        }

        /**
         * @throws io.callstorm.core.validation.ConfigurationException listing every invalid field
         */
        public Persona build() {
            ProblemCollector p = new ProblemCollector();
            p.addAll("", problems());
            p.throwIfAny("persona " + quote(id));
            return new Persona(this);
        }

        private static String quote(String s) {
            return s == null ? "null" : "\"" + s + "\"";
        }
    }
}
