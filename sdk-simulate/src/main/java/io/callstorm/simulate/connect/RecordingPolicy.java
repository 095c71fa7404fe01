package io.callstorm.simulate.connect;

/**
 * Which of the agent audio recordings a connector made ({@link RecordedAudio}) a run keeps as
 * {@code recordings/<callId>.wav}.
 */
public enum RecordingPolicy {
    /** Every recording the connector made (its share of calls). */
    ALL,
    /**
     * Only the recordings of calls that failed: not completed, ended on an error, or given a failed verdict by a
     * rubric. The connector records every call for it (the audio waits in memory until the call's verdicts are in:
     * about 8 KB per second of agent speech per call), so that the calls worth listening to are all there.
     */
    FAILED_CALLS
}
