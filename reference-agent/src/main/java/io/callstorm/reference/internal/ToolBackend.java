package io.callstorm.reference.internal;

import io.callstorm.simulate.loop.EventLoop;
import io.callstorm.reference.ReferenceAgentConfig;

import java.util.ArrayDeque;
import java.util.function.Supplier;
import java.util.function.LongConsumer;

/**
 * The services behind the agent's tools: a fixed number of workers with a FIFO queue in front. Service time
 * grows with the requests in service (lock and cache contention), and a small share of calls takes a slow
 * path. Under load the queue and the contention push the tail past the agent's tool timeout; a timed-out
 * request still holds its worker until it finishes, so timeouts feed more timeouts.
 */
final class ToolBackend {
    private static final double SIGMA = 0.33;

    private final ReferenceAgentConfig.Tools config;
    private final Sampler sampler;
    /** The agent's current loop (see {@code ReferenceAgentRuntime.loop}). */
    private final Supplier<EventLoop> loop;
    private final ArrayDeque<Request> queue = new ArrayDeque<>();
    private int busy;

    ToolBackend(ReferenceAgentConfig.Tools config, Sampler sampler, Supplier<EventLoop> loop) {
        this.config = config;
        this.sampler = sampler;
        this.loop = loop;
    }

    /** Calls a tool; {@code done} gets the total time in microseconds (queue plus service). */
    void call(String tool, LongConsumer done) {
        Request r = new Request(tool, loop.get().nanoTime(), done);
        if (busy < config.workers()) {
            serve(r);
        } else {
            queue.add(r);
        }
    }

    private void serve(Request r) {
        busy++;
        double contention = 1.0 + (double) busy / config.contentionInFlight();
        double median = sampler.chance(config.slowPathPercent()) ? config.slowPathMillis()
                : config.serviceMedianMillis() * weight(r.tool);
        long serviceMicros = Math.round(sampler.logNormalMicros(median, SIGMA) * contention);
        loop.get().schedule(serviceMicros * 1000L, () -> {
            busy--;
            r.done.accept((loop.get().nanoTime() - r.startNanos) / 1000L);
            Request next = queue.poll();
            if (next != null) {
                serve(next);
            }
        });
    }

    /** Ticket lists are the heaviest query; writes are light. */
    private static double weight(String tool) {
        return switch (tool) {
            case "get_open_tickets" -> 1.15;
            case "get_billing_status" -> 1.05;
            case "create_ticket", "escalate_to_human" -> 0.9;
            default -> 1.0;
        };
    }

    int inFlight() {
        return busy + queue.size();
    }

    private record Request(String tool, long startNanos, LongConsumer done) {
    }
}
