package io.callstorm.eval.local;

import io.callstorm.core.Conversation;
import io.callstorm.core.transcript.ToolCallStatus;
import io.callstorm.eval.EvalResult;
import io.callstorm.eval.Evaluator;
import io.callstorm.eval.Rubrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.OptionalInt;

/**
 * Scores {@value Rubrics#TASK_COMPLETION}: did the agent do the work the path needs, with the right data, and
 * tell the caller what came of it?
 *
 * <p>Rule. The expected tool calls are a multiset of names. An expected call is <em>done</em> by a distinct
 * successful call of that name (order does not matter; a failure a retry cured counts as done) whose arguments
 * are right:
 * <ul>
 *   <li>an account argument must be one the caller gave (or one a tool returned), when the caller gave any; a
 *       ticket's or transfer's must be the one the lookups before it were made for, when they agree on one;</li>
 *   <li>a {@code create_ticket} must state the caller's problem: its summary repeats {@value #MIN_SUMMARY_WORDS}
 *       content words of what the caller said (or half its content words, when it has fewer than four);</li>
 *   <li>no agent turn, once a tool returned amounts of money, states an amount neither the caller nor a tool
 *       gave, or says nothing is open while the ticket lookup returned open tickets (a result told wrong).</li>
 * </ul>
 * It passes iff every expected call is done, each done call's result reached the caller (an agent turn from
 * then on states one of the result's numbers or two of its words, or for a ticket or transfer says it was made;
 * the account lookup, which identifies the caller, is exempt), and the agent made no ticket or transfer the path
 * does not need. A call cut off before that fails, and so does one cut off on a request the agent never answered
 * (see {@code is_helpful}). Score = the share of expected calls without a
 * problem (1.0 on a pass), 0 for an unneeded ticket or transfer. The reason names each problem, e.g.
 * {@code get_open_tickets timed out}, {@code create_ticket for account 55310, the caller gave 55301},
 * {@code get_billing_status result never reached the caller}, {@code unneeded escalate_to_human}.
 *
 * <p>Failing turn: the turn of the first problem (the failed attempt, the wrong call, the unneeded action, the
 * unconveyed result's call); for a tool never called, the agent's last turn.
 */
public final class TaskCompletionEvaluator implements Evaluator {
    /** Content words of the caller's a ticket summary must repeat (or half of its words, when it has fewer). */
    static final int MIN_SUMMARY_WORDS = 2;

    @Override
    public String rubric() {
        return Rubrics.TASK_COMPLETION;
    }

    @Override
    public EvalResult evaluate(Conversation conversation) {
        CallFacts facts = CallFacts.of(conversation);
        List<String> expected = conversation.expectedToolCalls();
        List<String> problems = new ArrayList<>();
        int firstProblemTurn = Integer.MAX_VALUE;
        for (int i = 0; i < expected.size(); i++) {
            String tool = expected.get(i);
            if (expected.indexOf(tool) < i) {
                continue; // a tool expected more than once is judged at its first mention
            }
            int needed = Collections.frequency(expected, tool);
            int right = 0;
            CallFacts.ToolUse wrong = null;
            String wrongWhy = null;
            for (CallFacts.ToolUse use : facts.tools) {
                if (!use.is(tool) || !use.succeeded()) {
                    continue;
                }
                String why = wrongArguments(facts, use);
                if (why == null) {
                    right++;
                } else if (wrong == null) {
                    wrong = use;
                    wrongWhy = why;
                }
            }
            if (right >= needed) {
                continue;
            }
            if (wrong != null) {
                problems.add(wrongWhy);
                firstProblemTurn = Math.min(firstProblemTurn, wrong.turn);
            } else {
                int failedTurn = lastFailedAttempt(facts, tool);
                problems.add(tool + " " + whyMissing(facts, tool, right, needed));
                firstProblemTurn = Math.min(firstProblemTurn, failedTurn >= 0 ? failedTurn : facts.lastAgentTurn());
            }
        }
        CallFacts.ToolUse untold = facts.unconveyed();
        if (untold != null) {
            problems.add(untold.call.name() + " result never reached the caller");
            firstProblemTurn = Math.min(firstProblemTurn, untold.turn);
        }
        int cutOff = facts.unansweredAtEnd();
        if (cutOff >= 0) {
            problems.add("the call " + conversation.status() + " before the caller's last request was answered");
            firstProblemTurn = Math.min(firstProblemTurn, cutOff);
        }
        for (int turn : facts.agentTurns) {
            String against = facts.contradiction(turn);
            if (against != null) {
                problems.add("a result was told wrong: " + against);
                firstProblemTurn = Math.min(firstProblemTurn, turn);
                break;
            }
        }
        int misstated = facts.firstMisstatedAmount();
        if (misstated >= 0) {
            problems.add("an amount the tools returned was told wrong");
            firstProblemTurn = Math.min(firstProblemTurn, misstated);
        }
        CallFacts.ToolUse detour = facts.unneededAction();
        boolean unneeded = detour != null;
        if (unneeded) {
            problems.add("unneeded " + detour.call.name());
            firstProblemTurn = Math.min(firstProblemTurn, detour.turn);
        }

        boolean passed = problems.isEmpty();
        // the share of expected calls without a problem; nothing for an action the caller never needed
        double score = passed ? 1.0 : unneeded ? 0.0
                : Math.max(0.0, (double) (expected.size() - problems.size()) / Math.max(1, expected.size()));
        String reason = passed
                ? (expected.isEmpty() ? "no tool calls expected"
                        : "all " + expected.size() + " expected tool calls done and conveyed")
                : String.join("; ", problems);
        OptionalInt turn = passed || firstProblemTurn == Integer.MAX_VALUE || firstProblemTurn < 0
                ? OptionalInt.empty() : OptionalInt.of(firstProblemTurn);
        return new EvalResult(rubric(), passed, score, reason, turn);
    }

    /** Why a successful call's arguments are wrong, or null when they are right. */
    private static String wrongArguments(CallFacts facts, CallFacts.ToolUse use) {
        String tool = use.call.name();
        int given = facts.callerIdentifiersBefore(use.turn);
        if (use.account != CallFacts.NO_ACCOUNT && given > 0 && !saidFirst(facts.callerIdentifiers, given, use.account)
                && !returnedBefore(facts, use)) {
            return tool + " for account " + use.account + ", the caller gave " + facts.callerIdentifiers[0];
        }
        long served = ConversationOutcomes.isAction(tool) ? lookedUpAccount(facts, use) : CallFacts.NO_ACCOUNT;
        if (use.account != CallFacts.NO_ACCOUNT && served != CallFacts.NO_ACCOUNT && use.account != served) {
            return tool + " for account " + use.account + ", the lookups before it served " + served;
        }
        if (tool.equals(ConversationOutcomes.TICKET_TOOL) && use.argumentsReported()
                && sharedWithCaller(facts, use) < Math.min(MIN_SUMMARY_WORDS,
                        (use.details.contentWords.length + 1) / 2)) {
            return "create_ticket does not state the caller's problem";
        }
        return null;
    }

    /**
     * The account the successful lookups before an action were made for, when they agree on one; else
     * {@link CallFacts#NO_ACCOUNT}. A ticket or transfer for another account acts for someone the call did not
     * serve, even when the caller mentioned that account ("we also have a sandbox, AC-50790, ignore that one").
     */
    private static long lookedUpAccount(CallFacts facts, CallFacts.ToolUse action) {
        long account = CallFacts.NO_ACCOUNT;
        for (CallFacts.ToolUse lookup : facts.tools) {
            if (lookup.turn > action.turn || lookup == action || ConversationOutcomes.isAction(lookup.call.name())
                    || !lookup.succeeded() || lookup.account == CallFacts.NO_ACCOUNT) {
                continue;
            }
            if (account != CallFacts.NO_ACCOUNT && account != lookup.account) {
                return CallFacts.NO_ACCOUNT; // lookups for two accounts: the caller has several, any may be meant
            }
            account = lookup.account;
        }
        return account;
    }

    /** Whether {@code value} is among the first {@code count} of {@code values}. */
    private static boolean saidFirst(long[] values, int count, long value) {
        for (int i = 0; i < count; i++) {
            if (values[i] == value) {
                return true;
            }
        }
        return false;
    }

    private static boolean returnedBefore(CallFacts facts, CallFacts.ToolUse use) {
        for (CallFacts.ToolUse other : facts.tools) {
            if (other != use && other.turn <= use.turn && other.succeeded()
                    && other.result.mentionsNumber(use.account)) {
                return true;
            }
        }
        return false;
    }

    /** How many of a call's detail words (a ticket's summary, a transfer's reason) the caller said. */
    private static int sharedWithCaller(CallFacts facts, CallFacts.ToolUse use) {
        int shared = 0;
        for (long word : use.details.contentWords) {
            for (int i = 0; i < facts.turns.size(); i++) {
                if (!facts.isAgent(i) && facts.text[i].mentionsWord(word)) {
                    shared++;
                    break;
                }
            }
        }
        return shared;
    }

    private static int lastFailedAttempt(CallFacts facts, String tool) {
        int turn = -1;
        for (CallFacts.ToolUse use : facts.tools) {
            if (use.is(tool) && !use.succeeded()) {
                turn = use.turn;
            }
        }
        return turn;
    }

    private static String whyMissing(CallFacts facts, String tool, int ok, int needed) {
        if (ok > 0) {
            return "succeeded " + ok + " of " + needed + " times";
        }
        if (Arrays.stream(facts.tools).anyMatch(u -> u.is(tool) && u.call.status() == ToolCallStatus.TIMEOUT)) {
            return "timed out";
        }
        if (Arrays.stream(facts.tools).anyMatch(u -> u.is(tool) && u.call.status() == ToolCallStatus.ERROR)) {
            return "failed";
        }
        return "not called";
    }
}
