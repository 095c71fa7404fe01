package io.callstorm.samples.clinic;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The clinic's calendars, one lock per doctor: writing a booking holds the doctor's calendar for a while, so
 * bookings for the same doctor wait their turn (fairly, first come first served). A booking that waits longer than
 * the agent's tool timeout gives up.
 */
final class Calendars {
    /** A booking attempt: whether it was written, and how long it took (waiting included). */
    record Booked(boolean ok, long waitedMillis) {
    }

    private final Map<String, ReentrantLock> locks;
    private final long bookingMillis;
    private final long timeoutMillis;

    Calendars(List<String> doctors, long bookingMillis, long timeoutMillis) {
        this.locks = doctors.stream().collect(Collectors.toMap(Function.identity(), d -> new ReentrantLock(true)));
        this.bookingMillis = bookingMillis;
        this.timeoutMillis = timeoutMillis;
    }

    Booked book(String doctor) {
        long start = System.nanoTime();
        ReentrantLock lock = locks.get(doctor);
        try {
            if (!lock.tryLock(timeoutMillis, TimeUnit.MILLISECONDS)) {
                return new Booked(false, timeoutMillis);
            }
            try {
                Thread.sleep(bookingMillis);
            } finally {
                lock.unlock();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Booked(false, (System.nanoTime() - start) / 1_000_000);
        }
        return new Booked(true, (System.nanoTime() - start) / 1_000_000);
    }
}
