package io.callstorm.eval;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EvalResultStatusTest {
    @Test
    void theFourArgumentConstructorMakesAPassOrAFailWithoutUsage() {
        EvalResult pass = new EvalResult(Rubrics.IS_POLITE, true, 0.8, "r");
        EvalResult fail = new EvalResult(Rubrics.IS_POLITE, false, 0.2, "r");
        assertThat(pass.status()).isEqualTo(EvalStatus.PASS);
        assertThat(pass.passed()).isTrue();
        assertThat(pass.usage()).isEqualTo(EvalUsage.NONE);
        assertThat(fail.status()).isEqualTo(EvalStatus.FAIL);
        assertThat(fail.passed()).isFalse();
        assertThat(fail.isError()).isFalse();
    }

    @Test
    void anErrorIsNeitherAPassNorAFail() {
        EvalResult error = EvalResult.error(Rubrics.IS_HELPFUL, "judge down");
        assertThat(error.status()).isEqualTo(EvalStatus.ERROR);
        assertThat(error.isError()).isTrue();
        assertThat(error.passed()).isFalse();
        assertThat(error.score()).isZero();
        assertThat(error.reason()).isEqualTo("judge down");
    }

    @Test
    void usageAddsUpAndRejectsNonsense() {
        EvalUsage a = new EvalUsage(100, 20, 0.01);
        EvalUsage sum = a.plus(new EvalUsage(50, 5, 0.002));
        assertThat(sum.promptTokens()).isEqualTo(150);
        assertThat(sum.completionTokens()).isEqualTo(25);
        assertThat(sum.totalTokens()).isEqualTo(175);
        assertThat(sum.costUsd()).isCloseTo(0.012, org.assertj.core.data.Offset.offset(1e-12));
        assertThatThrownBy(() -> new EvalUsage(-1, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EvalUsage(0, 0, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new EvalResult(Rubrics.IS_POLITE, true, 1, "r").withUsage(a).usage()).isEqualTo(a);
    }

    @Test
    void audioRubricsAreNamedForTheReport() {
        assertThat(Rubrics.AUDIO).containsExactly("audio_transcription", "audio_quality");
    }
}
