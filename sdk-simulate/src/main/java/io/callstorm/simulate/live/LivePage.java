package io.callstorm.simulate.live;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The live dashboard's page and the charting library it uses, for any server that serves a {@link LiveStream}: the
 * CLI's {@code --ui}, or an embedding service's own. The page fetches nothing from the network; it expects, relative
 * to its own address:
 * <ul>
 *   <li>{@value #CHART_JS_PATH}: {@link #chartJs()} ({@code text/javascript}), the same Chart.js build report.html
 *       inlines;</li>
 *   <li>{@value #EVENTS_PATH}: a server-sent event stream ({@code text/event-stream}) whose every event's
 *       {@code data:} is one {@link LiveSnapshot#toJson()} (a stream that subscribes to the {@link LiveStream});</li>
 *   <li>{@value #STOP_PATH}: a {@code POST} that calls {@link LiveStream#stop(String)} (the page's Stop button). The
 *       page sends the header {@value #STOP_HEADER} with it: a page of another origin cannot send that header
 *       without a CORS preflight, so a server that requires it and grants no preflight cannot be stopped by another
 *       web site through a browser;</li>
 *   <li>{@value #REPORT_PATH}: the run's report.html once it is written (a link shown when the run has finished;
 *       a server without it just leaves that link dead).</li>
 * </ul>
 */
public final class LivePage {
    public static final String CHART_JS_PATH = "chart.umd.js";
    public static final String EVENTS_PATH = "events";
    public static final String STOP_PATH = "stop";
    public static final String REPORT_PATH = "report.html";
    /** The header the page's Stop request carries. */
    public static final String STOP_HEADER = "X-Callstorm-Stop";

    private static final String PAGE = "live.html";
    /** Put into the simulate jar by its build, beside the report writer that inlines it into report.html. */
    private static final String CHART_JS = "/io/callstorm/simulate/writer/chart.umd.js";

    private LivePage() {
    }

    /** The page, UTF-8 HTML. */
    public static byte[] html() {
        return resource(PAGE);
    }

    /** Chart.js's UMD build, as the page loads it from {@value #CHART_JS_PATH}. */
    public static byte[] chartJs() {
        return resource(CHART_JS);
    }

    private static byte[] resource(String name) {
        try (InputStream in = LivePage.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the callstorm-sdk-simulate jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
