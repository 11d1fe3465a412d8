package io.ticketflow.intake;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test implementation of the fault seam: "crash" (throw an Error nothing in the application catches as a failure) the
 * first N times a fault point is reached, and count every point reached per raw message.
 */
public final class ScriptedFaults implements FaultPoints {

    /** Stands for the process dying at a fault point. */
    public static final class SimulatedCrash extends Error {
        SimulatedCrash(FaultPoint point) {
            super("simulated crash at " + point);
        }
    }

    private volatile FaultPoint armed;
    private volatile boolean crash = true;
    private volatile String only;
    private volatile FaultPoint actionPoint;
    private volatile Runnable action;
    private final AtomicInteger remaining = new AtomicInteger();
    private final Map<String, AtomicInteger> reached = new ConcurrentHashMap<>();

    public void arm(FaultPoint point, int times) {
        only = null;
        crash = true;
        remaining.set(times);
        armed = point;
    }

    /** Like {@link #arm} but an ordinary failure (a RuntimeException), as a bug in a stage would raise. */
    public void fail(FaultPoint point, int times) {
        failFor(point, times, null);
    }

    /** {@link #fail} for one raw message only (null: any), so mail of other tests running meanwhile is not hit. */
    public void failFor(FaultPoint point, int times, String rawId) {
        only = rawId;
        crash = false;
        remaining.set(times);
        armed = point;
    }

    /** True once the armed crash has happened. */
    public boolean fired() {
        return remaining.get() < 0 || (armed != null && remaining.get() == 0);
    }

    /** Runs an action (e.g. cut the store) the next time a point is reached, without crashing. */
    public void whenReached(FaultPoint point, Runnable action) {
        actionPoint = point;
        this.action = action;
    }

    public void disarm() {
        action = null;
        actionPoint = null;
        armed = null;
        remaining.set(0);
    }

    /** How often a raw message reached a point. */
    public int count(FaultPoint point, String rawId) {
        AtomicInteger n = reached.get(point + "/" + rawId);
        return n == null ? 0 : n.get();
    }

    @Override
    public void reached(FaultPoint point, String rawId) {
        reached.computeIfAbsent(point + "/" + rawId, k -> new AtomicInteger()).incrementAndGet();
        Runnable once = action;
        if (point == actionPoint && once != null) {
            action = null;
            once.run();
        }
        if (point == armed && (only == null || only.equals(rawId)) && remaining.getAndDecrement() > 0) {
            if (crash) {
                throw new SimulatedCrash(point);
            }
            throw new IllegalStateException("simulated failure at " + point);
        }
    }
}
