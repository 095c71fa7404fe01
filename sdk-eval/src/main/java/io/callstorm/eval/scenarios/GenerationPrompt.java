package io.callstorm.eval.scenarios;

import io.callstorm.core.agent.AgentDefinition;
import io.callstorm.core.agent.ToolDefinition;
import io.callstorm.core.persona.Persona;
import io.callstorm.core.validation.Problem;
import io.callstorm.eval.local.ConversationOutcomes;

import java.util.List;
import java.util.Locale;

/**
 * What the generator tells the model: a system message fixing the answer's JSON shape and the rules
 * {@link GraphAnswer} checks, a request naming the agent, its tools, the callers and the number of paths, and a
 * repair request that sends the problems of an answer back.
 */
final class GenerationPrompt {
    /** The system message: the answer's shape and the rules it is checked against. */
    static final String SYSTEM = "You design test scenarios for load tests of a voice AI agent. A scenario path "
            + "is one caller's goal: the steps the caller takes, what the caller says at each step, the tools a "
            + "correct agent calls at that step, and the outcome a correct agent reaches. Answer with one JSON "
            + "object and nothing else, of the form {\"paths\": [{\"id\": \"lower-case-with-dashes\", \"name\": "
            + "\"a short title\", \"category\": \"one word family such as booking\", \"expectedOutcome\": "
            + "\"resolved\" or \"ticket_created\" or \"escalated\", \"steps\": [{\"intent\": \"a_short_label\", "
            + "\"say\": [\"two or three phrasings of what the caller says\"], \"tools\": [\"tool names the "
            + "agent calls at this step, possibly none\"]}]}]}. Rules: use only the agent's tools, by their exact "
            + "names; ids are unique, 1-64 lower-case letters, digits or dashes; every path has at least one step "
            + "and every step at least one phrasing; ticket_created needs a step expecting "
            + ConversationOutcomes.TICKET_TOOL + ", escalated a step expecting " + ConversationOutcomes.ESCALATE_TOOL
            + ", and a resolved path expects neither; a phrasing may say {account} where the caller gives their "
            + "account or customer number. Cover the description's branches (the common ones, the failures and "
            + "the hand-overs) rather than repeating one path.";

    private GenerationPrompt() {
    }

    /** The first request: the description, the agent and its tools, the callers, and how many paths. */
    static String request(String description, AgentDefinition agent, List<Persona> personas, int paths) {
        StringBuilder b = new StringBuilder();
        b.append("Write exactly ").append(paths).append(paths == 1 ? " path" : " paths")
                .append(" for this scenario:\n").append(description.strip()).append("\n\n");
        b.append("The agent: ").append(agent.name());
        if (!agent.behaviour().isBlank()) {
            b.append(". ").append(agent.behaviour().strip());
        }
        b.append("\nIts tools (the only tool names you may use):\n");
        if (agent.tools().isEmpty()) {
            b.append("- none: every step's tools list is empty, and every path is resolved\n");
        }
        for (ToolDefinition t : agent.tools()) {
            b.append("- ").append(t.name());
            if (!t.description().isBlank()) {
                b.append(": ").append(t.description().strip());
            }
            b.append('\n');
        }
        if (!agent.constraints().isEmpty()) {
            b.append("Its constraints:\n");
            agent.constraints().forEach(c -> b.append("- ").append(c.strip()).append('\n'));
        }
        if (!personas.isEmpty()) {
            b.append("Who calls (every persona calls on every path, so write phrasings any of them could say):\n");
            for (Persona p : personas) {
                b.append("- ").append(p.id()).append(": ").append(p.communicationStyle().name()
                        .toLowerCase(Locale.ROOT)).append(" style, ").append(p.language());
                if (!p.description().isBlank()) {
                    b.append(", ").append(p.description().strip());
                }
                b.append('\n');
            }
        }
        return b.toString();
    }

    /** The repair request: every problem of the previous answer, and the rule to answer in full again. */
    static String repair(List<Problem> problems) {
        return "Your answer has these problems:\n" + GraphAnswer.lines(problems) + "Answer again with the whole "
                + "corrected JSON object, every path included, and nothing else.";
    }
}
