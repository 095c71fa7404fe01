package io.callstorm.eval;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EvalResultTest {
    @Test
    void acceptsScoresFromZeroToOne() {
        assertThat(new EvalResult(Rubrics.IS_POLITE, false, 0.0, "r").score()).isZero();
        assertThat(new EvalResult(Rubrics.IS_POLITE, true, 1.0, "r").score()).isEqualTo(1.0);
    }

    @Test
    void rejectsScoresOutsideTheRange() {
        assertThatThrownBy(() -> new EvalResult(Rubrics.IS_POLITE, true, 1.01, "r"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("between 0 and 1");
        assertThatThrownBy(() -> new EvalResult(Rubrics.IS_POLITE, true, -0.1, "r"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EvalResult(Rubrics.IS_POLITE, true, Double.NaN, "r"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsNulls() {
        assertThatThrownBy(() -> new EvalResult(null, true, 1.0, "r")).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new EvalResult(Rubrics.IS_POLITE, true, 1.0, null))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void coreListsTheFiveRubricsInReportOrder() {
        assertThat(Rubrics.CORE).containsExactly("conversation_resolution", "task_completion", "is_polite",
                "is_helpful", "is_concise");
    }
}
