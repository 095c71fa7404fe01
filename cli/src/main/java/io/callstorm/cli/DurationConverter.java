package io.callstorm.cli;

import io.callstorm.cli.config.Durations;
import picocli.CommandLine;

import java.time.Duration;

/** Reads durations as people write them: {@code 90s}, {@code 2m}, {@code 1m30s}, {@code 500ms}, or ISO {@code PT1M}. */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        return Durations.parse(value).orElseThrow(() -> new CommandLine.TypeConversionException(
                "'" + value + "' is not a duration; use e.g. 90s, 2m, 1m30s, 500ms or PT1M"));
    }
}
