package io.callstorm.simulate;

import io.callstorm.simulate.measure.ProgressSnapshot;
import io.callstorm.simulate.report.HarnessWindow;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Stands in for a harness loop busy with thousands of calls or a GC pause: it holds the loop for half of every
 * second, from the progress tick. Records the unhealthy windows it is told of.
 */
public class StallingListener extends SimulationListener {
    public final List<HarnessWindow> told = new CopyOnWriteArrayList<>();

    @Override
    public void progress(ProgressSnapshot snapshot) {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void harnessUnhealthy(HarnessWindow window) {
        told.add(window);
    }
}
