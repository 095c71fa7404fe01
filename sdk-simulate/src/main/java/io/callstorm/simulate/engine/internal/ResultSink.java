package io.callstorm.simulate.engine.internal;

import com.fasterxml.jackson.databind.ObjectWriter;
import io.callstorm.core.Conversation;
import io.callstorm.eval.EvalResult;
import io.callstorm.eval.Evaluator;
import io.callstorm.eval.local.ConversationOutcomes;
import io.callstorm.simulate.report.CallLine;
import io.callstorm.simulate.report.ReportJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Off the call path: scores each finished call with the evaluators and appends it to {@code calls.jsonl},
 * on a thread of its own behind a bounded queue. When the queue is full the call is still written but not
 * scored, and counted as dropped — the load never waits for scoring. The file is flushed whenever the queue
 * runs empty, so a killed run loses at most the calls still queued.
 */
public final class ResultSink implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ResultSink.class);
    private static final Object POISON = new Object();

    /**
     * A finished call waiting to be scored: the line without scores and the conversation to score.
     */
    public record FinishedCall(CallLine line, Conversation conversation) {
    }

    /**
     * One scored call, for the quality curves.
     *
     * @param concurrency mean concurrency of the call
     * @param passed      rubric to pass/fail
     */
    public record QualitySample(int concurrency, Map<String, Boolean> passed) {
    }

    private final List<Evaluator> evaluators;
    private final BlockingQueue<Object> queue;
    private final BufferedWriter out;
    private final ObjectWriter writer = ReportJson.mapper().writer();
    private final Thread thread;
    private final List<QualitySample> quality = new ArrayList<>();
    private final List<CallLine> lines = new ArrayList<>();
    private final boolean keepLines;
    private volatile long done;
    private volatile long dropped;
    private volatile long failedEvaluations;
    private volatile IOException writeFailure;

    /**
     * @param evaluators    rubrics to score
     * @param capacity      queue capacity
     * @param callsFile     where to append lines, or empty to keep nothing on disk
     * @param keepLines     whether to keep lines in memory (for tests and small runs)
     */
    public ResultSink(List<Evaluator> evaluators, int capacity, Optional<Path> callsFile, boolean keepLines) {
        this.evaluators = List.copyOf(evaluators);
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.keepLines = keepLines;
        try {
            if (callsFile.isPresent()) {
                Path f = callsFile.get();
                if (f.getParent() != null) {
                    Files.createDirectories(f.getParent());
                }
                this.out = Files.newBufferedWriter(f, StandardCharsets.UTF_8);
            } else {
                this.out = null;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + callsFile.get() + ": " + e.getMessage(), e);
        }
        this.thread = new Thread(this::drain, "callstorm-results");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Hands over a finished call; never blocks. */
    public void accept(FinishedCall call) {
        if (!queue.offer(call)) {
            dropped++; // written unscored below, so nothing measured is lost
            write(call.line());
        }
    }

    private void drain() {
        try {
            while (true) {
                Object next = queue.poll(200, TimeUnit.MILLISECONDS);
                if (next == null) {
                    flush();
                    continue;
                }
                if (next == POISON) {
                    flush();
                    return;
                }
                FinishedCall call = (FinishedCall) next;
                CallLine scored = score(call);
                synchronized (this) {
                    if (keepLines) {
                        lines.add(scored);
                    }
                }
                write(scored);
                if (queue.isEmpty()) {
                    flush();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private CallLine score(FinishedCall call) {
        Map<String, CallLine.Score> scores = new LinkedHashMap<>();
        Map<String, Boolean> passed = new LinkedHashMap<>();
        for (Evaluator e : evaluators) {
            try {
                EvalResult r = e.evaluate(call.conversation());
                scores.put(r.rubric(), new CallLine.Score(r.passed(), r.score(), r.reason()));
                passed.put(r.rubric(), r.passed());
            } catch (RuntimeException ex) {
                failedEvaluations++;
                LOG.debug("evaluator {} failed on {}", e.rubric(), call.line().callId(), ex);
            }
        }
        done++;
        synchronized (this) {
            quality.add(new QualitySample(call.line().concurrency(), passed));
        }
        CallLine l = call.line();
        String actual = ConversationOutcomes.actualOutcome(call.conversation()).name();
        return new CallLine(l.callId(), l.row(), l.persona(), l.path(), l.expectedOutcome(), actual, l.status(),
                l.startedAtSeconds(), l.durationMs(), l.concurrency(), l.retries(), l.error(), scores, l.turns(),
                l.startConcurrency(), l.endConcurrency());
    }

    private synchronized void write(CallLine line) {
        if (out == null || writeFailure != null) {
            return;
        }
        try {
            out.write(writer.writeValueAsString(line));
            out.write('\n');
        } catch (IOException e) {
            writeFailure = e;
            LOG.warn("calls.jsonl could not be written, further lines are skipped: {}", e.getMessage());
        }
    }

    private synchronized void flush() {
        if (out != null && writeFailure == null) {
            try {
                out.flush();
            } catch (IOException e) {
                writeFailure = e;
            }
        }
    }

    public long done() { return done; }
    public long dropped() { return dropped; }
    public long failedEvaluations() { return failedEvaluations; }

    /** Scored samples; complete after {@link #close()}. */
    public synchronized List<QualitySample> quality() {
        return List.copyOf(quality);
    }

    /** Lines kept in memory, when asked to keep them. */
    public synchronized List<CallLine> lines() {
        return List.copyOf(lines);
    }

    /** Scores what is queued, writes it, and closes the file. */
    @Override
    public void close() {
        try {
            queue.put(POISON);
            thread.join(TimeUnit.MINUTES.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            if (out != null) {
                try {
                    out.close();
                } catch (IOException e) {
                    writeFailure = e;
                }
            }
        }
    }
}
