package io.callstorm.simulate.writer;

import io.callstorm.core.secret.Secrets;
import io.callstorm.simulate.report.AbReport;
import io.callstorm.simulate.report.ReportJson;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes {@code ab.html}: one self-contained page in the look of {@code report.html} (its JSON and Chart.js inlined,
 * nothing fetched when it is opened), with the winner of each metric and the two runs' intervals side by side.
 */
public final class AbHtmlReport {
    private static final String TEMPLATE = "ab.html";

    private AbHtmlReport() {
    }

    /** The page for {@code ab}, every registered secret masked in its data ({@link Secrets}). */
    public static String render(AbReport ab) {
        String json;
        try {
            json = Secrets.redact(ReportJson.mapper().writeValueAsString(ab));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // inside <script>, "</" would end the element early: JSON may write it as "<\/" instead
        String safeJson = json.replace("</", "<\\/");
        String chartJs = HtmlReport.chartJs().replace("</script", "<\\/script");
        return template().replace("/*__CHART_JS__*/", chartJs).replace("__AB_JSON__", safeJson);
    }

    public static void write(AbReport ab, Path file) throws IOException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        Files.writeString(file, render(ab), StandardCharsets.UTF_8);
    }

    private static String template() {
        try (InputStream in = AbHtmlReport.class.getResourceAsStream(TEMPLATE)) {
            if (in == null) {
                throw new IllegalStateException("the A/B template " + TEMPLATE + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
