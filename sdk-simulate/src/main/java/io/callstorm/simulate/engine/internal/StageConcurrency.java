package io.callstorm.simulate.engine.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The concurrency each stage latency of an agent turn was measured at, when it came from a span: the span's
 * {@code voice.concurrency}, taken when the stage started, which may differ from the turn's own concurrency (taken
 * when the reply arrived). A {@code calls.jsonl} agent turn carries it in its annotations under {@link #ANNOTATION},
 * as {@code stt_ttft:41;llm_ttft:41,43;tool_call:42}: per stage, the concurrency of the first values of that
 * stage's {@code stagesMs} list, in order (values past the end were taken at the turn's concurrency). With it, a
 * report rebuilt from the file puts every sample in the bucket the run put it in.
 */
public final class StageConcurrency {
    /** The annotation key on an agent turn of {@code calls.jsonl}. */
    public static final String ANNOTATION = "callstorm.stage_concurrency";

    private StageConcurrency() {
    }

    /** {@code stage -> concurrencies} as the annotation's value; empty for an empty map. */
    static String encode(Map<String, List<Integer>> byStage) {
        StringBuilder sb = new StringBuilder(byStage.size() * 16);
        byStage.forEach((stage, values) -> {
            if (values.isEmpty()) {
                return;
            }
            if (sb.length() > 0) {
                sb.append(';');
            }
            sb.append(stage).append(':');
            for (int i = 0; i < values.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                sb.append(values.get(i));
            }
        });
        return sb.toString();
    }

    /**
     * The annotation's value read back; lenient: a malformed part is skipped, as if the stage had no span
     * concurrency (its samples then count at the turn's concurrency).
     */
    public static Map<String, List<Integer>> decode(String value) {
        Map<String, List<Integer>> out = new LinkedHashMap<>();
        if (value == null || value.isBlank()) {
            return out;
        }
        for (String part : value.split(";")) {
            int colon = part.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            List<Integer> values = new ArrayList<>();
            try {
                for (String v : part.substring(colon + 1).split(",")) {
                    values.add(Integer.parseInt(v.strip()));
                }
            } catch (NumberFormatException e) {
                continue;
            }
            out.put(part.substring(0, colon).strip(), values);
        }
        return out;
    }
}
