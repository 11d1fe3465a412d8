package io.ticketflow.store;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A group of threads that act in step (the messages of a batch's walk running one writing step together): while any
 * member is still <em>busy</em> (computing, or not started yet) the store transport holds a batch that carries a
 * member's request, so the step's requests leave as one {@code _bulk}/{@code _mget} instead of the first alone and the
 * rest after it. A member is not busy while it waits for the store (its request is queued or on its way) and once
 * it is done with the step. The transport's {@code step-wait} bounds the hold, so a member that never sends (or
 * waits for something else) delays the others by at most that.
 * <p>
 * The one who forms the group counts the members ({@link #add}, {@link #done}); each member's thread
 * {@link #join joins} while it runs the step and {@link #clear clears} after, so the transport knows whose request it
 * holds. Requests of threads outside any window go as before.
 */
public final class RequestWindow {

    private static final ThreadLocal<RequestWindow> CURRENT = new ThreadLocal<>();

    /** Members neither waiting for the store nor done. */
    private final AtomicInteger busy = new AtomicInteger();
    /** Gathering threads holding a batch for this window: woken when no member is busy any more. */
    private final Set<Thread> holders = ConcurrentHashMap.newKeySet();
    private final String name;

    /** @param name what the members do together (for the transport's debug log of its batches) */
    public RequestWindow(String name) {
        this.name = name;
    }

    RequestWindow() {
        this("window");
    }

    /** A member that will act (busy until it waits for the store or is done). */
    public void add() {
        busy.incrementAndGet();
    }

    /** A member is done with the step, or will never act. */
    public void done() {
        lessBusy();
    }

    /** The calling thread acts for a member of this window: its store requests belong to it. */
    public void join() {
        CURRENT.set(this);
    }

    /** The calling thread acts for no window any more. */
    public static void clear() {
        CURRENT.remove();
    }

    @Override
    public String toString() {
        return name;
    }

    /** Whether some member may still send a request. */
    boolean busy() {
        return busy.get() > 0;
    }

    /** The window the calling thread acts for, or null. */
    public static RequestWindow current() {
        return CURRENT.get();
    }

    /** A member's request is queued or on its way: the member waits for the store. */
    void waiting() {
        lessBusy();
    }

    /**
     * The gathering thread holds a batch for this window until {@link #release}: when the last busy member waits or is
     * done, the thread is woken (it parks instead of looking again every few microseconds).
     */
    void hold(Thread gatherer) {
        holders.add(gatherer);
    }

    void release(Thread gatherer) {
        holders.remove(gatherer);
    }

    private void lessBusy() {
        // decremented first: a holder that registers after this sees the count, one registered before is woken
        if (busy.decrementAndGet() <= 0 && !holders.isEmpty()) {
            holders.forEach(LockSupport::unpark);
        }
    }

    /** A member got its answer: it is busy again (computing its next request or finishing the step). */
    void answered() {
        busy.incrementAndGet();
    }
}
