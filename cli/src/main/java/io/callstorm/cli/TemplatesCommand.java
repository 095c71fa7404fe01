package io.callstorm.cli;

import io.callstorm.eval.InputKey;
import io.callstorm.eval.template.RubricTemplate;
import io.callstorm.eval.template.TemplateRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code callstorm templates}: every built-in rubric template with what it judges and the inputs it needs. */
@Command(name = "templates", mixinStandardHelpOptions = true,
        description = "List the built-in rubric templates with their description, required inputs and output.")
final class TemplatesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<RubricTemplate> templates = TemplateRegistry.builtIns();
        out.printf("%d rubric templates (judge prompts under classpath:%s):%n", templates.size(),
                TemplateRegistry.BUILT_IN_PROMPTS);
        for (RubricTemplate t : templates) {
            out.printf("%n%s%n", t.name());
            out.printf("  %s%n", t.description());
            out.printf("  output: %s%n", t.output().description());
            out.println("  inputs:");
            for (InputKey<?> key : t.requiredInputs()) {
                out.printf("    %-22s %-14s %s%n", key.name(), key.typeName(), key.description());
            }
        }
        out.flush();
        return CallstormCli.EXIT_OK;
    }
}
