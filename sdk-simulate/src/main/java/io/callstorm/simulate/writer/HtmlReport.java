package io.callstorm.simulate.writer;

import io.callstorm.core.secret.Secrets;
import io.callstorm.simulate.report.ReportJson;

import io.callstorm.simulate.report.SimulationReport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes {@code report.html}: one self-contained page (the report's JSON and the Chart.js library inlined, nothing
 * fetched when it is opened) with the latency, pass-rate, error-rate and load-over-time charts, the results per
 * persona and per path, and the cluster tables, whose example calls open their transcripts on the page.
 */
public final class HtmlReport {
    private static final String TEMPLATE = "report.html";
    private static final String CHART_JS = "chart.umd.js";

    private HtmlReport() {
    }

    /** The page for {@code report}, every registered secret masked in its data ({@link Secrets}). */
    public static String render(SimulationReport report) {
        String json;
        try {
            // the data only: the page's own code is ours, and a short secret masked as a word could break it
            json = Secrets.redact(ReportJson.mapper().writeValueAsString(report));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // inside <script>, "</" would end the element early: JSON may write it as "<\/" instead
        String safeJson = json.replace("</", "<\\/");
        String chartJs = chartJs().replace("</script", "<\\/script");
        return template().replace("/*__CHART_JS__*/", chartJs).replace("__REPORT_JSON__", safeJson);
    }

    public static void write(SimulationReport report, Path file) throws IOException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        Files.writeString(file, render(report), StandardCharsets.UTF_8);
    }

    private static String template() {
        try (InputStream in = HtmlReport.class.getResourceAsStream(TEMPLATE)) {
            if (in == null) {
                throw new IllegalStateException("the report template " + TEMPLATE + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Chart.js's UMD build, copied from its webjar into this jar by the build (see the pom): library users get the
     * charts without a webjar on their classpath.
     */
    static String chartJs() {
        try (InputStream js = HtmlReport.class.getResourceAsStream(CHART_JS)) {
            if (js == null) {
                throw new IllegalStateException(CHART_JS + " is missing from the callstorm-sdk-simulate jar");
            }
            return new String(js.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
