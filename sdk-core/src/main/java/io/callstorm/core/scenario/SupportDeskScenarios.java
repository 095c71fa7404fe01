package io.callstorm.core.scenario;

import io.callstorm.core.Outcome;

import java.util.List;

/**
 * The customer-support scenario graph of the worked example: a B2B SaaS support line where callers bring
 * account, billing and technical issues or ask for a human, and each path ends resolved, with a ticket, or
 * escalated. 14 paths; the embedded reference agent understands all of them.
 */
public final class SupportDeskScenarios {
    // the support agent's tool names, shared with the reference agent that implements them
    public static final String GET_ACCOUNT_INFO = "get_account_info";
    public static final String GET_BILLING_STATUS = "get_billing_status";
    public static final String GET_OPEN_TICKETS = "get_open_tickets";
    public static final String CREATE_TICKET = "create_ticket";
    public static final String ESCALATE_TO_HUMAN = "escalate_to_human";

    private SupportDeskScenarios() {
    }

    /** The 14-path support graph. */
    public static ScenarioGraph graph() {
        return ScenarioGraph.builder("support-desk")
                .description("Customer calls support for an account, billing or technical issue. The agent qualifies "
                        + "the issue, looks up account context, attempts resolution, escalates if needed.")
                .paths(paths())
                .build();
    }

    private static ScenarioStep identify() {
        return ScenarioStep.of("identify", List.of(
                "Hi, my account number is {account}.",
                "Hello, I'm calling about account {account}.",
                "Hi there. My account number is {account}, I need some help."), GET_ACCOUNT_INFO);
    }

    private static ScenarioStep goodbye() {
        return ScenarioStep.of("goodbye", List.of(
                "That's all I needed, thank you.",
                "Great, that's everything. Bye.",
                "Okay, thanks for your help. Goodbye."));
    }

    private static ScenarioStep confirm() {
        return ScenarioStep.of("confirm", List.of("Yes, that's right.", "Okay, that makes sense.", "Yes, please."));
    }

    private static ScenarioStep askHuman() {
        return ScenarioStep.of("request_human", List.of(
                "I'd like to speak to a human, please.",
                "Can you transfer me to a real person?",
                "Please put me through to a representative."), ESCALATE_TO_HUMAN);
    }

    private static ScenarioStep askTicket() {
        return ScenarioStep.of("request_ticket", List.of(
                "Please open a ticket for this.",
                "Can you file a ticket so someone follows up?",
                "I want you to log a ticket for this."), CREATE_TICKET);
    }

    private static ScenarioPath.Builder path(String id, String category, Outcome outcome) {
        return ScenarioPath.builder(id).category(category).expectedOutcome(outcome);
    }

    private static List<ScenarioPath> paths() {
        return List.of(
                path("account-plan-question", "account", Outcome.RESOLVED)
                        .step(identify())
                        .step(ScenarioStep.of("account_question", List.of(
                                "Which plan is my account on right now?",
                                "Can you tell me what plan we're on and how many seats we have?")))
                        .step(confirm())
                        .step(goodbye()).build(),
                path("account-email-change", "account", Outcome.RESOLVED)
                        .step(identify())
                        .step(ScenarioStep.of("account_question", List.of(
                                "I need to change the email address on my account.",
                                "How do I update the admin email for our account?")))
                        .step(ScenarioStep.of("followup", "And how long until the change takes effect?"))
                        .step(goodbye()).build(),
                path("account-locked-ticket", "account", Outcome.TICKET_CREATED)
                        .step(identify())
                        .step(ScenarioStep.of("account_question", List.of(
                                "Our admin user is locked out of the account.",
                                "I'm locked out of my account and the reset email never arrives.")))
                        .step(askTicket())
                        .step(goodbye()).build(),
                path("account-closure-escalated", "account", Outcome.ESCALATED)
                        .step(identify())
                        .step(ScenarioStep.of("account_question", "I want to close my account."))
                        .step(askHuman()).build(),
                path("billing-double-charge", "billing", Outcome.RESOLVED)
                        .step(identify())
                        .step(ScenarioStep.of("billing_question", List.of(
                                "I was charged twice on my last invoice.",
                                "Why is there a double charge on my card this month?"), GET_BILLING_STATUS))
                        .step(ScenarioStep.of("followup", "When will the extra payment show up back on my card?"))
                        .step(goodbye()).build(),
                path("billing-refund-ticket", "billing", Outcome.TICKET_CREATED)
                        .step(identify())
                        .step(ScenarioStep.of("billing_question", List.of(
                                "I'd like a refund for the seats we didn't use.",
                                "We were billed for twenty seats but only use twelve, I want a refund."),
                                GET_BILLING_STATUS))
                        .step(askTicket())
                        .step(goodbye()).build(),
                path("billing-dispute-escalated", "billing", Outcome.ESCALATED)
                        .step(identify())
                        .step(ScenarioStep.of("billing_question", "This invoice amount is wrong and I dispute it.",
                                GET_BILLING_STATUS))
                        .step(ScenarioStep.of("unsatisfied", "No, that doesn't fix it."))
                        .step(askHuman()).build(),
                path("billing-invoice-copy", "billing", Outcome.RESOLVED)
                        .step(identify())
                        .step(ScenarioStep.of("billing_question", List.of(
                                "Can you send me a copy of my latest invoice?",
                                "I need last month's invoice for our finance team."), GET_BILLING_STATUS))
                        .step(confirm())
                        .step(goodbye()).build(),
                path("technical-export-error", "technical", Outcome.RESOLVED)
                        .step(identify())
                        .step(ScenarioStep.of("technical_issue", List.of(
                                "The report export keeps failing with an error.",
                                "Every time I export a report I get an error message."), GET_OPEN_TICKETS))
                        .step(ScenarioStep.of("followup", "What should I try first?"))
                        .step(ScenarioStep.of("confirm", "Okay, that worked."))
                        .step(goodbye()).build(),
                path("technical-outage-ticket", "technical", Outcome.TICKET_CREATED)
                        .step(identify())
                        .step(ScenarioStep.of("technical_issue", List.of(
                                "The dashboard is down for our whole team.",
                                "Nothing loads, the app has been broken since this morning."), GET_OPEN_TICKETS))
                        .step(ScenarioStep.of("unsatisfied", "It's still not working after that."))
                        .step(askTicket())
                        .step(goodbye()).build(),
                path("technical-integration-escalated", "technical", Outcome.ESCALATED)
                        .step(identify())
                        .step(ScenarioStep.of("technical_issue", "Our CRM integration stopped syncing yesterday.",
                                GET_OPEN_TICKETS))
                        .step(ScenarioStep.of("unsatisfied", "We already tried that and it didn't help."))
                        .step(askHuman()).build(),
                path("technical-long-troubleshoot", "technical", Outcome.RESOLVED)
                        .step(identify())
                        .step(ScenarioStep.of("technical_issue", "Exports are slow and sometimes fail with an error.",
                                GET_OPEN_TICKETS))
                        .step(ScenarioStep.of("followup", "Which browser do you recommend for this?"))
                        .step(ScenarioStep.of("followup", "What does the error code mean exactly?"))
                        .step(ScenarioStep.of("followup", "How long should a large export normally take?"))
                        .step(ScenarioStep.of("confirm", "Okay, I cleared the cache."))
                        .step(ScenarioStep.of("followup", "Why would the cache cause that?"))
                        .step(ScenarioStep.of("followup", "Is there a size limit on exports?"))
                        .step(ScenarioStep.of("confirm", "Okay, that makes sense."))
                        .step(ScenarioStep.of("followup", "What should I do if it happens again?"))
                        .step(ScenarioStep.of("confirm", "Okay, it worked this time."))
                        .step(goodbye()).build(),
                path("escalation-direct", "escalation", Outcome.ESCALATED)
                        .step(identify())
                        .step(askHuman()).build(),
                path("escalation-after-ticket-check", "escalation", Outcome.ESCALATED)
                        .step(identify())
                        .step(ScenarioStep.of("ticket_status", List.of(
                                "What's the status of my existing ticket?",
                                "Are there any open tickets on my account?"), GET_OPEN_TICKETS))
                        .step(ScenarioStep.of("unsatisfied", "That's been open for two weeks, that's not acceptable."))
                        .step(askHuman()).build());
    }
}
