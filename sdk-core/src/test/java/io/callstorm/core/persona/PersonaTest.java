package io.callstorm.core.persona;

import io.callstorm.core.validation.ConfigurationException;
import io.callstorm.core.validation.Problem;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class PersonaTest {
    @Test
    void defaultsBuildAValidPersona() {
        Persona p = Persona.builder("small-business-admin").build();

        assertThat(p.name()).isEqualTo("small-business-admin");
        assertThat(p.speakingRateWpm()).isEqualTo(Persona.DEFAULT_SPEAKING_RATE_WPM);
        assertThat(p.patience()).isEqualTo(Persona.DEFAULT_PATIENCE);
    }

    @Test
    void everyBadFieldIsReportedInOneException() {
        ConfigurationException e = catchThrowableOfType(ConfigurationException.class, () -> Persona.builder("admin")
                .speakingRateWpm(20)
                .language("English")
                .patience(Duration.ZERO)
                .build());

        assertThat(e.problems()).extracting(Problem::path)
                .containsExactlyInAnyOrder("speakingRateWpm", "language", "patience");
        assertThat(message(e, "speakingRateWpm")).contains("between 60 and 300").contains("was 20");
        assertThat(message(e, "language")).contains("BCP 47").contains("en-US").contains("\"English\"");
        assertThat(message(e, "patience")).contains("> 0").contains("5 minutes");
        assertThat(e).hasMessageContaining("persona \"admin\"").hasMessageContaining("3 problems");
    }

    @Test
    void missingValuesSayWhatIsAllowed() {
        ConfigurationException e = catchThrowableOfType(ConfigurationException.class, () -> Persona.builder("Bad Id")
                .gender(null)
                .communicationStyle(null)
                .location(" ")
                .patience(null)
                .build());

        assertThat(e.problems()).extracting(Problem::path)
                .containsExactlyInAnyOrder("id", "gender", "communicationStyle", "location", "patience");
        assertThat(message(e, "id")).contains("lower-case").contains("\"Bad Id\"");
        assertThat(message(e, "gender")).contains("FEMALE").contains("MALE").contains("NEUTRAL");
        assertThat(message(e, "communicationStyle")).contains("IRRITATED");
    }

    @Test
    void toBuilderMakesAVariant() {
        Persona slow = Personas.get("elderly").toBuilder().speakingRateWpm(90).build();

        assertThat(slow.speakingRateWpm()).isEqualTo(90);
        assertThat(slow.id()).isEqualTo("elderly");
        assertThat(slow).isNotEqualTo(Personas.get("elderly"));
    }

    @Test
    void speakingTimeFollowsTheRate() {
        Persona p = Persona.builder("p").speakingRateWpm(120).build();

        assertThat(p.speakingTime(60)).isEqualTo(Duration.ofSeconds(30));
    }

    private static String message(ConfigurationException e, String path) {
        return e.problems().stream().filter(p -> p.path().equals(path)).findFirst().orElseThrow().message();
    }
}
