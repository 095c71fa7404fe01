package io.callstorm.simulate.connect.media.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * The 20 ms clock of one event loop: every tick, each open call on the loop sends the frames that are due and
 * checks its waits. One task per loop instead of a timer per call keeps 2,000 calls at 50 frames a second to
 * 50 wake-ups a second. Used only on its loop's thread.
 */
final class FramePacer implements Runnable {
    /** What the pacer drives. */
    interface Paced {
        void tick(long nowNanos);
    }

    private final List<Paced> calls = new ArrayList<>();

    void add(Paced call) {
        calls.add(call);
    }

    void remove(Paced call) {
        int i = calls.indexOf(call);
        if (i >= 0) { // swap-remove: order does not matter, removal stays O(1) after the search
            int last = calls.size() - 1;
            calls.set(i, calls.get(last));
            calls.remove(last);
        }
    }

    int size() {
        return calls.size();
    }

    @Override
    public void run() {
        long now = System.nanoTime();
        // a call may remove itself while ticking: walk down so that a swap-removed element was already ticked
        for (int i = calls.size() - 1; i >= 0; i--) {
            if (i < calls.size()) {
                calls.get(i).tick(now);
            }
        }
    }
}
