package io.callstorm.eval.pool;

import io.callstorm.core.Conversation;
import io.callstorm.eval.EvalInput;
import io.callstorm.eval.EvalResult;
import io.callstorm.eval.EvalStatus;
import io.callstorm.eval.Evaluator;
import io.callstorm.eval.InputKey;
import io.callstorm.eval.Rubrics;
import io.callstorm.eval.TestFixtures;
import io.callstorm.eval.local.LocalEvaluators;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EvaluationPoolTest {
    /** An evaluator that holds every call until released, like a judge that stopped answering. */
    static final class StuckJudge implements Evaluator {
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch entered = new CountDownLatch(1);

        @Override
        public String rubric() {
            return "stuck";
        }

        @Override
        public EvalResult evaluate(Conversation conversation) {
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new EvalResult(rubric(), true, 1, "released");
        }
    }

    @Test
    void scoresEveryConversationWithEveryEvaluator() throws InterruptedException {
        Queue<ScoredConversation> scored = new ConcurrentLinkedQueue<>();
        try (EvaluationPool pool = EvaluationPool.builder(LocalEvaluators.all()).threads(3).build()) {
            for (int i = 0; i < 100; i++) {
                assertThat(pool.submit(TestFixtures.goodCall("c" + i), scored::add)).isTrue();
            }
            assertThat(pool.awaitIdle(Duration.ofSeconds(10))).isTrue();
            EvaluationStats stats = pool.stats();
            assertThat(stats.done()).isEqualTo(500);
            assertThat(stats.failed()).isZero();
            assertThat(stats.dropped()).isZero();
            assertThat(stats.conversationsAccepted()).isEqualTo(100);
            assertThat(stats.conversationsScored()).isEqualTo(100);
            assertThat(stats.queued()).isZero();
        }
        assertThat(scored).hasSize(100).allSatisfy(s -> {
            assertThat(s.results()).extracting(EvalResult::rubric).containsExactlyElementsOf(Rubrics.CORE);
            assertThat(s.results()).allSatisfy(r -> assertThat(r.passed()).isTrue());
        });
    }

    @Test
    void aStuckJudgeNeverBlocksTheSubmitterUnderDropAndCount() throws InterruptedException {
        StuckJudge judge = new StuckJudge();
        EvaluationPool pool = EvaluationPool.builder(List.of(judge, LocalEvaluators.all().get(0)))
                .threads(1).queueCapacity(10).whenFull(QueuePolicy.DROP_AND_COUNT)
                .closeTimeout(Duration.ofSeconds(5)).build();
        List<String> done = new ArrayList<>();
        try {
            pool.submit(TestFixtures.goodCall("first"), s -> { });
            assertThat(judge.entered.await(5, TimeUnit.SECONDS)).isTrue();

            long start = System.nanoTime();
            int accepted = 0;
            for (int i = 0; i < 1_000; i++) {
                if (pool.submit(TestFixtures.goodCall("c" + i), s -> done.add("x"))) {
                    accepted++;
                }
            }
            long tookMs = (System.nanoTime() - start) / 1_000_000;

            assertThat(tookMs).as("1,000 submissions behind a stuck judge").isLessThan(500);
            assertThat(accepted).isEqualTo(10);
            EvaluationStats stats = pool.stats();
            assertThat(stats.conversationsDropped()).isEqualTo(990);
            assertThat(stats.dropped()).isEqualTo(990 * 2); // two evaluators per conversation
            assertThat(stats.queued()).isEqualTo(10);
        } finally {
            judge.release.countDown();
            pool.close();
        }
        assertThat(pool.stats().conversationsScored()).isEqualTo(11);
        assertThat(pool.stats().done()).isEqualTo(22);
    }

    @Test
    void waitPolicyBlocksUntilThereIsRoomAndDropsNothing() throws InterruptedException {
        StuckJudge judge = new StuckJudge();
        try (EvaluationPool pool = EvaluationPool.builder(List.of(judge)).threads(1).queueCapacity(1)
                .whenFull(QueuePolicy.WAIT).build()) {
            pool.submit(TestFixtures.goodCall("running"), s -> { });
            judge.entered.await(5, TimeUnit.SECONDS);
            pool.submit(TestFixtures.goodCall("queued"), s -> { });

            AtomicBoolean third = new AtomicBoolean();
            Thread submitter = new Thread(() -> third.set(pool.submit(TestFixtures.goodCall("waits"), s -> { })));
            submitter.start();
            submitter.join(200);
            assertThat(submitter.isAlive()).as("the submitter waits while the queue is full").isTrue();

            judge.release.countDown();
            submitter.join(5_000);
            assertThat(third.get()).isTrue();
            assertThat(pool.awaitIdle(Duration.ofSeconds(5))).isTrue();
            assertThat(pool.stats().dropped()).isZero();
            assertThat(pool.stats().done()).isEqualTo(3);
        }
    }

    @Test
    void errorsAndThrowingEvaluatorsCountAsFailedAndTheOthersStillRun() throws InterruptedException {
        Evaluator throwing = new Evaluator() {
            @Override
            public String rubric() {
                return "broken";
            }

            @Override
            public EvalResult evaluate(Conversation conversation) {
                throw new IllegalStateException("boom");
            }
        };
        Evaluator audio = LocalEvaluators.forRubric(Rubrics.AUDIO_QUALITY).orElseThrow(); // no audio: error
        Evaluator polite = LocalEvaluators.forRubric(Rubrics.IS_POLITE).orElseThrow();
        Queue<ScoredConversation> scored = new ConcurrentLinkedQueue<>();
        try (EvaluationPool pool = EvaluationPool.builder(List.of(throwing, audio, polite)).threads(2).build()) {
            pool.submit(TestFixtures.goodCall("c1"), scored::add);
            pool.submit(EvalInput.builder().conversation(TestFixtures.goodCall("c2"))
                    .put(InputKey.AGENT_AUDIO, io.callstorm.eval.audio.PcmAudio.of(new short[8000], 8000)).build(),
                    scored::add);
            pool.submit(TestFixtures.goodCall("c3"), s -> {
                throw new IllegalStateException("callback bug");
            });
            assertThat(pool.awaitIdle(Duration.ofSeconds(5))).isTrue();
            EvaluationStats stats = pool.stats();
            assertThat(stats.failed()).isEqualTo(3 + 2); // broken x3, audio missing on c1 and c3
            assertThat(stats.done()).isEqualTo(3 + 1);   // polite x3, audio judged on c2 (silence: a fail)
            assertThat(stats.conversationsScored()).isEqualTo(3);
        }
        assertThat(scored).hasSize(2).allSatisfy(s -> {
            assertThat(s.results().get(0).status()).isEqualTo(EvalStatus.ERROR);
            assertThat(s.results().get(0).reason()).isEqualTo("evaluator threw IllegalStateException: boom");
            assertThat(s.results().get(2).passed()).isTrue();
        });
    }

    @Test
    void afterCloseSubmissionsAreDroppedAndQueuedWorkWasFinished() {
        Queue<String> done = new ConcurrentLinkedQueue<>();
        EvaluationPool pool = EvaluationPool.builder(LocalEvaluators.all()).threads(1).build();
        for (int i = 0; i < 50; i++) {
            pool.submit(TestFixtures.goodCall("c" + i), s -> done.add(s.input().conversation().orElseThrow().callId()));
        }
        pool.close();
        assertThat(done).hasSize(50);
        assertThat(pool.submit(TestFixtures.goodCall("late"), s -> { })).isFalse();
        assertThat(pool.stats().conversationsDropped()).isEqualTo(1);
        assertThat(pool.stats().dropped()).isEqualTo(5);
    }

    @Test
    void builderChecksItsSettings() {
        assertThatThrownBy(() -> EvaluationPool.builder(List.of()).threads(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("threads");
        assertThatThrownBy(() -> EvaluationPool.builder(List.of()).queueCapacity(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("queueCapacity");
    }
}
