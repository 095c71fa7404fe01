package io.callstorm.tracing;

import io.opentelemetry.api.OpenTelemetry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServerTimingTest {
    private static final long MS = 1_000_000L;

    @Test
    void writesTheHeaderAndParsesItBack() {
        ServerTiming timing = ServerTiming.builder()
                .add("stt", 123.4)
                .add("llm", 250)
                .add("tts", 110)
                .add("tool", 180, "get_open_tickets")
                .build();
        String header = timing.toHeaderValue();
        assertThat(header).isEqualTo("stt;dur=123.4, llm;dur=250, tts;dur=110, tool;dur=180;desc=\"get_open_tickets\"");
        ServerTiming parsed = ServerTiming.parse(header);
        assertThat(parsed).isEqualTo(timing);
        assertThat(parsed.stageDurationsMs()).containsExactlyInAnyOrderEntriesOf(Map.of(
                VoiceStage.STT, List.of(123.4), VoiceStage.LLM, List.of(250.0), VoiceStage.TTS, List.of(110.0),
                VoiceStage.TOOL, List.of(180.0)));
    }

    @Test
    void aTurnWritesItsStagesTimeToFirstResultAndToolDurations() {
        VoiceTelemetry telemetry = VoiceTelemetry.builder(OpenTelemetry.noop()).captureServerTiming(true).build();
        VoiceTurn turn = telemetry.startCall("s").startTurn();
        long t0 = System.nanoTime();
        turn.startStage(VoiceStage.STT, t0).firstResultAt(t0 + 123_400_000L).endAt(t0 + 900 * MS);
        StageSpan llm = turn.startStage(VoiceStage.LLM, t0 + 900 * MS).firstResultAt(t0 + 1150 * MS);
        StageSpan tool = turn.startStage(VoiceStage.TOOL, t0 + 1000 * MS).toolName("get_open_tickets");
        tool.endAt(t0 + 1180 * MS);
        llm.endAt(t0 + 1400 * MS);
        turn.startStage(VoiceStage.TTS, t0 + 1400 * MS).firstResultAt(t0 + 1510 * MS).endAt(t0 + 2000 * MS);
        turn.startStage(VoiceStage.TTS, t0).error("pool_exhausted").endAt(t0 + 5 * MS); // no first result: left out
        assertThat(turn.serverTiming().toHeaderValue())
                .isEqualTo("stt;dur=123.4, tool;dur=180;desc=\"get_open_tickets\", llm;dur=250, tts;dur=110");
    }

    @Test
    void withoutCaptureATurnHasNoTimings() {
        VoiceTurn turn = VoiceTelemetry.create(OpenTelemetry.noop()).startCall("s").startTurn();
        turn.startLlm("m").firstResult().end();
        assertThat(turn.serverTiming().isEmpty()).isTrue();
        assertThat(turn.serverTiming().toHeaderValue()).isEmpty();
    }

    @Test
    void parsingIsTolerant() {
        String header = " cache ;desc=\"hit, then miss; twice\" ; dur = 2.5 ,, llm;DUR=250;dur=999;Desc=first;desc=second,"
                + "db;dur=abc, tool;dur=-3, bad name;dur=1, total;dur=1e3, \"quoted\";dur=1,  edge;dur ; desc=\"x\\\"y\\\\z\","
                + " nan;dur=NaN, hex;dur=0x10, last;dur=7;desc=\"unterminated";
        ServerTiming t = ServerTiming.parse(header);
        assertThat(t.metrics()).extracting(ServerTiming.Metric::name)
                .containsExactly("cache", "llm", "db", "tool", "total", "edge", "nan", "hex", "last");
        assertThat(t.metrics().get(0)).isEqualTo(new ServerTiming.Metric("cache", OptionalDouble.of(2.5),
                Optional.of("hit, then miss; twice")));
        assertThat(t.metrics().get(1)).isEqualTo(new ServerTiming.Metric("llm", OptionalDouble.of(250),
                Optional.of("first")));
        assertThat(t.metrics().get(2).durationMs()).isEmpty();
        assertThat(t.metrics().get(3).durationMs()).isEmpty();
        assertThat(t.metrics().get(4).durationMs()).hasValue(1000);
        assertThat(t.metrics().get(5)).isEqualTo(new ServerTiming.Metric("edge", OptionalDouble.empty(),
                Optional.of("x\"y\\z")));
        assertThat(t.metrics().get(6).durationMs()).isEmpty();
        assertThat(t.metrics().get(7).durationMs()).isEmpty();
        assertThat(t.metrics().get(8).description()).contains("unterminated");
        assertThat(t.durationsMs()).containsExactlyInAnyOrderEntriesOf(Map.of("cache", List.of(2.5),
                "llm", List.of(250.0), "total", List.of(1000.0), "last", List.of(7.0)));
        assertThat(t.durationsMs().keySet()).containsExactly("cache", "llm", "total", "last");
        assertThat(t.stageDurationsMs()).containsOnlyKeys(VoiceStage.LLM);
    }

    @Test
    void repeatedMetricsKeepEveryDuration() {
        ServerTiming t = ServerTiming.parse(List.of("tool;dur=10;desc=a, tool;dur=20;desc=b", "tool;dur=30"));
        assertThat(t.stageDurationsMs().get(VoiceStage.TOOL)).containsExactly(10.0, 20.0, 30.0);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", ",", ";;;", "\"", "=;=,=", ";dur=5"})
    void garbageGivesNothingAndNeverThrows(String header) {
        assertThat(ServerTiming.parse(header).isEmpty()).isTrue();
    }

    @Test
    void descriptionsCannotBreakTheHeader() {
        String header = ServerTiming.builder().add("tool", 1, "a\"b\\c\r\nSet-Cookie: x").build().toHeaderValue();
        assertThat(header).isEqualTo("tool;dur=1;desc=\"a\\\"b\\\\c  Set-Cookie: x\"").doesNotContain("\r", "\n");
        assertThat(ServerTiming.parse(header).metrics().get(0).description()).contains("a\"b\\c  Set-Cookie: x");
    }

    @Test
    void durationsAreWrittenToTheMicrosecond() {
        assertThat(ServerTiming.formatMillis(0.0004)).isEqualTo("0");
        assertThat(ServerTiming.formatMillis(12.34567)).isEqualTo("12.346");
        assertThat(ServerTiming.formatMillis(1500)).isEqualTo("1500");
    }

    @Test
    void theBuilderRejectsWhatCannotBeWritten() {
        assertThatThrownBy(() -> ServerTiming.builder().add("bad name", 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("token");
        assertThatThrownBy(() -> ServerTiming.builder().add("llm", -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(">= 0");
        assertThatThrownBy(() -> ServerTiming.builder().add("llm", Double.NaN))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
