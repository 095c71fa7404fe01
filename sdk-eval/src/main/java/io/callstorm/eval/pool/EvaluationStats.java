package io.callstorm.eval.pool;

/**
 * Counters of an {@link EvaluationPool}. An evaluation is one evaluator on one conversation, so a conversation
 * scored on five rubrics is five evaluations.
 *
 * @param done                  evaluations that reached a pass or a fail
 * @param failed                evaluations that ended in an error result or threw
 * @param dropped               evaluations not run because their conversation was dropped (queue full or
 *                              pool closed)
 * @param conversationsAccepted conversations queued for scoring
 * @param conversationsScored   conversations whose callback has run
 * @param conversationsDropped  conversations dropped
 * @param queued                conversations waiting in the queue now
 */
public record EvaluationStats(long done, long failed, long dropped, long conversationsAccepted,
                              long conversationsScored, long conversationsDropped, int queued) {
}
