package io.callstorm.simulate.report;

import io.callstorm.simulate.SimulationReport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Writes {@code report.html}: one self-contained page (the report's JSON and the Chart.js library inlined, nothing
 * fetched when it is opened) with the latency, pass-rate, error-rate and load-over-time charts and the cluster
 * tables.
 */
public final class HtmlReport {
    private static final String TEMPLATE = "report.html";
    private static final String CHART_JS_POM = "META-INF/maven/org.webjars.npm/chart.js/pom.properties";

    private HtmlReport() {
    }

    /** The page for {@code report}. */
    public static String render(SimulationReport report) {
        String json;
        try {
            json = ReportJson.mapper().writeValueAsString(report);
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

    /** Chart.js's UMD build from its webjar, found by the version the webjar declares. */
    private static String chartJs() {
        ClassLoader cl = HtmlReport.class.getClassLoader();
        try (InputStream pom = cl.getResourceAsStream(CHART_JS_POM)) {
            if (pom == null) {
                throw new IllegalStateException("Chart.js (org.webjars.npm:chart.js) is missing from the classpath");
            }
            Properties p = new Properties();
            p.load(pom);
            String path = "META-INF/resources/webjars/chart.js/" + p.getProperty("version") + "/dist/chart.umd.js";
            try (InputStream js = cl.getResourceAsStream(path)) {
                if (js == null) {
                    throw new IllegalStateException(path + " is missing from the Chart.js webjar");
                }
                return new String(js.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
