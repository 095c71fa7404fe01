package io.callstorm.cli;

import picocli.CommandLine.Help.Ansi;

import java.util.function.Function;

/**
 * What the console can show: a live progress bar only on a terminal (piped, it gets plain lines), and colour only on
 * a terminal whose user has not turned it off ({@code NO_COLOR} set to anything, see https://no-color.org, or
 * {@code --no-color}). Picocli's help and error messages follow the same choice, through {@link #ansi()}.
 *
 * @param terminal whether the output goes to an interactive terminal that can redraw a line
 * @param color    whether to colour verdicts (FAIL in red, PASSED in green, warnings in yellow)
 */
record ConsoleStyle(boolean terminal, boolean color) {
    /** No terminal, no colour: what tests and pipes get. */
    static final ConsoleStyle PLAIN = new ConsoleStyle(false, false);
    static final String NO_COLOR_FLAG = "--no-color";

    /**
     * The style of this process's console: a terminal when Java has a console (both streams attached to one) and
     * {@code TERM} is not {@code dumb}; colour there unless {@code NO_COLOR} is set or {@code --no-color} given.
     */
    static ConsoleStyle detect(Function<String, String> environment, boolean noColorFlag) {
        return of(hasTerminal(), environment, noColorFlag);
    }

    /**
     * Whether Java has a console on a terminal. Up to Java 21 a console exists only then; from Java 22 one exists
     * even when the output is piped, and {@code Console.isTerminal()} (not in Java 17's API, so called by name) says.
     */
    private static boolean hasTerminal() {
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException | RuntimeException olderJava) {
            return true;
        }
    }

    /** As {@link #detect}, with whether there is a console given: for tests. */
    static ConsoleStyle of(boolean console, Function<String, String> environment, boolean noColorFlag) {
        boolean terminal = console && !"dumb".equals(environment.apply("TERM"));
        String noColor = environment.apply("NO_COLOR");
        return new ConsoleStyle(terminal, terminal && !noColorFlag && (noColor == null || noColor.isEmpty()));
    }

    /** Picocli's setting for the same choice. */
    Ansi ansi() {
        return color ? Ansi.ON : Ansi.OFF;
    }

    /** {@code text} in red: a failure. */
    String failure(String text) {
        return styled("red", text);
    }

    /** {@code text} in green: a pass. */
    String success(String text) {
        return styled("green", text);
    }

    /** {@code text} in yellow: a warning. */
    String warning(String text) {
        return styled("yellow", text);
    }

    private String styled(String style, String text) {
        // picocli's markup, so that the escape codes are the ones its help uses; the text is fixed words, never input
        return color ? Ansi.ON.string("@|bold," + style + " " + text + "|@") : text;
    }
}
