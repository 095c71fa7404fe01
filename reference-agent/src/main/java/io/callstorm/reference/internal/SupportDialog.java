package io.callstorm.reference.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callstorm.core.scenario.SupportDeskScenarios;
import io.callstorm.core.transcript.Words;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The reference agent's understanding and wording: keyword intent detection over the caller's words (so it
 * works the same over text, HTTP or audio transcripts) and reply templates. Deliberately simple and
 * deterministic: the interesting behaviour of the reference agent is in its capacity models, not here.
 */
final class SupportDialog {
    static final String GET_ACCOUNT_INFO = SupportDeskScenarios.GET_ACCOUNT_INFO;
    static final String GET_BILLING_STATUS = SupportDeskScenarios.GET_BILLING_STATUS;
    static final String GET_OPEN_TICKETS = SupportDeskScenarios.GET_OPEN_TICKETS;
    static final String CREATE_TICKET = SupportDeskScenarios.CREATE_TICKET;
    static final String ESCALATE_TO_HUMAN = SupportDeskScenarios.ESCALATE_TO_HUMAN;

    static final String FILLER = "Sure, I'm looking that up now.";
    static final String TOOL_FALLBACK = "Let me check that and get back to you.";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ACCOUNT = Pattern.compile("\\bAC-\\d{5}\\b");

    enum Intent {
        IDENTIFY(GET_ACCOUNT_INFO), ACCOUNT_QUESTION(null), BILLING(GET_BILLING_STATUS), TECHNICAL(GET_OPEN_TICKETS),
        TICKET_STATUS(GET_OPEN_TICKETS), CREATE_TICKET(SupportDialog.CREATE_TICKET), ESCALATE(ESCALATE_TO_HUMAN),
        FOLLOWUP(null), CONFIRM(null), UNSATISFIED(null), GOODBYE(null), UNKNOWN(null);

        private final String tool;

        Intent(String tool) {
            this.tool = tool;
        }

        Optional<String> tool() {
            return Optional.ofNullable(tool);
        }
    }

    private SupportDialog() {
    }

    static Optional<String> accountNumber(String text) {
        Matcher m = ACCOUNT.matcher(text);
        return m.find() ? Optional.of(m.group()) : Optional.empty();
    }

    /**
     * The caller's intent. {@code handled} tells which lookups already succeeded in this call: a question
     * about an issue already looked up is a follow-up, answered from context without a new tool call.
     */
    static Intent classify(String text, boolean billingHandled, boolean technicalHandled) {
        String t = text.toLowerCase(Locale.ROOT).replace('\u2019', '\'');
        if (any(t, "human", "real person", "a person", "representative", "supervisor", "manager", "transfer me")) {
            return Intent.ESCALATE;
        }
        if (any(t, "open a ticket", "file a ticket", "log a ticket", "create a ticket", "raise a ticket")) {
            return Intent.CREATE_TICKET;
        }
        if (any(t, "existing ticket", "open tickets", "status of my ticket", "my ticket")) {
            return Intent.TICKET_STATUS;
        }
        if (ACCOUNT.matcher(text).find()) {
            return Intent.IDENTIFY;
        }
        if (any(t, "doesn't fix", "didn't help", "not acceptable", "still not working", "doesn't help")) {
            return Intent.UNSATISFIED;
        }
        if (any(t, "charge", "invoice", "bill", "refund", "payment", "card")) {
            return billingHandled ? Intent.FOLLOWUP : Intent.BILLING;
        }
        if (any(t, "error", "crash", "not working", "broken", "export", "sync", "integration", "down for",
                "nothing loads", "outage")) {
            return technicalHandled ? Intent.FOLLOWUP : Intent.TECHNICAL;
        }
        if (any(t, "that's all", "that's everything", "goodbye", "bye")) {
            return Intent.GOODBYE;
        }
        if (any(t, "plan", "email", "locked", "seat", "account")) {
            return Intent.ACCOUNT_QUESTION;
        }
        if (t.contains("?")) {
            return Intent.FOLLOWUP;
        }
        if (any(t, "yes", "okay", "worked", "right", "sure", "makes sense", "cleared")) {
            return Intent.CONFIRM;
        }
        return Intent.UNKNOWN;
    }

    /** The answer to an intent whose tool (if any) succeeded; {@code knowsAccount} is whether context holds it. */
    private static final String[] FOLLOWUP_ANSWERS = {
            "Good question. That usually takes about two business days, and I've added a note to your account so the "
                    + "team knows.",
            "Thanks for asking. We recommend the latest Chrome or Firefox; other browsers can time out on large files.",
            "That code means the request took too long on our side, so splitting the job into smaller parts helps.",
            "A large export normally finishes within five minutes; anything longer points to the known issue.",
            "Old cached files can conflict with the new version of the app, which is why clearing them helps.",
            "There's no hard limit, but exports above one million rows are split into several files for you.",
            "If it happens again, note the time and call us back; I've linked this call to your account."};

    private static final String[] CONFIRM_ANSWERS = {
            "Great, thanks for confirming. Is there anything else I can help you with today?",
            "Perfect, glad that worked. What else can I do for you?",
            "Thanks, that's good to hear. Is there anything more I can check for you?"};

    /** The answer to an intent whose tool (if any) succeeded; {@code knowsAccount} is whether context holds it. */
    static String reply(Intent intent, String account, boolean knowsAccount, int ticketNumber, int turn) {
        if (intent == Intent.FOLLOWUP && knowsAccount) {
            return FOLLOWUP_ANSWERS[Math.floorMod(turn, FOLLOWUP_ANSWERS.length)];
        }
        if (intent == Intent.CONFIRM) {
            return CONFIRM_ANSWERS[Math.floorMod(turn, CONFIRM_ANSWERS.length)];
        }
        return reply(intent, account, knowsAccount, ticketNumber);
    }

    private static String reply(Intent intent, String account, boolean knowsAccount, int ticketNumber) {
        return switch (intent) {
            // the plan is told when the caller asks about the account, not on every greeting (it was said twice)
            case IDENTIFY -> "Thanks, I've pulled up account " + account + ". How can I help you today?";
            case ACCOUNT_QUESTION -> knowsAccount
                    ? "Your account " + account + " is on the Business plan with 25 seats, and I can update its "
                    + "settings for you. I'm happy to help with that."
                    : "I need your account number before I can look into that.";
            case BILLING -> "Thank you for waiting. The duplicate charge of 1,240 dollars was reversed today and "
                    + "should reach your card in three to five business days.";
            case TECHNICAL -> "Thanks for explaining. There's a known issue with large exports; please clear your "
                    + "browser cache and retry, and I'll stay on the line.";
            case TICKET_STATUS -> "I can see one open ticket on your account, waiting on our engineering team. "
                    + "Sorry it's taking this long.";
            case CREATE_TICKET -> "Of course. I've opened ticket TK-" + String.format(Locale.ROOT, "%05d", ticketNumber)
                    + "; our team will email you within one business day. Thank you for your patience.";
            case ESCALATE -> "Certainly. I'm transferring you to a member of our support team now; please stay "
                    + "on the line.";
            case FOLLOWUP -> knowsAccount
                    ? "Good question. That usually takes about two business days, and I've added a note to your "
                    + "account so the team knows."
                    : "Could you remind me of your account number so I can check that?";
            case CONFIRM -> "Great, thanks for confirming. Is there anything else I can help you with today?";
            case UNSATISFIED -> "I'm sorry that didn't help. I can open a ticket or connect you with a person, "
                    + "whichever you prefer.";
            case GOODBYE -> knowsAccount
                    ? "You're welcome! I've noted everything on account " + account + ". Have a great day."
                    : "Before you go, I need your account number to note this call.";
            case UNKNOWN -> "Sorry, I didn't catch that. Could you say it another way?";
        };
    }

    /**
     * The arguments the agent passes {@code tool}, a JSON object: the account the caller gave (null before they gave
     * one), and for a ticket or a transfer, the caller's words as the reason.
     */
    static String toolArguments(String tool, String account, String callerText) {
        ObjectNode args = JSON.createObjectNode();
        if (account.isEmpty()) {
            args.putNull("account_number");
        } else {
            args.put("account_number", account);
        }
        switch (tool) {
            case CREATE_TICKET -> args.put("summary", callerText.strip());
            case ESCALATE_TO_HUMAN -> args.put("reason", callerText.strip());
            default -> { }
        }
        return args.toString();
    }

    /** What {@code tool}'s backend returns, a JSON object: the records the agent's reply reads from. */
    static String toolResult(String tool, String account, int ticketNumber) {
        ObjectNode r = JSON.createObjectNode();
        switch (tool) {
            case GET_ACCOUNT_INFO -> r.put("account_number", account).put("plan", "Business").put("seats", 25);
            case GET_BILLING_STATUS -> r.put("account_number", account).put("duplicate_charge_usd", 1240)
                    .put("refund", "reversed today, 3-5 business days to the card");
            case GET_OPEN_TICKETS -> {
                r.put("account_number", account);
                r.putArray("open_tickets").addObject().put("status", "waiting on engineering")
                        .put("topic", "large exports time out");
            }
            case CREATE_TICKET -> r.put("ticket_id", "TK-" + String.format(Locale.ROOT, "%05d", ticketNumber))
                    .put("status", "open").put("response_within", "1 business day");
            case ESCALATE_TO_HUMAN -> r.put("transferred", true).put("queue", "support");
            default -> r.put("ok", true);
        }
        return r.toString();
    }

    /** Tokens the model sees for a tool's result. */
    static int toolResultTokens(String tool) {
        return switch (tool) {
            case GET_OPEN_TICKETS -> 420;
            case GET_BILLING_STATUS -> 320;
            case GET_ACCOUNT_INFO -> 260;
            default -> 60;
        };
    }

    static int tokens(String text) {
        int words = Words.count(text);
        return (int) Math.ceil(words * 1.33);
    }

    static List<String> tools() {
        return List.of(GET_ACCOUNT_INFO, GET_BILLING_STATUS, GET_OPEN_TICKETS, CREATE_TICKET, ESCALATE_TO_HUMAN);
    }

    private static boolean any(String text, String... keys) {
        for (String k : keys) {
            if (text.contains(k)) {
                return true;
            }
        }
        return false;
    }
}
