package io.callstorm.simulate.callers;

import io.callstorm.core.scenario.ScenarioRow;
import io.callstorm.core.secret.Secrets;
import io.callstorm.core.transcript.TranscriptTurn;
import io.callstorm.eval.chat.ChatReply;
import io.callstorm.simulate.callers.internal.AnswerCache;
import io.callstorm.simulate.callers.internal.CallerPrompts;
import io.callstorm.simulate.callers.internal.Situation;
import io.callstorm.simulate.callers.internal.SpokenAnswer;
import io.callstorm.simulate.report.CallerSummary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * The turns of a run's improvising callers ({@link CallerMode#improvising(CallerModel)}): for each turn, the answer
 * cached for the caller's situation or one request to the model, on the run's own worker threads, bounded as the mode
 * says; the scripted turn whenever the model cannot be used, with the reason counted. One per run; the engine asks
 * it from the harness loop and never waits there ({@link #next} returns at once). Closed at the end of the run.
 */
public final class ImprovisedTurns implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ImprovisedTurns.class);

    private final CallerMode mode;
    private final CallerModel model;
    private final ThreadPoolExecutor workers;
    private final AnswerCache<Answer> cache;
    /** Requests taken from {@link CallerMode#maxRequests()}: sent, queued or about to be. */
    private final AtomicLong issued = new AtomicLong();
    private final LongAdder requests = new LongAdder();
    private final LongAdder cacheHits = new LongAdder();
    private final LongAdder improvised = new LongAdder();
    private final LongAdder promptTokens = new LongAdder();
    private final LongAdder completionTokens = new LongAdder();
    private final DoubleAdder costUsd = new DoubleAdder();
    private final Map<FallbackReason, LongAdder> fallbacks = new EnumMap<>(FallbackReason.class);
    private final AtomicBoolean errorLogged = new AtomicBoolean();

    private ImprovisedTurns(CallerMode mode) {
        this.mode = mode;
        this.model = mode.model().orElseThrow(() -> new IllegalArgumentException("the caller mode is scripted"));
        BlockingQueue<Runnable> queue = mode.maxQueuedRequests() == 0 ? new SynchronousQueue<>()
                : new ArrayBlockingQueue<>(mode.maxQueuedRequests());
        AtomicInteger threadNumber = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(mode.maxConcurrentRequests(), mode.maxConcurrentRequests(), 30,
                TimeUnit.SECONDS, queue, r -> {
                    Thread t = new Thread(r, "callstorm-caller-model-" + threadNumber.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.AbortPolicy());
        this.workers.allowCoreThreadTimeOut(true);
        this.cache = new AnswerCache<>(mode.cacheSize());
        for (FallbackReason r : FallbackReason.values()) {
            fallbacks.put(r, new LongAdder());
        }
    }

    /** The turns of one run of improvising callers. */
    public static ImprovisedTurns start(CallerMode mode) {
        return new ImprovisedTurns(Objects.requireNonNull(mode, "mode"));
    }

    /** A new call's token budget. */
    public CallBudget budget() {
        return new CallBudget(mode.tokenBudgetPerCall());
    }

    /**
     * What {@code row}'s caller says at {@code step} after {@code history}: the model's words, or the scripted turn.
     * Returns at once; the future completes on another thread (or at once for a cached answer), never exceptionally,
     * and within {@link CallerMode#requestTimeout()}.
     *
     * @param reAsk whether the caller asks the step again (the agent's last reply did not answer)
     */
    public CompletableFuture<String> next(ScenarioRow row, int step, boolean reAsk, List<TranscriptTurn> history,
                                          CallBudget budget) {
        String scripted = reAsk ? row.reAsk(step) : row.utterance(step);
        Situation situation = Situation.of(row, step, reAsk, history);
        Optional<CompletableFuture<Answer>> known = cache.find(situation);
        if (known.isPresent()) {
            return follow(situation, known.get(), true, row, scripted);
        }
        CallerPrompt prompt = CallerPrompts.write(row, step, reAsk, history, mode.maxTokensPerTurn());
        long cost = prompt.estimatedTokens() + mode.maxTokensPerTurn();
        if (!budget.canPay(cost)) {
            return CompletableFuture.completedFuture(fallback(FallbackReason.BUDGET, scripted));
        }
        if (issued.incrementAndGet() > mode.maxRequests()) {
            issued.decrementAndGet();
            return CompletableFuture.completedFuture(fallback(FallbackReason.REQUEST_LIMIT, scripted));
        }
        AnswerCache.Lookup<Answer> lookup = cache.lookup(situation, s -> ask(prompt, budget, row.facts().keySet()));
        if (!lookup.fresh()) {
            issued.decrementAndGet(); // another caller asked in the meantime
        }
        return follow(situation, lookup.answer(), !lookup.fresh(), row, scripted);
    }

    /** The section of {@code report.json} on the run's callers, as counted so far. */
    public CallerSummary summary() {
        Map<String, Long> byReason = new LinkedHashMap<>();
        long fallbackTurns = 0;
        for (Map.Entry<FallbackReason, LongAdder> e : fallbacks.entrySet()) {
            byReason.put(e.getKey().wireName(), e.getValue().sum());
            fallbackTurns += e.getValue().sum();
        }
        return new CallerSummary(CallerSummary.IMPROVISING, model.describe(), improvised.sum(), fallbackTurns,
                byReason, requests.sum(), cacheHits.sum(), promptTokens.sum(), completionTokens.sum(),
                Math.round(costUsd.sum() * 1e6) / 1e6);
    }

    /** Stops the worker threads; requests in flight are abandoned. */
    @Override
    public void close() {
        workers.shutdownNow();
    }

    /** One request on a worker; the future completes with the answer or why there is none. */
    private CompletableFuture<Answer> ask(CallerPrompt prompt, CallBudget budget, java.util.Set<String> facts) {
        CompletableFuture<Answer> answer = new CompletableFuture<>();
        try {
            workers.execute(() -> answer.complete(send(prompt, budget, facts)));
        } catch (RejectedExecutionException full) {
            issued.decrementAndGet(); // never sent
            answer.complete(Answer.failed(FallbackReason.QUEUE_FULL));
        }
        return answer;
    }

    private Answer send(CallerPrompt prompt, CallBudget budget, java.util.Set<String> facts) {
        requests.increment();
        ChatReply reply;
        try {
            // twice the caller's wait: an answer that comes after its caller gave up still serves the next callers
            // in the same situation, from the cache
            reply = model.answer(prompt, mode.requestTimeout().multipliedBy(2));
        } catch (Exception | LinkageError e) {
            budget.spend(prompt.estimatedTokens()); // sent, and maybe paid for: the budget must not hide a failing model
            if (errorLogged.compareAndSet(false, true)) {
                LOG.warn("caller model {} failed; callers say their scripted turns when it does (further failures "
                        + "are counted in the report)", model.describe(), Secrets.redact(e));
            }
            return Answer.failed(FallbackReason.ERROR);
        }
        long used = reply.usage().totalTokens();
        budget.spend(used > 0 ? used : prompt.estimatedTokens() + (reply.text().length() + 3) / 4);
        promptTokens.add(reply.usage().promptTokens());
        completionTokens.add(reply.usage().completionTokens());
        costUsd.add(reply.usage().costUsd());
        return SpokenAnswer.of(reply.text(), reply.truncated(), facts).map(Answer::words)
                .orElseGet(() -> Answer.failed(FallbackReason.UNUSABLE));
    }

    /** The turn a caller says once {@code answer} is known, or its scripted turn on a failure or the timeout. */
    private CompletableFuture<String> follow(Situation situation, CompletableFuture<Answer> answer, boolean shared,
                                             ScenarioRow row, String scripted) {
        CompletableFuture<Turn> turn = new CompletableFuture<>();
        answer.whenComplete((a, e) -> {
            Answer got = a != null ? a : Answer.failed(FallbackReason.ERROR);
            if (got.failure().isPresent()) {
                if (got.failure().get() != FallbackReason.UNUSABLE) {
                    cache.forget(situation, answer); // a passing failure: the next caller asks again
                }
                turn.complete(new Turn(scripted, got.failure(), false));
            } else {
                turn.complete(new Turn(CallerPrompts.filled(row, got.text()), Optional.empty(), shared));
            }
        });
        turn.completeOnTimeout(new Turn(scripted, Optional.of(FallbackReason.TIMEOUT), false),
                mode.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
        return turn.thenApply(this::count); // once per turn, whichever came first
    }

    private String fallback(FallbackReason reason, String scripted) {
        return count(new Turn(scripted, Optional.of(reason), false));
    }

    private String count(Turn t) {
        if (t.fallback().isPresent()) {
            fallbacks.get(t.fallback().get()).increment();
        } else {
            improvised.increment();
            if (t.cacheHit()) {
                cacheHits.increment();
            }
        }
        return t.text();
    }

    @Override
    public String toString() {
        return "ImprovisedTurns[" + mode + ", " + cache.size() + " answers cached]";
    }

    /** A model's answer for a situation: the words with the facts' placeholders, or why there are none. */
    private record Answer(String text, Optional<FallbackReason> failure) {
        static Answer words(String text) {
            return new Answer(text, Optional.empty());
        }

        static Answer failed(FallbackReason reason) {
            return new Answer("", Optional.of(reason));
        }
    }

    /** A caller's turn: what it says, and why it is scripted when it is. */
    private record Turn(String text, Optional<FallbackReason> fallback, boolean cacheHit) {
    }
}
