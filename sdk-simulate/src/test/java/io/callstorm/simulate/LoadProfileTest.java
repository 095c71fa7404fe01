package io.callstorm.simulate;

import io.callstorm.simulate.load.LoadProfile;

import io.callstorm.core.validation.ConfigurationException;
import io.callstorm.core.validation.Problem;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

class LoadProfileTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void rampHoldRampDownDescribesTheTargetOverTime() {
        LoadProfile p = LoadProfile.concurrentCalls(5)
                .rampTo(60, Duration.ofSeconds(2))
                .hold(Duration.ofSeconds(1))
                .rampTo(0, Duration.ofSeconds(1))
                .build();

        assertThat(p.model()).isEqualTo(LoadProfile.Model.CLOSED);
        assertThat(p.stages()).hasSize(3);
        assertThat(p.totalDuration()).isEqualTo(Duration.ofSeconds(4));
        assertThat(p.peak()).isEqualTo(60);
        assertThat(p.targetAt(0)).isEqualTo(5);
        assertThat(p.targetAt(SECOND)).isCloseTo(32.5, within(1e-9));
        assertThat(p.targetAt(2 * SECOND)).isEqualTo(60);
        assertThat(p.targetAt(5 * SECOND / 2)).isEqualTo(60);
        assertThat(p.targetAt(7 * SECOND / 2)).isCloseTo(30, within(1e-9));
        assertThat(p.targetAt(4 * SECOND)).as("after the last stage").isZero();
        assertThat(p.targetAt(100 * SECOND)).isZero();
    }

    @Test
    void eachStageStartsWhereThePreviousEnded() {
        LoadProfile p = LoadProfile.concurrentCalls(10)
                .rampTo(100, Duration.ofSeconds(10))
                .hold(Duration.ofSeconds(5))
                .rampTo(20, Duration.ofSeconds(5))
                .build();

        assertThat(p.stages()).containsExactly(
                new LoadProfile.Stage(Duration.ofSeconds(10), 10, 100),
                new LoadProfile.Stage(Duration.ofSeconds(5), 100, 100),
                new LoadProfile.Stage(Duration.ofSeconds(5), 100, 20));
    }

    @Test
    void openModelTargetsArrivalsPerSecond() {
        LoadProfile p = LoadProfile.arrivalsPerSecond(20).hold(Duration.ofSeconds(2)).build();

        assertThat(p.model()).isEqualTo(LoadProfile.Model.OPEN);
        assertThat(p.targetAt(SECOND)).isEqualTo(20);
        assertThat(p.peak()).isEqualTo(20);
        assertThat(p.totalDuration()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void rampHoldRampDownShortcutSkipsAZeroRampDown() {
        LoadProfile withDown = LoadProfile.rampHoldRampDown(100, 1_000, Duration.ofSeconds(60),
                Duration.ofSeconds(30), Duration.ofSeconds(15));
        LoadProfile withoutDown = LoadProfile.rampHoldRampDown(100, 1_000, Duration.ofSeconds(60),
                Duration.ofSeconds(30), Duration.ZERO);

        assertThat(withDown.stages()).hasSize(3);
        assertThat(withDown.totalDuration()).isEqualTo(Duration.ofSeconds(105));
        assertThat(withoutDown.stages()).hasSize(2);
        assertThat(withoutDown.peak()).isEqualTo(1_000);
    }

    @Test
    void negativeTargetAndZeroDurationAreBothReported() {
        ConfigurationException e = catchThrowableOfType(ConfigurationException.class,
                () -> LoadProfile.concurrentCalls(10)
                        .rampTo(-5, Duration.ofSeconds(1))
                        .hold(Duration.ZERO)
                        .build());

        assertThat(e).isNotNull();
        assertThat(e.problems()).extracting(Problem::path)
                .contains("load.stages[0].target", "load.stages[1].duration");
        assertThat(e.getMessage()).contains("load.stages[0].target").contains("load.stages[1].duration");
    }

    @Test
    void aProfileWithoutStagesOrLoadIsRejected() {
        ConfigurationException noStages = catchThrowableOfType(ConfigurationException.class,
                () -> LoadProfile.concurrentCalls(10).build());
        ConfigurationException nothing = catchThrowableOfType(ConfigurationException.class,
                () -> LoadProfile.concurrentCalls(0).hold(Duration.ofSeconds(1)).build());
        ConfigurationException negativeStart = catchThrowableOfType(ConfigurationException.class,
                () -> LoadProfile.arrivalsPerSecond(-1).rampTo(10, Duration.ofSeconds(1)).build());
        ConfigurationException nullDuration = catchThrowableOfType(ConfigurationException.class,
                () -> LoadProfile.concurrentCalls(1).rampTo(10, null).build());

        assertThat(noStages.problems()).extracting(Problem::path).contains("load.stages");
        assertThat(nothing.problems()).extracting(Problem::path).containsExactly("load.peak");
        assertThat(negativeStart.problems()).extracting(Problem::path).containsExactly("load.start");
        assertThat(nullDuration.problems()).extracting(Problem::path).containsExactly("load.stages[0].duration");
    }

    @Test
    void problemsListsWhatBuildWouldRejectWithoutThrowing() {
        LoadProfile.Builder bad = LoadProfile.concurrentCalls(-1)
                .rampTo(2_000_000, Duration.ZERO)
                .hold(Duration.ofSeconds(1));
        LoadProfile.Builder good = LoadProfile.concurrentCalls(10).rampTo(100, Duration.ofSeconds(1));

        assertThat(bad.problems()).extracting(Problem::path).containsExactly("load.start",
                "load.stages[0].duration", "load.stages[0].target", "load.stages[1].target");
        assertThat(bad.problems()).first().extracting(Problem::message)
                .isEqualTo("must be >= 0 concurrent calls, was -1.0");
        ConfigurationException e = catchThrowableOfType(ConfigurationException.class, bad::build);
        assertThat(e.problems()).isEqualTo(bad.problems());
        assertThat(good.problems()).isEmpty();
        assertThat(good.build().peak()).isEqualTo(100);
    }

    @Test
    void aSharedStartIsNotChangedByTheStagesAddedToIt() {
        LoadProfile.Builder base = LoadProfile.concurrentCalls(10).rampTo(100, Duration.ofSeconds(10));
        LoadProfile held = base.hold(Duration.ofSeconds(5)).build();
        LoadProfile down = base.rampTo(0, Duration.ofSeconds(2)).build();

        assertThat(base.build().stages()).hasSize(1);
        assertThat(held.stages()).hasSize(2);
        assertThat(held.totalDuration()).isEqualTo(Duration.ofSeconds(15));
        assertThat(down.stages()).hasSize(2);
        assertThat(down.totalDuration()).isEqualTo(Duration.ofSeconds(12));
    }

    @Test
    void aStartOrAStageBeyondWhatAnyRunNeedsIsAProblemNotAnOverflow() {
        LoadProfile.Builder huge = LoadProfile.arrivalsPerSecond(1e12).rampTo(10, Duration.ofSeconds(1))
                .hold(Duration.ofHours(99_999_999_999_999L));

        assertThat(huge.problems()).extracting(p -> p.path() + ": " + p.message()).containsExactly(
                "load.start: must be <= 1,000,000 arrivals per second, was 1.0E12",
                "load.stages[1].duration: must be <= 30 days, was PT99999999999999H");
    }
}
