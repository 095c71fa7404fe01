package io.callstorm.simulate.analysis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectReader;
import io.callstorm.core.io.BoundedLines;
import io.callstorm.simulate.analysis.internal.CallsFileReader;
import io.callstorm.simulate.measure.CallLine;
import io.callstorm.simulate.report.ReportJson;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * The read of {@code calls.jsonl} that the streamed one replaced, kept as the reference it is compared with: each line
 * bound to a {@link CallLine} by Jackson's data binding, one line at a time, on the calling thread.
 */
final class DataBoundReading {
    private DataBoundReading() {
    }

    static CallsFileReader.Reading read(Path file, Consumer<CallLine> sink) throws IOException {
        return read(file, sink, ReportRebuilder.MAX_LINE_CHARS);
    }

    /** The read the streamed one replaced: each line bound to a {@link CallLine} by Jackson, one at a time. */
    static CallsFileReader.Reading read(Path file, Consumer<CallLine> sink, int maxChars)
            throws IOException {
        ObjectReader reader = ReportJson.mapper().readerFor(CallLine.class);
        long calls = 0;
        long malformed = 0;
        long tooLong = 0;
        List<Long> at = new ArrayList<>();
        Optional<String> cut = Optional.empty();
        try (BufferedReader in = file.toString().endsWith(".gz")
                ? new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(file), 1 << 16),
                StandardCharsets.UTF_8))
                : Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            BoundedLines lines = new BoundedLines(in, maxChars);
            while (true) {
                BoundedLines.Line text;
                try {
                    text = lines.next();
                } catch (java.io.EOFException | ZipException e) {
                    cut = Optional.of(e.getMessage());
                    break;
                }
                if (text == null) {
                    break;
                }
                if (text.tooLong()) {
                    tooLong++;
                    continue;
                }
                if (text.text().isBlank()) {
                    continue;
                }
                try {
                    sink.accept(reader.readValue(text.text()));
                    calls++;
                } catch (JsonProcessingException e) {
                    malformed++;
                    if (at.size() < CallsFileReader.MALFORMED_LINES_KEPT) {
                        at.add(text.number());
                    }
                }
            }
        }
        return new CallsFileReader.Reading(calls, malformed, at, tooLong, cut);
    }
}
