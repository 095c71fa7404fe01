package io.callstorm.core;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The measured stages of a voice turn. Wire names are part of the report contract and never change.
 */
public enum Stage {
    /** Speech-to-text: from the start of the caller's speech to the first partial transcript. */
    STT_TTFT("stt_ttft"),
    /** Language model: from the request to the first token. */
    LLM_TTFT("llm_ttft"),
    /** Text-to-speech: from the request to the first audio byte. */
    TTS_FIRST_AUDIO("tts_first_audio"),
    /** One tool call, request to result (or timeout). */
    TOOL_CALL("tool_call"),
    /** What the caller hears: end of the caller's turn to the agent's first audio. */
    USER_PERCEIVED_GAP("user_perceived_gap");

    private final String wireName;

    Stage(String wireName) {
        this.wireName = wireName;
    }

    /** The name used in reports, gates and span attributes, e.g. {@code stt_ttft}. */
    public String wireName() {
        return wireName;
    }

    public static Optional<Stage> fromWireName(String name) {
        return Optional.ofNullable(BY_WIRE_NAME.get(name)); // once per stage of every recorded turn: no stream
    }

    private static final Map<String, Stage> BY_WIRE_NAME = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(s -> s.wireName, s -> s));
}
