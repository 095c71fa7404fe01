package io.callstorm.core.validation;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HeaderSyntaxTest {
    @Test
    void controlCharactersInAValueAreNamedWithTheirIndexAndTheValueIsNotRepeated() {
        assertThat(HeaderSyntax.valueProblem("tenant\r\nX-Evil: 1")).hasValueSatisfying(p ->
                assertThat(p).contains("CR at index 6").doesNotContain("tenant").doesNotContain("Evil"));
        assertThat(HeaderSyntax.valueProblem("a\nb")).hasValueSatisfying(p -> assertThat(p).contains("LF at index 1"));
        assertThat(HeaderSyntax.valueProblem("a\0b")).hasValueSatisfying(p -> assertThat(p).contains("NUL at index 1"));
        assertThat(HeaderSyntax.valueProblem("a\u0007")).hasValueSatisfying(p -> assertThat(p).contains("U+0007"));
        assertThat(HeaderSyntax.valueProblem("a\u007f")).isPresent();
        assertThat(HeaderSyntax.valueProblem("load test\twith tab, ünïcode")).isEmpty();
    }

    @Test
    void aNameIsAToken() {
        assertThat(HeaderSyntax.nameProblem("X-Tenant")).isEmpty();
        assertThat(HeaderSyntax.nameProblem("X-Ten\rant")).hasValueSatisfying(p -> assertThat(p).contains("CR at index 5"));
        assertThat(HeaderSyntax.nameProblem("X Tenant")).hasValueSatisfying(p -> assertThat(p).contains("a space"));
        assertThat(HeaderSyntax.nameProblem("X:Tenant")).hasValueSatisfying(p -> assertThat(p).contains("':'"));
        assertThat(HeaderSyntax.nameProblem("")).isPresent();
    }
}
