package io.callstorm.cli.scenarios;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code callstorm scenarios}: write a scenario graph from a description with a model ({@code generate}), and see
 * how a run's rows will spread over its paths before running it ({@code show}). Exit codes as for every command:
 * 0 done, 2 bad usage or input (every problem listed), 3 the model could not produce a valid graph (its problems
 * listed) or the output could not be written.
 */
@Command(name = "scenarios", mixinStandardHelpOptions = true,
        description = "Generate a scenario graph from a description, or show how rows cover its paths.",
        subcommands = {GenerateCommand.class, ShowCommand.class, CommandLine.HelpCommand.class})
public final class ScenariosCommand implements Runnable {
    // the CLI's exit codes (CallstormCli's), repeated: this package must not import its parent, which imports it
    static final int EXIT_OK = 0;
    static final int EXIT_USAGE = 2;
    static final int EXIT_RUN_FAILED = 3;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "Missing command: try 'callstorm scenarios show FILE' or 'callstorm scenarios generate --help'");
    }
}
