package io.callstorm.eval.audio;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class WordErrorRateTest {
    @Test
    void identicalTextsHaveNoErrors() {
        assertThat(WordErrorRate.of("Please open a ticket.", "please open a ticket").rate()).isZero();
    }

    @Test
    void formattingIsNotAnError() {
        WordErrorRate wer = WordErrorRate.of("My account number is AC-10423, thanks!",
                "my account number is ac one zero four two three thanks");
        assertThat(wer.errors()).isZero();
        assertThat(wer.referenceWords()).isEqualTo(7);
    }

    @Test
    void countsSubstitutionsDeletionsAndInsertions() {
        List<String> ref = List.of("the", "cat", "sat", "on", "the", "mat");
        assertThat(WordErrorRate.between(ref, List.of("the", "cat", "sat", "on", "the", "hat")).errors()).isEqualTo(1);
        assertThat(WordErrorRate.between(ref, List.of("the", "cat", "on", "the", "mat")).errors()).isEqualTo(1);
        assertThat(WordErrorRate.between(ref, List.of("the", "fat", "cat", "sat", "on", "the", "mat")).errors())
                .isEqualTo(1);
        assertThat(WordErrorRate.between(ref, List.of("a", "dog", "sat")).errors()).isEqualTo(5);
        assertThat(WordErrorRate.between(ref, List.of("the", "hat", "sat", "on", "mat")).rate())
                .isCloseTo(2.0 / 6, within(1e-12));
    }

    @Test
    void anEmptyReferenceIsPerfectOnlyWhenNothingWasHeard() {
        assertThat(WordErrorRate.of("", "").rate()).isZero();
        assertThat(WordErrorRate.of("", "hello there").rate()).isEqualTo(1.0);
        assertThat(WordErrorRate.of("hello there", "").rate()).isEqualTo(1.0);
    }

    @Test
    void ratesOverSeveralTurnsWeighByWords() {
        WordErrorRate total = WordErrorRate.of("twenty three", "23")
                .plus(WordErrorRate.of("open a ticket please", "open the ticket please"));
        assertThat(total.errors()).isEqualTo(1);
        assertThat(total.referenceWords()).isEqualTo(5);
        assertThat(total.toString()).isEqualTo("WER 20.0% (1 errors in 5 words)");
    }
}
