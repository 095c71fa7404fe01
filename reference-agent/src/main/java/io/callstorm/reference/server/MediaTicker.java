package io.callstorm.reference.server;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The one 20 ms clock of every media session: one fixed-rate timer for the whole server, not one per session.
 * Each tick is handed to every worker loop, which then ticks the sessions of its own channels, so that a
 * session's state and writes stay on its channel's loop and need no locks. A session asks for ticks while it
 * speaks or listens to an utterance and drops out when its tick says it is idle.
 *
 * <p>The timer is fixed-rate: a late tick is followed by the ones it delayed, so audio keeps real time on average
 * when a loop is briefly busy.
 */
final class MediaTicker {
    static final long PERIOD_MILLIS = 20;

    /** Per worker loop, the sessions of its channels that want ticks; each list is touched only by its loop. */
    private final Map<EventExecutor, List<MediaSession>> ticking = new IdentityHashMap<>();
    private ScheduledFuture<?> timer;

    MediaTicker(EventLoopGroup workers) {
        for (EventExecutor loop : workers) {
            ticking.put(loop, new ArrayList<>());
        }
    }

    /** Starts ticking on {@code clock}, a loop that only keeps time, so that busy workers do not delay the tick. */
    void start(EventLoop clock) {
        timer = clock.scheduleAtFixedRate(this::tick, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
    }

    void stop() {
        if (timer != null) {
            timer.cancel(false);
        }
    }

    /** Ticks {@code session} from the next tick until its tick returns false. On the session's loop. */
    void add(MediaSession session, EventLoop loop) {
        ticking.get(loop).add(session);
    }

    private void tick() {
        for (Map.Entry<EventExecutor, List<MediaSession>> e : ticking.entrySet()) {
            List<MediaSession> sessions = e.getValue();
            try {
                e.getKey().execute(() -> tick(sessions));
            } catch (RejectedExecutionException shuttingDown) {
                return;
            }
        }
    }

    private static void tick(List<MediaSession> sessions) {
        long now = System.nanoTime(); // read on the worker: a session's last frame time is from this loop too
        int kept = 0;
        for (int i = 0; i < sessions.size(); i++) {
            MediaSession s = sessions.get(i);
            if (s.tick(now)) {
                sessions.set(kept++, s);
            }
        }
        sessions.subList(kept, sessions.size()).clear();
    }
}
