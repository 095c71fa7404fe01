package io.callstorm.simulate.engine;


import io.callstorm.core.secret.Secrets;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.callstorm.core.CallStatus;
import io.callstorm.core.Conversation;
import io.callstorm.eval.EvalInput;
import io.callstorm.eval.EvalResult;
import io.callstorm.eval.EvalStatus;
import io.callstorm.eval.Evaluator;
import io.callstorm.eval.InputKey;
import io.callstorm.eval.audio.PcmAudio;
import io.callstorm.eval.local.ConversationOutcomes;
import io.callstorm.eval.pool.EvaluationPool;
import io.callstorm.eval.pool.ScoredConversation;
import io.callstorm.simulate.connect.RecordedAudio;
import io.callstorm.simulate.connect.RecordingPolicy;
import io.callstorm.simulate.connect.media.MuLaw;
import io.callstorm.simulate.evaluate.EvaluationConfig;
import io.callstorm.simulate.measure.CallLine;
import io.callstorm.simulate.measure.CallRecorder;
import io.callstorm.simulate.measure.EvaluationTally;
import io.callstorm.simulate.report.EvaluationSetup;
import io.callstorm.simulate.report.ReportJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Off the call path: hands each finished call to an {@link EvaluationPool} and writes its {@code calls.jsonl} line
 * when the scores come back. The harness never waits for scoring (unless the run chose
 * {@link io.callstorm.eval.pool.QueuePolicy#WAIT}) nor for the disk: a call the pool cannot take, or one still
 * unscored when the run's {@linkplain EvaluationConfig#finishTimeout() finish timeout} runs out, is written
 * unscored, marked {@link CallLine.Scoring#DROPPED} and counted, so nothing measured is lost.
 *
 * <p>One writer thread ({@code callstorm-results}) appends every line, in the order the lines are ready, and hands
 * them to the run's {@link CallRecorder} in that same order; the file is flushed whenever no line is waiting, so a
 * killed run loses at most the calls still being scored. In call order ({@code inCallOrder}, for a run on simulated
 * time) a line waits for the lines of the calls that ended before its own, so that what the recorder sees (its
 * failure samples, first come, first kept) does not depend on which scoring thread finished first.
 *
 * <p>A call cut short by the run's stop ({@code CANCELLED}) is written unscored: it has no outcome to score. When
 * the file cannot be written (a full disk), the sink cuts it back to its last whole line, writes no more, tells the
 * run at once (which stops), and keeps recording every line: the report still counts every call.
 */
final class ResultSink implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ResultSink.class);
    private static final Ready POISON = new Ready(Long.MAX_VALUE, new CallLine("", 0, "", "", "", "",
            CallStatus.COMPLETED, 0, 0, 0, 0, Optional.empty(), Map.of(), List.of(), 0, 0));

    /** A line ready to be written, with the number of its call in the order calls were handed over. */
    private record Ready(long sequence, CallLine line) {
    }

    /**
     * A finished call waiting to be scored: the line without scores, the conversation to score, and the agent's
     * audio when the connector recorded it.
     */
    public record FinishedCall(CallLine line, Conversation conversation, Optional<RecordedAudio> agentAudio) {
        public FinishedCall(CallLine line, Conversation conversation) {
            this(line, conversation, Optional.empty());
        }
    }

    /** A call handed to the pool; whoever claims it first (the scores, or a drop) writes its line. */
    private static final class Pending {
        final FinishedCall call;
        final long sequence;
        final AtomicBoolean claimed = new AtomicBoolean();

        Pending(FinishedCall call, long sequence) {
            this.call = call;
            this.sequence = sequence;
        }

        boolean claim() {
            return claimed.compareAndSet(false, true);
        }
    }

    private final EvaluationPool pool;
    private final EvaluationSetup setup;
    private final Set<Pending> pending = ConcurrentHashMap.newKeySet();
    private final BlockingQueue<Ready> toWrite = new LinkedBlockingQueue<>();
    private final boolean inCallOrder;
    /** Lines that came before those of earlier calls, by sequence; the writer thread's. */
    private final java.util.PriorityQueue<Ready> early = new java.util.PriorityQueue<>(
            java.util.Comparator.comparingLong(Ready::sequence));
    /** The next call handed over (the harness loop's), and the next one to write (the writer's). */
    private long handedOver;
    private long nextToWrite;
    /** Where lines go, whole lines only; null when the run keeps no file. */
    private final FileChannel out;
    /** Lines waiting for the next flush; the writer thread's. */
    private final ByteArrayOutputStream buffered = new ByteArrayOutputStream(1 << 16);
    /** Bytes of whole lines in the file: where a failed write cuts it back to. */
    private long durableBytes;
    private long linesWritten;
    private final Consumer<IOException> onWriteFailure;
    private final ObjectWriter writer = ReportJson.mapper().writer();
    private final Thread thread;
    private final CallRecorder recorder;
    private final List<CallLine> lines = new ArrayList<>();
    private final boolean keepLines;
    private volatile IOException writeFailure;
    /** Flush once this much is buffered, whether or not more lines are waiting. */
    private static final int FLUSH_BYTES = 1 << 16;
    /**
     * A compressed file is written in gzip members of whole lines (a multi-member gzip file, which gunzip and
     * {@link java.util.zip.GZIPInputStream} read as one): a member closes at this many bytes of lines, or when no line
     * has come for {@link #GZIP_MEMBER_NANOS}, so that members are large enough to compress well and a failed write
     * cuts the file back to a member's end, whole lines only.
     */
    private static final int GZIP_MEMBER_BYTES = 1 << 20;
    private static final long GZIP_MEMBER_NANOS = TimeUnit.SECONDS.toNanos(2);
    /** Whether the file is {@code .gz}: written in gzip members. */
    private final boolean gzip;
    private long lastFlushNanos = System.nanoTime();
    /** Rubrics that score audio: a call without a recording is not scored by them. */
    private final Set<String> audioRubrics;
    private final Recordings recordings;
    private final boolean failedRecordingsOnly;

    /**
     * @param evaluators rubrics to score, one evaluator each
     * @param config     the pool's threads, queue and full-queue policy
     * @param callsFile  where to append lines, or empty to keep nothing on disk
     * @param keepLines  whether to keep lines in memory (for tests and small runs)
     * @param recorder   records every line as it is written, in the same order
     * @param inCallOrder write (and record) the lines in the order the calls were handed over, not as scored
     * @param recordingPolicy which recordings to write: all, or only failed calls'
     * @param onWriteFailure told once, on the writer thread, when the file cannot be written
     */
    public ResultSink(List<Evaluator> evaluators, EvaluationConfig config, Optional<Path> callsFile, boolean keepLines,
                      CallRecorder recorder, boolean inCallOrder, RecordingPolicy recordingPolicy,
                      Consumer<IOException> onWriteFailure) {
        this.inCallOrder = inCallOrder;
        this.failedRecordingsOnly = recordingPolicy == RecordingPolicy.FAILED_CALLS;
        this.onWriteFailure = onWriteFailure;
        this.gzip = callsFile.map(f -> f.getFileName().toString().endsWith(".gz")).orElse(false);
        this.setup = setupOf(evaluators, config);
        this.audioRubrics = evaluators.stream().filter(e -> e.requiredInputs().contains(InputKey.AGENT_AUDIO))
                .map(Evaluator::rubric).collect(java.util.stream.Collectors.toUnmodifiableSet());
        this.recordings = new Recordings(callsFile.map(f -> f.toAbsolutePath().getParent().resolve("recordings")));
        this.recorder = recorder;
        this.keepLines = keepLines;
        try {
            if (callsFile.isPresent()) {
                Path f = callsFile.get();
                if (f.getParent() != null) {
                    Files.createDirectories(f.getParent());
                }
                this.out = FileChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING);
            } else {
                this.out = null;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + callsFile.get() + ": " + e.getMessage(), e);
        }
        this.pool = evaluators.isEmpty() ? null : EvaluationPool.builder(evaluators)
                .threads(config.threads())
                .queueCapacity(config.queueCapacity())
                .whenFull(config.whenFull())
                .closeTimeout(config.finishTimeout())
                .build();
        this.thread = new Thread(this::drain, "callstorm-results");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** How a run with these evaluators and this configuration scores its calls, for {@code run.json}. */
    public static EvaluationSetup setupOf(List<Evaluator> evaluators, EvaluationConfig config) {
        Map<String, String> kinds = new LinkedHashMap<>();
        evaluators.forEach(e -> kinds.put(e.rubric(), EvaluationTally.kindOf(e)));
        return new EvaluationSetup(config.whenFull().name(), config.threads(), config.queueCapacity(), kinds,
                config.sample());
    }

    private final java.util.concurrent.atomic.LongAdder droppedCount = new java.util.concurrent.atomic.LongAdder();

    /** Calls handed over but not scored so far, the scoring queue being full: for the harness's health check. */
    long dropped() {
        return droppedCount.sum();
    }

    /**
     * Hands over a finished call. Never blocks under {@code DROP_AND_COUNT}: a call the queue cannot take is
     * written unscored and counted as dropped.
     */
    public void accept(FinishedCall call) {
        boolean failed = call.line().status() != CallStatus.COMPLETED || call.line().error().isPresent();
        if (!failedRecordingsOnly || failed) {
            call.agentAudio().ifPresent(a -> recordings.write(call.line().callId(), a));
        }
        long sequence = handedOver++;
        if (pool == null || call.line().status() == CallStatus.CANCELLED) {
            toWrite.add(new Ready(sequence, call.line().withScores(call.line().actualOutcome(), Map.of(),
                    CallLine.Scoring.NOT_SCORED)));
            return;
        }
        if (!inSample(call.line().callId(), setup.sample())) {
            toWrite.add(new Ready(sequence, call.line().withScores(
                    ConversationOutcomes.actualOutcome(call.conversation()).name(), Map.of(),
                    CallLine.Scoring.SAMPLED_OUT)));
            return;
        }
        Pending p = new Pending(call, sequence);
        pending.add(p);
        EvalInput.Builder input = EvalInput.builder().conversation(call.conversation());
        // the evaluators take sdk-eval's own audio type, which the connector API does not expose
        call.agentAudio().ifPresent(a -> input.put(InputKey.AGENT_AUDIO,
                pcm(a)));
        boolean queued = pool.submit(input.build(), scored -> {
            CallLine line = scoredLine(call, scored, audioRubrics);
            if (failedRecordingsOnly && !failed && line.scores().values().stream().anyMatch(v -> !v.passed())) {
                call.agentAudio().ifPresent(a -> recordings.write(call.line().callId(), a)); // a failed verdict
            }
            if (p.claim()) {
                toWrite.add(new Ready(p.sequence, line));
                pending.remove(p); // after the line is queued: close() waits for claimed calls to leave
            }
        });
        if (!queued) {
            drop(p);
        }
    }

    /**
     * Whether a call is in the scored share: from its id alone (a mixed hash, uniform over [0, 1)), so the same
     * calls are scored on every run of the same seed, whatever the order they finish in.
     */
    static boolean inSample(String callId, double share) {
        if (share >= 1) {
            return true;
        }
        long h = callId.hashCode() * 0x9E3779B97F4A7C15L;
        h = (h ^ (h >>> 30)) * 0xBF58476D1CE4E5B9L;
        h = (h ^ (h >>> 27)) * 0x94D049BB133111EBL;
        h ^= h >>> 31;
        return (h >>> 11) * 0x1.0p-53 < share;
    }

    /** The recording decoded for the evaluators, which measure levels on linear samples. */
    private static PcmAudio pcm(RecordedAudio audio) {
        byte[] muLaw = audio.muLaw();
        return PcmAudio.of(MuLaw.decode(muLaw, 0, muLaw.length), RecordedAudio.SAMPLE_RATE_HZ);
    }

    private void drop(Pending p) {
        if (p.claim()) {
            droppedCount.increment();
            toWrite.add(new Ready(p.sequence, p.call.line().withScores(p.call.line().actualOutcome(), Map.of(),
                    CallLine.Scoring.DROPPED)));
            pending.remove(p);
        }
    }

    private static CallLine scoredLine(FinishedCall call, ScoredConversation scored, Set<String> audioRubrics) {
        Map<String, CallLine.Score> scores = new LinkedHashMap<>();
        for (EvalResult r : scored.results()) {
            if (call.agentAudio().isEmpty() && audioRubrics.contains(r.rubric())) {
                continue; // a call that was not recorded has no audio to score: not applicable, not an error
            }
            scores.put(r.rubric(), new CallLine.Score(r.passed(), r.score(), r.reason(), verdictOf(r.status()),
                    r.usage().promptTokens(), r.usage().completionTokens(), r.usage().costUsd(),
                    r.failingTurn().isPresent() ? Optional.of(r.failingTurn().getAsInt()) : Optional.empty()));
        }
        String actual = ConversationOutcomes.actualOutcome(call.conversation()).name();
        return call.line().withScores(actual, scores, CallLine.Scoring.SCORED);
    }

    private static CallLine.Verdict verdictOf(EvalStatus status) {
        return switch (status) {
            case PASS -> CallLine.Verdict.PASS;
            case FAIL -> CallLine.Verdict.FAIL;
            case ERROR -> CallLine.Verdict.ERROR;
        };
    }

    private void drain() {
        try {
            while (true) {
                Ready next = toWrite.poll(200, TimeUnit.MILLISECONDS);
                if (next == null) {
                    flushWhenIdle();
                    continue;
                }
                if (next == POISON) {
                    while (!early.isEmpty()) { // none, unless a line was lost: the rest, in order all the same
                        take(early.poll().line());
                    }
                    flush();
                    return;
                }
                if (!inCallOrder) {
                    take(next.line());
                } else {
                    early.add(next);
                    while (!early.isEmpty() && early.peek().sequence() == nextToWrite) {
                        take(early.poll().line());
                        nextToWrite++;
                    }
                }
                if (toWrite.isEmpty()) {
                    flushWhenIdle();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void take(CallLine line) {
        recorder.record(line);
        if (keepLines) {
            synchronized (lines) {
                lines.add(line);
            }
        }
        write(line);
    }

    private void write(CallLine line) {
        if (out == null || writeFailure != null) {
            return;
        }
        try {
            buffered.writeBytes((Secrets.redact(writer.writeValueAsString(line)) + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            failed(e);
            return;
        }
        if (buffered.size() >= (gzip ? GZIP_MEMBER_BYTES : FLUSH_BYTES)) {
            flush();
        }
    }

    /** No line is waiting: a plain file is flushed at once, a compressed one once its member is due. */
    private void flushWhenIdle() {
        if (!gzip || System.nanoTime() - lastFlushNanos >= GZIP_MEMBER_NANOS) {
            flush();
        }
    }

    private void flush() {
        lastFlushNanos = System.nanoTime();
        if (out == null || writeFailure != null || buffered.size() == 0) {
            return;
        }
        byte[] text = buffered.toByteArray();
        long lines = countLines(ByteBuffer.wrap(text));
        try {
            ByteBuffer bytes = ByteBuffer.wrap(gzip ? gzipMember(text) : text);
            while (bytes.hasRemaining()) {
                out.write(bytes);
            }
            durableBytes = out.position();
            linesWritten += lines;
            buffered.reset();
        } catch (IOException e) {
            failed(e);
        }
    }

    /** One complete gzip member holding {@code text}. */
    private static byte[] gzipMember(byte[] text) throws IOException {
        ByteArrayOutputStream member = new ByteArrayOutputStream(text.length / 6 + 64);
        try (java.util.zip.GZIPOutputStream z = new java.util.zip.GZIPOutputStream(member, 1 << 16)) {
            z.write(text);
        }
        return member.toByteArray();
    }

    private static long countLines(ByteBuffer bytes) {
        long n = 0;
        for (int i = bytes.position(); i < bytes.limit(); i++) {
            if (bytes.get(i) == '\n') {
                n++;
            }
        }
        return n;
    }

    /** The file cannot be written: it keeps its whole lines only, takes no more, and the run is told. */
    private void failed(IOException e) {
        writeFailure = e;
        buffered.reset();
        try {
            out.truncate(durableBytes);
        } catch (IOException cannotCut) {
            e.addSuppressed(cannotCut);
        }
        LOG.warn("calls.jsonl could not be written after {} lines, further lines are skipped: {}", linesWritten,
                e.getMessage());
        onWriteFailure.accept(e);
    }

    /** Why {@code calls.jsonl} could not be written, when it could not. */
    public Optional<IOException> writeFailure() {
        return Optional.ofNullable(writeFailure);
    }

    /** Lines in {@code calls.jsonl}: whole lines, written and flushed. */
    public long linesWritten() {
        return linesWritten;
    }

    /** How this run scores its calls, for {@code run.json}. */
    public EvaluationSetup setup() {
        return setup;
    }

    /** Lines kept in memory, when asked to keep them. */
    public List<CallLine> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    /**
     * Scores what is queued (up to the finish timeout), writes every line, the unscored ones marked dropped, and
     * closes the file.
     */
    @Override
    public void close() {
        if (pool != null) {
            pool.close();
            // queued but never scored: the finish timeout ran out (a late callback finds them claimed)
            for (Pending p : List.copyOf(pending)) {
                drop(p);
            }
            // a worker past its claim is a moment from queuing its line
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
            while (!pending.isEmpty() && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
        }
        recordings.close();
        toWrite.add(POISON);
        try {
            thread.join(TimeUnit.MINUTES.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                if (writeFailure == null) {
                    writeFailure = e;
                }
            }
        }
    }
}
