package io.callstorm.simulate;

import io.callstorm.core.secret.Secrets;
import io.callstorm.core.CallStatus;
import io.callstorm.simulate.connect.AgentReply;
import io.callstorm.simulate.connect.CallSetup;
import io.callstorm.simulate.engine.CallEvents;
import io.callstorm.simulate.engine.RunEvents;
import io.callstorm.simulate.measure.CallLine;
import io.callstorm.simulate.measure.ProgressSnapshot;
import io.callstorm.simulate.report.HarnessWindow;
import io.callstorm.simulate.report.SimulationReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The engine's events, told to the simulation's listeners: the run's listeners hear everything, and each call also
 * gets the listeners its factories make for it. A listener that throws is logged once and otherwise ignored.
 */
final class ListenerEvents implements RunEvents {
    private static final Logger LOG = LoggerFactory.getLogger(ListenerEvents.class);

    private final List<SimulationListener> listeners;
    private final List<SimulationListener.Factory> factories;
    private final Set<Object> failed = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));

    ListenerEvents(List<SimulationListener> listeners, List<SimulationListener.Factory> factories) {
        this.listeners = List.copyOf(listeners);
        this.factories = List.copyOf(factories);
    }

    @Override
    public void runStart(String simulationName, double totalSeconds) {
        each(listeners, l -> l.runStart(simulationName, totalSeconds));
    }

    @Override
    public void progress(ProgressSnapshot snapshot) {
        each(listeners, l -> l.progress(snapshot));
    }

    @Override
    public void draining(int callsInProgress) {
        each(listeners, l -> l.draining(callsInProgress));
    }

    @Override
    public void stopping(String reason, int callsInProgress) {
        each(listeners, l -> l.stopping(reason, callsInProgress));
    }

    @Override
    public void harnessUnhealthy(HarnessWindow window) {
        each(listeners, l -> l.harnessUnhealthy(window));
    }

    void runEnd(SimulationReport report) {
        each(listeners, l -> l.runEnd(report));
    }

    @Override
    public CallEvents callStart(CallSetup call, int concurrency) {
        if (listeners.isEmpty() && factories.isEmpty()) {
            return CallEvents.NONE; // nothing to tell: no dispatch on the call's path
        }
        List<SimulationListener> forCall = new ArrayList<>(listeners);
        for (SimulationListener.Factory f : factories) {
            guarded(f, () -> {
                SimulationListener l = f.create(call, concurrency);
                if (l != null) {
                    forCall.add(l);
                }
            });
        }
        each(forCall, l -> l.callStart(call, concurrency));
        return new Call(call.callId(), forCall);
    }

    private final class Call implements CallEvents {
        private final String callId;
        private final List<SimulationListener> listeners;

        Call(String callId, List<SimulationListener> listeners) {
            this.callId = callId;
            this.listeners = listeners;
        }

        @Override
        public void turnSent(int turnIndex) {
            each(listeners, l -> l.turnSent(callId, turnIndex));
        }

        @Override
        public void firstToken(int turnIndex, double gapMs) {
            each(listeners, l -> l.firstToken(callId, turnIndex, gapMs));
        }

        @Override
        public void firstAudio(int turnIndex, double gapMs) {
            each(listeners, l -> l.firstAudio(callId, turnIndex, gapMs));
        }

        @Override
        public void reply(AgentReply reply) {
            each(listeners, l -> l.reply(callId, reply));
        }

        @Override
        public void callFailed(CallLine.CallError error) {
            each(listeners, l -> l.callFailed(callId, error));
        }

        @Override
        public void callEnd(CallStatus status) {
            each(listeners, l -> l.callEnd(callId, status));
        }
    }

    private void each(List<SimulationListener> targets, Consumer<SimulationListener> event) {
        for (SimulationListener l : targets) {
            guarded(l, () -> event.accept(l));
        }
    }

    private void guarded(Object listener, Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            if (failed.add(listener)) {
                LOG.warn("a simulation listener ({}) threw; it goes on being called, and its further failures are "
                        + "not logged", listener.getClass().getName(), Secrets.redact(e));
            }
        }
    }
}
