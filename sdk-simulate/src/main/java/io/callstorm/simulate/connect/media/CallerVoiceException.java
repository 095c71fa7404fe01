package io.callstorm.simulate.connect.media;

/**
 * A {@link CallerVoice} could not produce an utterance: no recording for it, an unreadable file, the synthesiser
 * failed or timed out. A fault of the test set-up, not of the agent under test, so the connector reports it as
 * such.
 */
public final class CallerVoiceException extends RuntimeException {
    public CallerVoiceException(String message) {
        super(message);
    }

    public CallerVoiceException(String message, Throwable cause) {
        super(message, cause);
    }
}
