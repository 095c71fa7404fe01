package io.callstorm.samples.clinic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The booking sample's agent under test: a clinic's phone agent behind an OpenAI-compatible streaming endpoint, as a
 * team would have one (this one is rules, not a model, so the sample runs anywhere). It is not part of Callstorm: the
 * sample's simulation, agent definition, personas and scenarios are files (samples/simulations/booking/), and
 * Callstorm reaches this agent over HTTP like any other.
 *
 * <p>Its weak point is a mechanism a real clinic system has: each doctor's calendar is locked while a booking is
 * written ({@link Calendars}), so bookings for the same doctor queue. Under load the queue outgrows the agent's tool
 * timeout, the booking fails and the caller hears an apology instead of a slot: the pass rate of
 * {@code conversation_resolution} falls with concurrency on the {@code book-new} path only.
 *
 * <pre>{@code
 * java -cp ... io.callstorm.samples.clinic.ClinicAgent --port 18080
 * }</pre>
 */
public final class ClinicAgent implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PATIENT = Pattern.compile("\\bAC-\\d{5}\\b");
    private static final List<String> DOCTORS = List.of("Dr Osei", "Dr Lin", "Dr Haddad");
    private static final List<String> NAMES = List.of("Ms Okafor", "Mr Patel", "Ms Garcia", "Mr Nowak",
            "Ms Tanaka", "Mr Byrne");
    private static final List<String> DAYS = List.of("Monday", "Tuesday", "Wednesday", "Thursday", "Friday");
    /** The model's time to a first token, as a hosted model takes. */
    private static final long THINK_MILLIS = 250;

    private final HttpServer server;
    private final ExecutorService workers;
    private final Calendars calendars;
    private final AtomicInteger bookings = new AtomicInteger(4100);

    private ClinicAgent(HttpServer server, ExecutorService workers, Calendars calendars) {
        this.server = server;
        this.workers = workers;
        this.calendars = calendars;
    }

    /**
     * Starts the agent on {@code 127.0.0.1:port} (0: any free port).
     *
     * @param workers        request threads (the agent's server pool: requests beyond them wait)
     * @param bookingMillis  how long writing one booking holds its doctor's calendar
     * @param toolTimeout    how long the agent waits for a tool before apologising
     */
    public static ClinicAgent start(int port, int workers, long bookingMillis, long toolTimeout) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 1024);
        ExecutorService pool = new ThreadPoolExecutor(workers, workers, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "clinic-agent");
                    t.setDaemon(true);
                    return t;
                });
        ClinicAgent agent = new ClinicAgent(server, pool, new Calendars(DOCTORS, bookingMillis, toolTimeout));
        server.setExecutor(pool);
        server.createContext("/v1/chat/completions", agent::complete);
        server.createContext("/health", e -> respond(e, 200, "text/plain", "ok"));
        server.start();
        return agent;
    }

    /** The base URL callers use, e.g. {@code http://127.0.0.1:18080/v1}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    public static void main(String[] args) throws Exception {
        int port = 18080;
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals("--port")) {
                port = Integer.parseInt(args[i + 1]);
            }
        }
        ClinicAgent agent = start(port, 256, 400, 1500);
        System.out.println("clinic agent: listening on " + agent.baseUrl());
        Runtime.getRuntime().addShutdownHook(new Thread(agent::close));
        Thread.currentThread().join();
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
    }

    private void complete(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("POST")) {
                respond(exchange, 405, "application/json", "{\"error\":{\"message\":\"POST only\"}}");
                return;
            }
            JsonNode request = JSON.readTree(exchange.getRequestBody());
            List<String> said = new ArrayList<>();
            for (JsonNode m : request.path("messages")) {
                if (m.path("role").asText().equals("user")) {
                    said.add(m.path("content").asText(""));
                }
            }
            long start = System.nanoTime();
            sleep(THINK_MILLIS);
            Answer answer = answer(said);
            stream(exchange, answer, (System.nanoTime() - start) / 1_000_000.0);
        }
    }

    /** What the agent says and does for the caller's last words, knowing what they said before. */
    private Answer answer(List<String> said) {
        String last = said.isEmpty() ? "" : said.get(said.size() - 1);
        String text = last.toLowerCase(Locale.ROOT);
        String patient = "";
        for (String s : said) {
            Matcher m = PATIENT.matcher(s);
            if (m.find()) {
                patient = m.group();
            }
        }
        List<ToolRun> tools = new ArrayList<>();
        if (PATIENT.matcher(last).find()) {
            String name = NAMES.get(Math.floorMod(patient.hashCode(), NAMES.size()));
            tools.add(ToolRun.ok("find_patient", Map.of("patient", patient),
                    "{\"patient\":\"" + patient + "\",\"name\":\"" + name + "\",\"practice\":\"Riverside "
                            + "Practice\"}", 40));
            return new Answer("Thanks, " + name + ", I have your record with Riverside Practice. How can I help you "
                    + "today?", tools);
        }
        if (has(text, "urgent", "front desk", "someone", "a person")) {
            tools.add(ToolRun.ok("escalate_to_human", Map.of("patient", patient, "reason", "urgent request"),
                    "{\"transferred\":true,\"queue\":\"front desk\"}", 60));
            return new Answer("I'm putting you through to the front desk now; someone will pick up shortly.", tools);
        }
        if (has(text, "cancel")) {
            String booking = "BK-" + bookings.incrementAndGet();
            tools.add(ToolRun.ok("cancel_booking", Map.of("booking", booking),
                    "{\"booking\":\"" + booking + "\",\"cancelled\":true}", 80));
            return new Answer("Done: your appointment is cancelled, reference " + booking + ".", tools);
        }
        if (has(text, "book", "see dr", "check-up", "appointment", "see ")) {
            String doctor = find(last, DOCTORS).orElse(DOCTORS.get(0));
            String day = find(last, DAYS).orElse("Monday");
            String slot = day + " 10:30";
            tools.add(ToolRun.ok("list_slots", Map.of("doctor", doctor, "day", day),
                    "{\"doctor\":\"" + doctor + "\",\"free\":[\"" + slot + "\",\"" + day + " 15:00\"]}", 70));
            Calendars.Booked booked = calendars.book(doctor);
            if (!booked.ok()) {
                tools.add(ToolRun.failed("book_slot", Map.of("patient", patient, "slot", slot), booked.waitedMillis(),
                        "timed out after " + booked.waitedMillis() + " ms waiting for " + doctor + "'s calendar"));
                return new Answer("I'm sorry, the booking system isn't responding right now. Could you call back "
                        + "later?", tools);
            }
            String booking = "BK-" + bookings.incrementAndGet();
            tools.add(ToolRun.ok("book_slot", Map.of("patient", patient, "slot", slot),
                    "{\"booking\":\"" + booking + "\",\"doctor\":\"" + doctor + "\",\"slot\":\"" + slot + "\"}",
                    booked.waitedMillis()));
            return new Answer("You're booked with " + doctor + " on " + slot + ". Your booking number is "
                    + booking + ".", tools);
        }
        if (has(text, "that's all", "thanks", "thank you", "bye")) {
            return new Answer("You're welcome. Goodbye!", tools);
        }
        return new Answer("Sorry, could you tell me what you need: booking, cancelling or the front desk?", tools);
    }

    private static boolean has(String text, String... words) {
        for (String w : words) {
            if (text.contains(w)) {
                return true;
            }
        }
        return false;
    }

    private static java.util.Optional<String> find(String text, List<String> names) {
        return names.stream().filter(text::contains).findFirst();
    }

    /** Streams the answer as chat-completion chunks, Callstorm's extension on the last (tool results, timings). */
    private static void stream(HttpExchange exchange, Answer answer, double llmMillis) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        String[] words = answer.text().split(" ");
        int third = Math.max(1, words.length / 3);
        for (int i = 0; i < words.length; i += third) {
            String part = String.join(" ", java.util.Arrays.copyOfRange(words, i, Math.min(words.length, i + third)));
            ObjectNode chunk = chunk();
            ((ObjectNode) chunk.withArray("choices").get(0).get("delta")).put("content", (i == 0 ? "" : " ") + part);
            send(out, chunk);
        }
        ObjectNode last = chunk();
        ((ObjectNode) last.withArray("choices").get(0)).put("finish_reason", "stop");
        ObjectNode ext = last.putObject("callstorm");
        StringBuilder timing = new StringBuilder(String.format(Locale.ROOT, "llm;dur=%.1f", llmMillis));
        ArrayNode results = ext.putArray("tool_results");
        for (ToolRun t : answer.tools()) {
            timing.append(String.format(Locale.ROOT, ", tool;dur=%d;desc=\"%s\"", t.millis(), t.name()));
            ObjectNode r = results.addObject();
            r.put("name", t.name());
            r.put("status", t.error().isEmpty() ? "OK" : "TIMEOUT");
            r.put("durationMs", t.millis());
            r.put("attempts", 1);
            r.put("arguments", JSON.valueToTree(t.arguments()).toString());
            r.put("result", t.result());
            r.put("error", t.error());
        }
        ext.put("server_timing", timing.toString());
        send(out, last);
        out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static ObjectNode chunk() {
        ObjectNode chunk = JSON.createObjectNode();
        chunk.put("object", "chat.completion.chunk");
        chunk.put("model", "clinic-rules-1");
        ObjectNode choice = chunk.putArray("choices").addObject();
        choice.put("index", 0);
        choice.putObject("delta");
        return chunk;
    }

    private static void send(OutputStream out, JsonNode chunk) throws IOException {
        out.write(("data: " + chunk + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void respond(HttpExchange e, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        e.getResponseHeaders().set("Content-Type", type);
        e.sendResponseHeaders(status, bytes.length);
        e.getResponseBody().write(bytes);
        e.close();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private record Answer(String text, List<ToolRun> tools) {
    }

    private record ToolRun(String name, Map<String, String> arguments, String result, long millis, String error) {
        static ToolRun ok(String name, Map<String, String> arguments, String result, long millis) {
            sleep(millis);
            return new ToolRun(name, arguments, result, millis, "");
        }

        static ToolRun failed(String name, Map<String, String> arguments, long millis, String error) {
            return new ToolRun(name, arguments, "", millis, error);
        }
    }
}
