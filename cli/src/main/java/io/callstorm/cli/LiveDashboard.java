package io.callstorm.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.callstorm.simulate.live.LivePage;
import io.callstorm.simulate.live.LiveSnapshot;
import io.callstorm.simulate.live.LiveState;
import io.callstorm.simulate.live.LiveStream;
import io.callstorm.simulate.report.SimulationReport;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The CLI's {@code --ui}: serves {@link LivePage} and a {@link LiveStream} over the JDK's HTTP server, one thread per
 * open page (a dashboard has a handful of viewers, not thousands). Routes, relative to {@code /}: the page, its
 * Chart.js, {@code events} (server-sent events, one {@link LiveSnapshot#toJson()} per event), {@code stop} (POST,
 * the Stop button), {@code snapshot.json} (the latest reading) and, once written, {@code report.html} and
 * {@code report.json} from the output directory.
 *
 * <p>Stop needs the header {@value LivePage#STOP_HEADER}, which the page sends: a page of another origin cannot send it
 * without a CORS preflight, which this server never grants, so no other web site can stop a run through a browser.
 */
final class LiveDashboard implements AutoCloseable {
    static final String STOP_REASON = "stopped from the live dashboard";
    /** A comment line this often keeps an idle event stream open through proxies and finds closed pages. */
    private static final long KEEP_ALIVE_SECONDS = 15;

    private final HttpServer server;
    private final ExecutorService threads;
    private final LiveStream stream;
    private final Path out;

    private LiveDashboard(HttpServer server, ExecutorService threads, LiveStream stream, Path out) {
        this.server = server;
        this.threads = threads;
        this.stream = stream;
        this.out = out;
    }

    /**
     * Listens on {@code bind}:{@code port} (0: a free port) and serves {@code stream}, whose run writes its report
     * into {@code out}.
     *
     * @throws IOException when the address cannot be listened on (e.g. the port is taken)
     */
    static LiveDashboard start(LiveStream stream, InetAddress bind, int port, Path out) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(bind, port), 0);
        AtomicInteger n = new AtomicInteger();
        ExecutorService threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "callstorm-ui-" + n.incrementAndGet());
            t.setDaemon(true); // an open page must not keep the command from exiting
            return t;
        });
        LiveDashboard dashboard = new LiveDashboard(server, threads, stream, out);
        server.createContext("/", dashboard::handle);
        server.setExecutor(threads);
        server.start();
        return dashboard;
    }

    /** The page's address, e.g. {@code http://127.0.0.1:43817/}. */
    URI address() {
        InetSocketAddress a = server.getAddress();
        String host = a.getAddress().getHostAddress();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort() + "/");
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (path.equals("/" + LivePage.STOP_PATH)) {
                stop(exchange, method);
                return;
            }
            if (!method.equals("GET") && !method.equals("HEAD")) {
                send(exchange, 405, "text/plain", "GET only".getBytes(StandardCharsets.UTF_8));
                return;
            }
            switch (path) {
                case "/", "/index.html" -> send(exchange, 200, "text/html; charset=utf-8", LivePage.html());
                case "/" + LivePage.CHART_JS_PATH -> send(exchange, 200, "text/javascript; charset=utf-8",
                        LivePage.chartJs());
                case "/" + LivePage.EVENTS_PATH -> events(exchange);
                case "/snapshot.json" -> send(exchange, 200, "application/json",
                        stream.latest().map(LiveSnapshot::toJson).orElse("{}").getBytes(StandardCharsets.UTF_8));
                case "/" + LivePage.REPORT_PATH -> file(exchange, SimulationReport.HTML_FILE, "text/html; charset=utf-8");
                case "/report.json" -> file(exchange, SimulationReport.JSON_FILE, "application/json");
                default -> send(exchange, 404, "text/plain", "not found".getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private void stop(HttpExchange exchange, String method) throws IOException {
        if (!method.equals("POST")) {
            send(exchange, 405, "text/plain", "POST only".getBytes(StandardCharsets.UTF_8));
        } else if (exchange.getRequestHeaders().getFirst(LivePage.STOP_HEADER) == null) {
            send(exchange, 403, "text/plain", ("the page's Stop button sends " + LivePage.STOP_HEADER)
                    .getBytes(StandardCharsets.UTF_8));
        } else if (stream.stop(STOP_REASON)) {
            send(exchange, 202, "text/plain", "stopping".getBytes(StandardCharsets.UTF_8));
        } else {
            send(exchange, 409, "text/plain", "the run is not going on".getBytes(StandardCharsets.UTF_8));
        }
    }

    /** One page's event stream: the latest reading at once, then each new one, until the run finishes. */
    private void events(HttpExchange exchange) throws IOException {
        // every reading is the whole picture: a page that falls behind gets the newest, never a backlog
        BlockingQueue<LiveSnapshot> mailbox = new ArrayBlockingQueue<>(1);
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        exchange.sendResponseHeaders(200, 0);
        OutputStream body = exchange.getResponseBody();
        try (LiveStream.Subscription ignored = stream.subscribe(s -> {
            mailbox.clear();
            mailbox.offer(s);
        })) {
            body.write("retry: 1000\n\n".getBytes(StandardCharsets.UTF_8));
            body.flush();
            while (true) {
                LiveSnapshot s = mailbox.poll(KEEP_ALIVE_SECONDS, TimeUnit.SECONDS);
                if (s == null) {
                    body.write(": still here\n\n".getBytes(StandardCharsets.UTF_8));
                } else {
                    body.write(("id: " + s.sequence() + "\ndata: " + s.toJson() + "\n\n")
                            .getBytes(StandardCharsets.UTF_8));
                }
                body.flush();
                if (s != null && s.state() == LiveState.FINISHED) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the dashboard is closing
        } catch (IOException pageClosed) {
            // the page went away; its subscription ends here
        }
    }

    private void file(HttpExchange exchange, String name, String type) throws IOException {
        Path f = out.resolve(name);
        boolean ready = stream.latest().map(s -> s.state() == LiveState.FINISHED).orElse(false);
        if (!ready || !Files.isRegularFile(f)) {
            send(exchange, 404, "text/plain", (name + " is written when the run ends").getBytes(StandardCharsets.UTF_8));
            return;
        }
        send(exchange, 200, type, Files.readAllBytes(f));
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : body.length == 0 ? -1 : body.length);
        if (!head && body.length > 0) {
            exchange.getResponseBody().write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
