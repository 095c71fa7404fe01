package io.callstorm.simulate.transcripts.internal;

import io.callstorm.simulate.transcripts.EvaluatedTranscripts;
import io.callstorm.simulate.writer.JunitCase;

import java.util.List;

/** Opens the package-private junit cases to the tests of the parent package. */
public final class TranscriptOutputsAccess {
    private TranscriptOutputsAccess() {
    }

    public static List<JunitCase> cases(EvaluatedTranscripts e) {
        return TranscriptOutputs.junitCases(e);
    }
}
