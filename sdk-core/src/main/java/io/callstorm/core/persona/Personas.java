package io.callstorm.core.persona;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static io.callstorm.core.persona.AgeBand.AGE_18_29;
import static io.callstorm.core.persona.AgeBand.AGE_30_44;
import static io.callstorm.core.persona.AgeBand.AGE_45_64;
import static io.callstorm.core.persona.AgeBand.AGE_65_PLUS;
import static io.callstorm.core.persona.CommunicationStyle.CHATTY;
import static io.callstorm.core.persona.CommunicationStyle.DIRECT;
import static io.callstorm.core.persona.CommunicationStyle.FORMAL;
import static io.callstorm.core.persona.CommunicationStyle.HESITANT;
import static io.callstorm.core.persona.CommunicationStyle.IRRITATED;

/**
 * The 18 built-in personas, covering the callers a support line meets most: first-time and repeat
 * callers, the frustrated and the elderly, people in a hurry or in a car, the skeptical and the polite
 * escalator. Use them as they are, or as a starting point with {@link Persona#toBuilder()}.
 */
public final class Personas {
    private static final List<Persona> BUILT_INS = List.of(
            p("first-time-caller", "First-time caller", "New customer, unsure how things work, follows the agent's lead.",
                    Gender.FEMALE, AGE_30_44, "Columbus, US", "General American", FORMAL, 145, 5000, BackgroundNoise.HOME),
            p("repeat-caller", "Repeat caller", "Called about the same issue before; expects the agent to know the history.",
                    Gender.MALE, AGE_45_64, "Leeds, UK", "Northern English", DIRECT, 155, 3500, BackgroundNoise.OFFICE),
            p("frustrated", "Frustrated caller", "Has waited too long already; short-tempered, hangs up quickly on silence.",
                    Gender.MALE, AGE_30_44, "Newark, US", "New York", IRRITATED, 170, 2000, BackgroundNoise.STREET),
            p("elderly", "Elderly caller", "Speaks slowly, needs things repeated, patient with silence.",
                    Gender.FEMALE, AGE_65_PLUS, "Tampa, US", "Southern American", HESITANT, 110, 8000, BackgroundNoise.HOME),
            p("distracted", "Distracted caller", "Multitasking; trails off and re-asks.",
                    Gender.MALE, AGE_18_29, "Denver, US", "General American", HESITANT, 150, 4000, BackgroundNoise.CAFE),
            p("polite-escalator", "Polite escalator", "Courteous but firm that a human should handle it.",
                    Gender.FEMALE, AGE_45_64, "Toronto, CA", "Canadian", FORMAL, 140, 6000, BackgroundNoise.QUIET),
            p("information-gatherer", "Information-gatherer", "Asks many precise questions before acting.",
                    Gender.NEUTRAL, AGE_30_44, "Seattle, US", "General American", CHATTY, 155, 5000, BackgroundNoise.OFFICE),
            p("direct-purchaser", "Direct purchaser", "Knows what they want and wants it done now.",
                    Gender.MALE, AGE_30_44, "Chicago, US", "Midwestern", DIRECT, 165, 3000, BackgroundNoise.OFFICE),
            p("in-a-hurry", "In-a-hurry caller", "Calls between meetings; fast speech, little patience.",
                    Gender.FEMALE, AGE_30_44, "San Francisco, US", "General American", DIRECT, 190, 1800, BackgroundNoise.STREET),
            p("skeptical", "Skeptical caller", "Doubts what the agent says; asks for confirmation.",
                    Gender.MALE, AGE_45_64, "Boston, US", "New England", DIRECT, 150, 4000, BackgroundNoise.HOME),
            p("complaint-caller", "Complaint caller", "Calls to complain; wants a ticket on record.",
                    Gender.FEMALE, AGE_45_64, "Atlanta, US", "Southern American", IRRITATED, 160, 3000, BackgroundNoise.HOME),
            p("non-native-speaker", "Non-native speaker", "Fluent but accented English; simple vocabulary.",
                    Gender.MALE, AGE_30_44, "Houston, US", "Spanish-accented English", FORMAL, 125, 5000, BackgroundNoise.HOME),
            p("tech-savvy", "Tech-savvy caller", "Uses precise technical terms; has already tried the basics.",
                    Gender.NEUTRAL, AGE_18_29, "Austin, US", "General American", DIRECT, 175, 3000, BackgroundNoise.QUIET),
            p("confused", "Confused caller", "Unsure what the problem is; describes symptoms, not causes.",
                    Gender.FEMALE, AGE_65_PLUS, "Phoenix, US", "General American", HESITANT, 120, 7000, BackgroundNoise.HOME),
            p("chatty", "Chatty caller", "Friendly, adds stories and small talk.",
                    Gender.FEMALE, AGE_45_64, "Dublin, IE", "Irish", CHATTY, 165, 5000, BackgroundNoise.HOME),
            p("soft-spoken", "Soft-spoken caller", "Quiet voice, short answers.",
                    Gender.MALE, AGE_18_29, "Portland, US", "General American", HESITANT, 130, 5000, BackgroundNoise.QUIET),
            p("driving-caller", "Caller in a car", "Calls hands-free while driving; road noise, brief attention.",
                    Gender.MALE, AGE_30_44, "Los Angeles, US", "General American", DIRECT, 150, 3000, BackgroundNoise.CAR),
            p("multilingual", "Multilingual caller", "Switches between Spanish and English.",
                    Gender.FEMALE, AGE_18_29, "Miami, US", "Latin American Spanish", CHATTY, 160, 4500, BackgroundNoise.CAFE));

    private Personas() {
    }

    /** The 18 built-in personas, in a fixed order. */
    public static List<Persona> builtIns() {
        return BUILT_INS;
    }

    /** A built-in persona by id, e.g. {@code frustrated}. */
    public static Optional<Persona> byId(String id) {
        return BUILT_INS.stream().filter(p -> p.id().equals(id)).findFirst();
    }

    /** A built-in persona by id. @throws IllegalArgumentException naming the known ids when there is none */
    public static Persona get(String id) {
        return byId(id).orElseThrow(() -> new IllegalArgumentException("unknown built-in persona \"" + id
                + "\"; known: " + BUILT_INS.stream().map(Persona::id).toList()));
    }

    private static Persona p(String id, String name, String description, Gender gender, AgeBand age, String location,
                             String accent, CommunicationStyle style, int wpm, long patienceMillis,
                             BackgroundNoise noise) {
        return Persona.builder(id).name(name).description(description).gender(gender).ageBand(age).location(location)
                .accent(accent).language(id.equals("multilingual") ? "es-US" : "en-US").communicationStyle(style)
                .speakingRateWpm(wpm).patience(Duration.ofMillis(patienceMillis)).backgroundNoise(noise).build();
    }
}
