package io.callstorm.simulate.connect;

import java.time.Duration;
import java.util.Objects;

/**
 * One finished caller turn, sent when the caller stops speaking.
 *
 * @param index          turn number within the call, from 0; a retry re-sends the same index
 * @param text           what the caller said
 * @param speechDuration how long the caller spoke, in real (unscaled) time: an agent's streaming
 *                       speech-to-text sees audio for this long
 */
public record CallerTurn(int index, String text, Duration speechDuration) {
    public CallerTurn {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(speechDuration, "speechDuration");
    }
}
