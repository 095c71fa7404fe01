package io.callstorm.eval.remote;

import java.util.List;

/**
 * A template the remote eval API offers, as {@code GET sdk/api/v1/get-evals/} lists it.
 *
 * @param name         the template name to pass to {@code evaluate}
 * @param description  what it judges
 * @param evalId       the service's id of the template
 * @param requiredKeys the input keys it needs ({@code config.required_keys})
 * @param outputType   the kind of output ({@code config.output})
 * @param tags         its tags ({@code eval_tags})
 */
public record EvalTemplateInfo(String name, String description, String evalId, List<String> requiredKeys,
                               String outputType, List<String> tags) {
    public EvalTemplateInfo {
        requiredKeys = List.copyOf(requiredKeys);
        tags = List.copyOf(tags);
    }
}
