package io.callstorm.eval.pool;

/** What {@link EvaluationPool#submit} does when the queue is full. */
public enum QueuePolicy {
    /**
     * The submitter waits for room. Nothing is dropped, but a slow evaluator slows whoever submits: use it for
     * offline scoring, never on a load generator's call path.
     */
    WAIT,
    /**
     * The conversation is not scored and is counted as dropped; the submitter never waits. The default: a slow
     * or failing judge never slows the load.
     */
    DROP_AND_COUNT
}
