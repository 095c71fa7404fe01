package io.callstorm.eval;

import java.util.List;

/**
 * Names of the rubrics a conversation is scored on. The names are part of the report contract (they
 * appear in reports, gates and exported results) and never change.
 */
public final class Rubrics {
    /** Whether the call ended with the outcome its scenario path expects. */
    public static final String CONVERSATION_RESOLUTION = "conversation_resolution";
    /** Whether the agent made every tool call the path expects, successfully. */
    public static final String TASK_COMPLETION = "task_completion";
    /** Whether the agent stayed courteous and never rude. */
    public static final String IS_POLITE = "is_polite";
    /** Whether the agent answered the caller instead of stalling. */
    public static final String IS_HELPFUL = "is_helpful";
    /** Whether the agent's replies were short enough for a phone call and not repeated over and over. */
    public static final String IS_CONCISE = "is_concise";
    /** Whether the agent's speech-to-text heard the caller right: word error rate against the script. */
    public static final String AUDIO_TRANSCRIPTION = "audio_transcription";
    /** Whether the agent's audio is clean: clipping, silence and level measured on its PCM. */
    public static final String AUDIO_QUALITY = "audio_quality";

    /** The five core rubrics, in report order. */
    public static final List<String> CORE =
            List.of(CONVERSATION_RESOLUTION, TASK_COMPLETION, IS_POLITE, IS_HELPFUL, IS_CONCISE);

    /** The audio rubrics, scored where a connector records audio or speech-to-text output. */
    public static final List<String> AUDIO = List.of(AUDIO_TRANSCRIPTION, AUDIO_QUALITY);

    private Rubrics() {
    }
}
