package io.callstorm.history;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class BaselineSpecTest {
    @Test
    void readsEachKind() {
        assertThat(BaselineSpec.parse("last").orElseThrow().kind()).isEqualTo(BaselineSpec.Kind.LAST);
        BaselineSpec week = BaselineSpec.parse("rolling:7d").orElseThrow();
        assertThat(week.kind()).isEqualTo(BaselineSpec.Kind.ROLLING);
        assertThat(week.window()).isEqualTo(Duration.ofDays(7));
        assertThat(BaselineSpec.parse("rolling:36h").orElseThrow().window()).isEqualTo(Duration.ofHours(36));
        assertThat(BaselineSpec.parse("rolling:2w").orElseThrow().window()).isEqualTo(Duration.ofDays(14));
        BaselineSpec release = BaselineSpec.parse("tag:2026.12").orElseThrow();
        assertThat(release.tagKey()).isEqualTo(RunTags.RELEASE);
        assertThat(release.tagValue()).isEqualTo("2026.12");
        BaselineSpec team = BaselineSpec.parse("tag:team=voice").orElseThrow();
        assertThat(team.tagKey()).isEqualTo("team");
        assertThat(team.tagValue()).isEqualTo("voice");
        assertThat(team).hasToString("tag:team=voice");
    }

    @Test
    void saysWhatIsWrong() {
        assertThat(BaselineSpec.problemWith("rolling:7")).get().asString().contains("rolling:7d");
        assertThat(BaselineSpec.problemWith("rolling:0d")).get().asString().contains("more than 0");
        assertThat(BaselineSpec.problemWith("rolling:400d")).get().asString().contains("366 days");
        assertThat(BaselineSpec.problemWith("tag:")).get().asString().contains("tag:NAME");
        assertThat(BaselineSpec.problemWith("tag:Bad Key=x")).get().asString().contains("key");
        assertThat(BaselineSpec.problemWith("yesterday")).get().asString().contains("last, rolling:");
        assertThat(BaselineSpec.looksLikeSpec("base/report.json")).isFalse();
        assertThat(BaselineSpec.looksLikeSpec("rolling:7d")).isTrue();
    }
}
