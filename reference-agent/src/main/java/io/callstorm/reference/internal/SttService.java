package io.callstorm.reference.internal;

import io.callstorm.reference.ReferenceAgentConfig;

/**
 * Streaming speech-to-text with a regional stream capacity. A call holds one stream for its life (the
 * provider decodes the whole stream, silence included). A region decodes up to its capacity in real time;
 * past it the decode work of every stream queues behind the others, so partials and finals fall behind by
 * the overload factor (open streams / capacity) — the first-partial latency knees at the capacity.
 * With failover, streams that would overload the primary region open in the second one instead.
 */
final class SttService {
    private static final double SIGMA = 0.2;

    private final ReferenceAgentConfig.Stt config;
    private final Sampler sampler;
    private int primaryOpen;
    private int secondaryOpen;

    SttService(ReferenceAgentConfig.Stt config, Sampler sampler) {
        this.config = config;
        this.sampler = sampler;
    }

    /** Opens a stream; returns whether it landed in the failover region. */
    boolean open() {
        if (config.failover() && primaryOpen >= config.regionStreamCapacity()) {
            secondaryOpen++;
            return true;
        }
        primaryOpen++;
        return false;
    }

    void close(boolean secondary) {
        if (secondary) {
            secondaryOpen--;
        } else {
            primaryOpen--;
        }
    }

    double overload(boolean secondary) {
        return secondary ? Math.max(1.0, (double) secondaryOpen / config.failoverStreamCapacity())
                : Math.max(1.0, (double) primaryOpen / config.regionStreamCapacity());
    }

    /** Start of speech to first partial, microseconds. */
    long firstPartialMicros(boolean secondary) {
        return rttMicros(secondary) + Math.round(sampler.logNormalMicros(config.decodeMedianMillis(), SIGMA)
                * overload(secondary));
    }

    /** End of speech to the final transcript, microseconds. */
    long finalTranscriptMicros(boolean secondary) {
        return rttMicros(secondary) + Math.round(sampler.logNormalMicros(config.finalizeMedianMillis(), SIGMA)
                * overload(secondary));
    }

    private long rttMicros(boolean secondary) {
        return (config.networkRttMillis() + (secondary ? config.failoverExtraRttMillis() : 0)) * 1000L;
    }

    int openStreams() {
        return primaryOpen + secondaryOpen;
    }
}
