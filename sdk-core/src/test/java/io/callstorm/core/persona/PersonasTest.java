package io.callstorm.core.persona;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PersonasTest {
    @Test
    void eighteenBuiltInsWithUniqueIds() {
        assertThat(Personas.builtIns()).hasSize(18);
        assertThat(Personas.builtIns()).extracting(Persona::id).doesNotHaveDuplicates();
    }

    @Test
    void everyBuiltInIsValid() {
        assertThat(Personas.builtIns()).allSatisfy(p -> {
            assertThat(p.toBuilder().problems()).as(p.id()).isEmpty();
            assertThat(p.toBuilder().build()).isEqualTo(p);
        });
    }

    @Test
    void lookupById() {
        assertThat(Personas.get("frustrated").communicationStyle()).isEqualTo(CommunicationStyle.IRRITATED);
        assertThat(Personas.byId("frustrated")).contains(Personas.get("frustrated"));
        assertThat(Personas.byId("nope")).isEmpty();
    }

    @Test
    void unknownIdErrorNamesTheKnownIds() {
        assertThatThrownBy(() -> Personas.get("nope"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"nope\"")
                .hasMessageContaining("first-time-caller")
                .hasMessageContaining("multilingual");
    }
}
