package io.callstorm.cli;

import io.callstorm.core.validation.ConfigurationException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.Properties;
import java.util.function.Function;

/**
 * The {@code callstorm} command line. Exit codes: 0 done (gate passed or no gate), 1 gate failed, 2 bad usage
 * or configuration (every problem listed, no stack trace), 3 the run itself failed.
 */
@Command(name = "callstorm", mixinStandardHelpOptions = true, versionProvider = CallstormCli.Version.class,
        description = "Load-test voice AI agents with simulated callers.",
        subcommands = {DemoCommand.class, RunCommand.class, EvalCommand.class, ReportCommand.class,
                CompareCommand.class, AbCommand.class, HistoryCommand.class, MergeCommand.class, CapacityCommand.class, TemplatesCommand.class,
                ServeAgentCommand.class,
                io.callstorm.cli.scenarios.ScenariosCommand.class, CompletionCommand.class,
                CommandLine.HelpCommand.class})
public final class CallstormCli implements Runnable {
    public static final int EXIT_OK = 0;
    public static final int EXIT_GATE_FAILED = 1;
    public static final int EXIT_USAGE = 2;
    public static final int EXIT_RUN_FAILED = 3;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Read before parsing (see {@link ConsoleStyle}); declared so that every command accepts it and shows it. */
    @CommandLine.Option(names = ConsoleStyle.NO_COLOR_FLAG, scope = CommandLine.ScopeType.INHERIT,
            description = "No colour in the output (as NO_COLOR set to anything; without a terminal there is none).")
    boolean noColor;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the CLI and returns its exit code (for tests and embedding). */
    public static int execute(String... args) {
        return execute(System::getenv, args);
    }

    /**
     * Runs the CLI reading environment variables (the judge's API key) from {@code environment}; for tests. While
     * it runs, the console ({@code System.out}, {@code System.err}) masks every registered secret.
     */
    static int execute(Function<String, String> environment, String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        System.setOut(RedactedStream.over(out));
        System.setErr(RedactedStream.over(err));
        try {
            return executeOnConsole(environment, args);
        } finally {
            System.out.flush();
            System.err.flush();
            System.setOut(out);
            System.setErr(err);
        }
    }

    private static int executeOnConsole(Function<String, String> environment, String... args) {
        return executeOn(ConsoleStyle.detect(environment, java.util.Arrays.asList(args)
                .contains(ConsoleStyle.NO_COLOR_FLAG)), environment, args);
    }

    /** Runs the CLI on a console of {@code style}; for tests of what a terminal gets. */
    static int executeOn(ConsoleStyle style, Function<String, String> environment, String... args) {
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                K command = CommandLine.defaultFactory().create(type);
                if (command instanceof DemoCommand demo) {
                    demo.environment = environment;
                    demo.style = style;
                } else if (command instanceof EvalCommand eval) {
                    eval.environment = environment;
                    eval.style = style;
                } else if (command instanceof RunCommand run) {
                    run.environment = environment;
                    run.style = style;
                } else if (command instanceof AbCommand ab) {
                    ab.environment = environment;
                    ab.style = style;
                } else if (command instanceof HistoryCommand history) {
                    history.environment = environment;
                } else if (command instanceof HistoryCommand.Show show) {
                    show.environment = environment;
                } else if (command instanceof CompareCommand compare) {
                    compare.environment = environment;
                } else if (command instanceof ReportCommand report) {
                    report.style = style;
                } else if (command instanceof MergeCommand merge) {
                    merge.style = style;
                } else if (command instanceof io.callstorm.cli.scenarios.GenerateCommand generate) {
                    generate.environment = environment;
                }
                return command;
            }
        };
        CommandLine cl = new CommandLine(new CallstormCli(), factory);
        EnvironmentDefaults defaults = new EnvironmentDefaults(environment);
        cl.setDefaultValueProvider(defaults);
        cl.setColorScheme(CommandLine.Help.defaultColorScheme(style.ansi()));
        footer(cl);
        cl.setParameterExceptionHandler((ex, rest) -> badUsage(ex, defaults));
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            if (ex instanceof ConfigurationException || ex instanceof IllegalArgumentException) {
                cmd.getErr().println(cmd.getColorScheme().errorText(ex.getMessage()));
                return EXIT_USAGE;
            }
            cmd.getErr().println("callstorm: the run failed: " + ex);
            ex.printStackTrace(cmd.getErr());
            return EXIT_RUN_FAILED;
        });
        return cl.execute(args);
    }

    /**
     * A flag or value picocli cannot read: one line naming it, and a hint, not the usage of every option (which
     * buried the line that mattered); a mistyped option also gets picocli's nearest ones.
     */
    private static int badUsage(CommandLine.ParameterException ex, EnvironmentDefaults defaults) {
        CommandLine cmd = ex.getCommandLine();
        java.io.PrintWriter err = cmd.getErr();
        // a bad value from a CALLSTORM_* variable: the option was never typed, so say where the value came from
        String from = defaults.sourceOf(ex.getArgSpec()).map(v -> " (from the environment variable " + v + ")")
                .orElse("");
        err.println(cmd.getColorScheme().errorText(cmd.getCommandSpec().qualifiedName() + ": " + ex.getMessage()
                + from));
        if (!CommandLine.UnmatchedArgumentException.printSuggestions(ex, err)) {
            err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for its options.");
        }
        return EXIT_USAGE;
    }

    /** Says under every command's help that options can come from the environment. */
    private static void footer(CommandLine cl) {
        cl.getCommandSpec().usageMessage().footer(EnvironmentDefaults.FOOTER);
        cl.getSubcommands().values().forEach(CallstormCli::footer);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: try 'callstorm demo'");
    }

    /**
     * {@code callstorm --version}: the project version and the git commit the jar was built from, both written into
     * {@code version.properties} by the build (the commit as {@code git describe --dirty} gives it); "unknown" where
     * the build had no git checkout, or where the file is missing (classes compiled without Maven).
     */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties build = new Properties();
            try (InputStream in = CallstormCli.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    build.load(in);
                }
            }
            String commit = filled(build, "commit");
            if (commit.endsWith("-dirty")) {
                commit = commit.substring(0, commit.length() - "-dirty".length()) + ", with uncommitted changes";
            }
            return new String[] {
                "callstorm " + filled(build, "version") + " (commit " + commit + ")",
                "Java " + Runtime.version() + ", " + System.getProperty("java.vendor")};
        }

        private static String filled(Properties build, String key) {
            String value = build.getProperty(key, "").strip();
            return value.isEmpty() ? "unknown" : value;
        }
    }
}
