package io.callstorm.eval.local;

import io.callstorm.core.CallStatus;
import io.callstorm.core.Conversation;
import io.callstorm.core.transcript.Speaker;
import io.callstorm.core.transcript.ToolCall;
import io.callstorm.core.transcript.TranscriptTurn;

import java.util.ArrayList;
import java.util.List;

/**
 * What happened in one conversation, read once and shared by the five rubrics: each turn's {@link TurnText},
 * each tool call with the account it was asked about and the values it returned, and the accounts and facts the
 * caller stated. The evaluators of a pool score a conversation one after another on the same thread, so the last
 * conversation's facts are kept per thread and reused (by identity) rather than read five times.
 */
final class CallFacts {
    /** A number of at least this value, said by the caller, is an account or reference they gave. */
    static final long MIN_IDENTIFIER = 1000;
    static final long NO_ACCOUNT = Long.MIN_VALUE;
    /** What {@link #ungroundedFact} returns when every figure of a turn is grounded. */
    static final long NO_FACT = Long.MIN_VALUE;
    /** Content words a reply must share with a tool result, without a number, to have conveyed it. */
    static final int MIN_SHARED_WORDS = 2;
    /** A caller question this long is a request; "Hello? Still there?" is not. */
    static final int MIN_REQUEST_WORDS = 5;

    private static final String[] MONEY_KEYS = {"usd", "eur", "gbp", "amount", "price", "cost", "charge", "refund",
        "balance", "total", "fee", "credit"};
    private static final String OPEN_TICKETS = "get_open_tickets";
    private static final ThreadLocal<CallFacts> LAST = new ThreadLocal<>();
    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

    /** One tool call, where it happened and what it carried. */
    static final class ToolUse {
        final ToolCall call;
        final int turn;
        /** The canonical key of the account argument, {@link #NO_ACCOUNT} when none was passed. */
        final long account;
        /** The other arguments' values (a ticket's summary, a transfer's reason). */
        final TurnText details;
        /** The result's values, without keys. */
        final TurnText result;
        /** Whether the result holds an amount of money (a key such as {@code refund_usd} or {@code amount}). */
        final boolean resultHasMoney;

        ToolUse(ToolCall call, int turn, long account, TurnText details, TurnText result, boolean resultHasMoney) {
            this.call = call;
            this.turn = turn;
            this.account = account;
            this.details = details;
            this.result = result;
            this.resultHasMoney = resultHasMoney;
        }

        boolean is(String tool) {
            return call.name().equals(tool);
        }

        boolean succeeded() {
            return call.succeeded();
        }

        boolean argumentsReported() {
            return !call.arguments().equals(ToolCall.NO_ARGUMENTS);
        }
    }

    final Conversation conversation;
    final List<TranscriptTurn> turns;
    /** Each turn read; a caller's without its sentences, which only an agent's are compared by. */
    final TurnText[] text;
    final int[] agentTurns;
    final ToolUse[] tools;
    /** Identifiers (numbers of {@value #MIN_IDENTIFIER}+) the caller said, in any turn, in the order said. */
    final long[] callerIdentifiers;
    /** How many of {@link #callerIdentifiers} the caller had said before each turn. */
    private final int[] identifiersBefore;
    /** Every number the caller, a tool argument or a tool result stated: what the agent may repeat as a fact. */
    final long[] groundedNumbers;
    /**
     * Whether every successful tool call reported its result, so that a figure no tool returned is one the agent
     * made up (transcripts from agents that report no results cannot tell).
     */
    final boolean resultsReported;
    // what unconveyed() found and verbatimCount() counts, worked out on first use, as more than one rubric asks (a
    // CallFacts is only used by the thread that read it)
    private ToolUse unconveyed;
    private boolean unconveyedKnown;
    private int[] verbatim;

    private CallFacts(Conversation conversation) {
        this.conversation = conversation;
        this.turns = conversation.transcript().turns();
        int n = turns.size();
        this.text = new TurnText[n];
        int agents = 0;
        Buffers buffers = BUFFERS.get().clear();
        // a list of this conversation's own, not one kept per thread: storing a new object into an old one's array
        // costs the garbage collector's write barrier its slow path
        List<ToolUse> uses = new ArrayList<>();
        LongList identifiers = buffers.identifiers;
        LongList grounded = buffers.grounded;
        boolean reported = true;
        this.identifiersBefore = new int[n];
        for (int i = 0; i < n; i++) {
            identifiersBefore[i] = identifiers.size();
            TranscriptTurn turn = turns.get(i);
            boolean agent = turn.speaker() == Speaker.AGENT;
            TurnText t = agent ? TurnText.of(turn.text()) : TurnText.withoutSentences(turn.text());
            text[i] = t;
            if (agent) {
                agents++;
                List<ToolCall> calls = turn.toolCalls();
                for (int c = 0; c < calls.size(); c++) {
                    ToolCall call = calls.get(c);
                    ToolUse use = buffers.tools.read(call, i);
                    uses.add(use);
                    reported &= !use.succeeded() || !call.result().isBlank();
                    if (use.account != NO_ACCOUNT) {
                        grounded.add(use.account);
                    }
                    grounded.addAll(use.details.numbers);
                    grounded.addAll(use.result.numbers);
                }
            } else {
                for (long number : t.numbers) {
                    grounded.add(number);
                    if (number >= MIN_IDENTIFIER) {
                        identifiers.add(number);
                    }
                }
            }
        }
        this.agentTurns = new int[agents];
        for (int i = 0, a = 0; i < n; i++) {
            if (turns.get(i).speaker() == Speaker.AGENT) {
                agentTurns[a++] = i;
            }
        }
        this.tools = uses.toArray(new ToolUse[0]);
        this.resultsReported = reported;
        this.callerIdentifiers = identifiers.toArray();
        this.groundedNumbers = grounded.toArray();
    }

    static CallFacts of(Conversation conversation) {
        CallFacts last = LAST.get();
        if (last != null && last.conversation == conversation) {
            return last;
        }
        CallFacts facts = new CallFacts(conversation);
        LAST.set(facts);
        return facts;
    }

    /** What reading a conversation reuses from one to the next: one set per thread. */
    private static final class Buffers {
        final ToolReader tools = new ToolReader();
        final LongList identifiers = new LongList(8);
        final LongList grounded = new LongList(32);

        Buffers clear() {
            identifiers.clear();
            grounded.clear();
            return this;
        }
    }

    /** Reads tool calls, one after another, into the same buffers. */
    private static final class ToolReader {
        private final JsonValues json = new JsonValues();
        private final StringBuilder details = new StringBuilder();
        private final StringBuilder result = new StringBuilder();

        ToolUse read(ToolCall call, int turn) {
            long account = NO_ACCOUNT;
            details.setLength(0);
            for (JsonValues arguments = json.read(call.arguments()); arguments.next(); ) {
                if (arguments.keyContains("account")) {
                    TurnText value = TurnText.withoutSentences(arguments.value());
                    if (value.numbers.length > 0) {
                        account = value.numbers[0];
                    }
                } else {
                    details.append(arguments.value()).append(". ");
                }
            }
            // the result's values joined as sentences
            result.setLength(0);
            boolean money = false;
            for (JsonValues values = json.read(call.result()); values.next(); ) {
                money = money || isMoneyKey(values) || values.valueContains("$");
                result.append(values.value()).append(". ");
            }
            return new ToolUse(call, turn, account,
                    details.length() == 0 ? TurnText.EMPTY : TurnText.withoutSentences(details),
                    result.length() == 0 ? TurnText.EMPTY : TurnText.withoutSentences(result), money);
        }

        private static boolean isMoneyKey(JsonValues values) {
            for (String money : MONEY_KEYS) {
                if (values.keyContains(money)) {
                    return true;
                }
            }
            return false;
        }
    }

    boolean hasAgentTurns() {
        return agentTurns.length > 0;
    }

    /** The index of the agent's last turn, -1 when it never spoke. */
    int lastAgentTurn() {
        return agentTurns.length == 0 ? -1 : agentTurns[agentTurns.length - 1];
    }

    /** The index of the caller's last turn, -1 when the caller never spoke. */
    int lastCallerTurn() {
        for (int i = turns.size() - 1; i >= 0; i--) {
            if (turns.get(i).speaker() == Speaker.CALLER) {
                return i;
            }
        }
        return -1;
    }

    /** The caller turn just before {@code turn}, -1 when there is none. */
    int callerTurnBefore(int turn) {
        for (int i = turn - 1; i >= 0; i--) {
            if (turns.get(i).speaker() == Speaker.CALLER) {
                return i;
            }
        }
        return -1;
    }

    boolean isAgent(int turn) {
        return turns.get(turn).speaker() == Speaker.AGENT;
    }

    /** The first successful call of {@code tool}, or null. */
    ToolUse firstSuccess(String tool) {
        for (ToolUse use : tools) {
            if (use.is(tool) && use.succeeded()) {
                return use;
            }
        }
        return null;
    }

    boolean succeeded(String tool) {
        return firstSuccess(tool) != null;
    }

    /** How many identifiers the caller said before {@code turn}: the first that many of {@link #callerIdentifiers}. */
    int callerIdentifiersBefore(int turn) {
        return identifiersBefore[turn];
    }

    /**
     * The first agent turn that, after a tool returned amounts of money, states an amount neither the caller nor
     * a tool gave: a result told wrong. -1 when none does or when the tools did not report their results.
     */
    int firstMisstatedAmount() {
        if (!resultsReported) {
            return -1;
        }
        int firstMoney = Integer.MAX_VALUE;
        for (ToolUse use : tools) {
            if (use.succeeded() && use.resultHasMoney) {
                firstMoney = Math.min(firstMoney, use.turn);
            }
        }
        for (int a : agentTurns) {
            if (a >= firstMoney) {
                for (long amount : text[a].amounts) {
                    if (!grounded(amount)) {
                        return a;
                    }
                }
            }
        }
        return -1;
    }

    /**
     * Whether the caller or a tool stated {@code figure}, or it follows from two figures they stated by a sum, a
     * difference or a product ("$18 a seat, so $36 more for two"): arithmetic on what was said is not invention.
     */
    boolean grounded(long figure) {
        long[] g = groundedNumbers;
        if (TurnText.contains(g, figure)) {
            return true;
        }
        for (int i = 0; i < g.length; i++) {
            for (int j = i; j < g.length; j++) {
                long a = g[i];
                long b = g[j];
                if (a + b == figure || Math.abs(a - b) == figure || (a != 0 && b != 0 && a * b == figure)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The first figure agent turn {@code turn} states that nobody grounded, or {@link #NO_FACT}. */
    long ungroundedFact(int turn) {
        for (long fact : text[turn].facts) {
            if (!grounded(fact)) {
                return fact;
            }
        }
        return NO_FACT;
    }

    /** Whether the caller had said an identifier before {@code turn}. */
    boolean callerGaveIdentifierBefore(int turn) {
        return identifiersBefore[turn] > 0;
    }

    /**
     * Whether an agent turn from {@code fromTurn} on states one of {@code values}' numbers (other than the
     * identifiers the caller gave) or {@value #MIN_SHARED_WORDS} of its content words: the caller was told what a
     * tool returned.
     */
    boolean conveyed(TurnText values, int fromTurn) {
        for (int a : agentTurns) {
            if (a < fromTurn) {
                continue;
            }
            TurnText reply = text[a];
            for (long number : values.numbers) {
                if (!TurnText.contains(callerIdentifiers, number) && reply.mentionsNumber(number)) {
                    return true;
                }
            }
            int shared = 0;
            for (long word : values.contentWords) {
                if (reply.mentionsWord(word) && ++shared >= MIN_SHARED_WORDS) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The first successful call of an expected tool whose result never reached the caller, or null: no turn from
     * then on states one of its values or, for a ticket or transfer, says it was made. The account lookup is
     * exempt (it identifies the caller; what it returned is rarely the answer), as is a result with nothing in it.
     */
    ToolUse unconveyed() {
        if (!unconveyedKnown) {
            unconveyed = firstUnconveyed();
            unconveyedKnown = true;
        }
        return unconveyed;
    }

    private ToolUse firstUnconveyed() {
        for (String tool : conversation.expectedToolCalls()) {
            if (tool.equals(ConversationOutcomes.ACCOUNT_LOOKUP)) {
                continue;
            }
            ToolUse first = null;
            boolean told = false;
            for (ToolUse use : tools) {
                if (use.is(tool) && use.succeeded()) {
                    first = first == null ? use : first;
                    told = told || told(use);
                }
            }
            if (first != null && !told) {
                return first;
            }
        }
        return null;
    }

    /**
     * The first of the caller's closing turns the agent never answered when the call was cut off on it: the agent
     * failed; or it timed out after the caller said something of {@value #MIN_REQUEST_WORDS}+ words (a request
     * stated without a question mark is still a request: "And tell me where I do this"); or the caller hung up
     * after a question of that length ("Hello? Still there?" is none). -1 otherwise, and when the caller left
     * content.
     */
    int unansweredAtEnd() {
        int callerLast = lastCallerTurn();
        CallStatus status = conversation.status();
        if (status == CallStatus.COMPLETED || callerLast < 0 || callerLast < lastAgentTurn()
                || text[callerLast].has(Cue.SATISFIED)) {
            return -1;
        }
        for (int i = lastAgentTurn() + 1; i <= callerLast; i++) {
            TurnText asked = text[i];
            boolean request = status == CallStatus.FAILED
                    || (asked.words >= MIN_REQUEST_WORDS && (status == CallStatus.TIMED_OUT
                            || turns.get(i).text().indexOf('?') >= 0));
            if (request && !asked.has(Cue.SATISFIED)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * What agent turn {@code turn} says against a tool's result, or null: "no known issues" while a ticket lookup
     * returned open tickets.
     */
    String contradiction(int turn) {
        TurnText reply = text[turn];
        if (reply.has(Cue.NOTHING_OPEN)) {
            for (ToolUse use : tools) {
                if (use.turn <= turn && use.succeeded() && use.is(OPEN_TICKETS)
                        && (use.result.numbers.length > 0 || use.result.contentWords.length > 0)) {
                    return "says nothing is open while " + OPEN_TICKETS + " returned open tickets";
                }
            }
        }
        return null;
    }

    /** The first successful ticket or transfer the path does not expect, or null. */
    ToolUse unneededAction() {
        for (ToolUse use : tools) {
            String tool = use.call.name();
            if (ConversationOutcomes.isAction(tool) && use.succeeded()
                    && !conversation.expectedToolCalls().contains(tool)) {
                return use;
            }
        }
        return null;
    }

    private boolean told(ToolUse use) {
        if (use.result.contentWords.length == 0 && use.result.numbers.length == 0) {
            return true;
        }
        return conveyed(use.result, use.turn)
                || (use.is(ConversationOutcomes.TICKET_TOOL) && agentSaysFrom(Cue.TICKET_CLAIM, use.turn))
                || (use.is(ConversationOutcomes.ESCALATE_TOOL) && agentSaysFrom(Cue.TRANSFER_CLAIM, use.turn));
    }

    /** Whether any agent turn from {@code fromTurn} on holds {@code cue}. */
    boolean agentSaysFrom(Cue cue, int fromTurn) {
        for (int a : agentTurns) {
            if (a >= fromTurn && text[a].has(cue)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether agent turn {@code turn} holds the caller off (a stall, an "I can't", a request to repeat, hedging)
     * without telling them anything: no fact, nothing any tool returned, and no other way forward ("in the
     * meantime, ..."). "Let me check... you're on the Business plan"
     * is an answer, "let me check that and get back to you" is not.
     */
    boolean holding(int turn) {
        TurnText reply = text[turn];
        if (!reply.hasAny(Cue.HOLDING) || reply.has(Cue.ALTERNATIVE)) {
            return false;
        }
        for (long fact : reply.facts) {
            if (!TurnText.contains(callerIdentifiers, fact)) {
                return false;
            }
        }
        for (ToolUse use : tools) {
            if (use.turn <= turn && use.succeeded() && sharesContent(use.result, reply)) {
                return false;
            }
        }
        return true;
    }

    /** How many agent turns say exactly what agent turn {@code turn} says (trimmed, ignoring case), itself included. */
    int verbatimCount(int turn) {
        if (verbatim == null) {
            verbatim = verbatimCounts();
        }
        return verbatim[turn];
    }

    private int[] verbatimCounts() {
        String[] said = new String[agentTurns.length];
        for (int k = 0; k < said.length; k++) {
            said[k] = turns.get(agentTurns[k]).text().strip();
        }
        int[] counts = new int[turns.size()];
        for (int k = 0; k < said.length; k++) {
            for (String other : said) {
                if (other.equalsIgnoreCase(said[k])) {
                    counts[agentTurns[k]]++;
                }
            }
        }
        return counts;
    }

    private boolean sharesContent(TurnText values, TurnText reply) {
        for (long word : values.contentWords) {
            if (reply.mentionsWord(word)) {
                return true;
            }
        }
        for (long number : values.numbers) {
            if (!TurnText.contains(callerIdentifiers, number) && reply.mentionsNumber(number)) {
                return true;
            }
        }
        return false;
    }
}
