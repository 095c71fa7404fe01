package io.callstorm.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Options from {@code CALLSTORM_*} environment variables, for CI jobs and containers that configure by environment:
 * {@code CALLSTORM_} and the option's long name in capitals, each {@code -} as {@code _} ({@code CALLSTORM_PEAK=4000}
 * for {@code --peak 4000}, {@code CALLSTORM_TIME_SCALE}, {@code CALLSTORM_NO_PROGRESS=true}). An option on the
 * command line wins over its variable, which wins over the default; an empty variable counts as unset. The help's
 * defaults show the variables' values. Secrets are no options: they stay in the variables their options name.
 */
final class EnvironmentDefaults implements CommandLine.IDefaultValueProvider {
    static final String PREFIX = "CALLSTORM_";
    /** What the help says, under every command. */
    static final String FOOTER = "%nEvery option can also be set by an environment variable: " + PREFIX + " and its "
            + "name in capitals, - as _ (" + PREFIX + "PEAK=4000 for --peak 4000, " + PREFIX + "NO_PROGRESS=true); "
            + "the command line wins over the variable, and the defaults above show it.";
    /**
     * Options no variable sets: --judge-model has its own, CALLSTORM_JUDGE_MODEL, which the judge library reads too
     * (set alone, it must not read as a --judge-model given without --judge-url); --no-color has NO_COLOR.
     */
    private static final Set<String> NOT_FROM_ENVIRONMENT = Set.of("--judge-model", ConsoleStyle.NO_COLOR_FLAG);

    private final Function<String, String> environment;

    EnvironmentDefaults(Function<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        return variable(arg).map(environment).filter(v -> !v.isEmpty()).orElse(null);
    }

    /** The variable that sets {@code arg}; empty for positional parameters, help options and the exceptions. */
    static Optional<String> variable(ArgSpec arg) {
        if (!(arg instanceof OptionSpec option) || option.usageHelp() || option.versionHelp()
                || NOT_FROM_ENVIRONMENT.contains(option.longestName()) || !option.longestName().startsWith("--")) {
            return Optional.empty();
        }
        return Optional.of(PREFIX + option.longestName().substring(2).toUpperCase(Locale.ROOT).replace('-', '_'));
    }

    /** The variable that gave {@code arg} its value: set, and the option not on the command line. */
    Optional<String> sourceOf(ArgSpec arg) {
        return arg == null || !arg.originalStringValues().isEmpty() ? Optional.empty()
                : variable(arg).filter(v -> defaultValue(arg) != null);
    }
}
