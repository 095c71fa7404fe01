package io.callstorm.simulate.report;

/**
 * The evaluations of one rubric in a run (one evaluation = one evaluator on one call), or their sum.
 *
 * @param rubric           rubric name, or {@code total}
 * @param evaluator        the kind that scored it: {@code local}, {@code judge}, {@code remote} or {@code custom};
 *                         for the total, the kinds used joined by {@code +}, e.g. {@code local+judge}
 * @param done             evaluations that ran: {@code passed + failed + errors}
 * @param passed           verdicts that the call meets the rubric
 * @param failed           verdicts that it does not
 * @param errors           evaluations that reached no verdict (a malformed judge answer, an API that stayed down):
 *                         neither a pass nor a fail, and left out of the pass rate
 * @param dropped          evaluations not run because their call was not scored (a full queue, or the end of the run
 *                         came first)
 * @param passRate         {@code passed / (passed + failed)}, 0 when there was no verdict
 * @param promptTokens     model tokens sent
 * @param completionTokens model tokens produced
 * @param costUsd          estimated cost in US dollars, rounded to a millionth
 */
public record RubricEvaluation(String rubric, String evaluator, long done, long passed, long failed, long errors,
                               long dropped, double passRate, long promptTokens, long completionTokens,
                               double costUsd) {
}
