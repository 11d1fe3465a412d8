package io.ticketflow.store;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The queue of a {@link MicroBatcher} and how its gathering thread makes a batch of what waits there: it takes the
 * first request, fills the batch with what fits, and holds a batch that is not full for more (linger, company wait,
 * step hold; see {@link MicroBatcher}). Callers only add to the queue and wake a held batch; only the gathering thread
 * takes from it.
 *
 * @param <I> a request
 * @param <O> its answer
 */
final class BatchGathering<I, O> {

    private static final int COMPANY = 1;
    private static final int STEP = 2;

    private final LinkedBlockingQueue<PendingRequest<I, O>> queue = new LinkedBlockingQueue<>();
    /** The weight of the queued requests (what a parked batch would take in). */
    private final AtomicLong queuedBytes = new AtomicLong();
    private final int maxItems;
    private final int maxBytes;
    private final long lingerNanos;
    private final long companyWaitNanos;
    private final long stepWaitNanos;
    private final long stepHoldNanos;
    /** Batches handed to the sender and not yet answered (the batcher's). */
    private final AtomicInteger inFlight;
    private final BatchCounters counters;
    /** The gathering thread, as the windows it holds a batch for know it. */
    private final Thread thread;
    /** What the gathering thread parks on (the batcher, as thread dumps show it). */
    private final Object blocker;
    /**
     * What the parked gathering thread holds its batch for ({@link #COMPANY}, {@link #STEP}, else 0), and the room the
     * batch has left: a request that would fill it (or not fit) wakes the thread, an answered batch wakes a company
     * wait, the last busy member of a window wakes a step hold ({@link RequestWindow}); other requests just queue and
     * join when it wakes (at the latest at its deadline). It used to look again every 100 us, and a request woke it
     * each time, which cost a timed park per look (CPU in the kernel).
     */
    private volatile int holding;
    private volatile int roomItems;
    private volatile long roomBytes;
    /** A request that did not fit into the lingering batch: it leads the next one (gathering thread only). */
    private PendingRequest<I, O> carried;
    /** How the batch being sent was gathered (gathering thread only; for the debug log). */
    private String gathered = "";

    BatchGathering(int maxItems, int maxBytes, long lingerNanos, long companyWaitNanos, long stepWaitNanos,
            long stepHoldNanos, AtomicInteger inFlight, BatchCounters counters, Thread thread, Object blocker) {
        this.maxItems = maxItems;
        this.maxBytes = maxBytes;
        this.lingerNanos = lingerNanos;
        this.companyWaitNanos = companyWaitNanos;
        this.stepWaitNanos = stepWaitNanos;
        this.stepHoldNanos = stepHoldNanos;
        this.inFlight = inFlight;
        this.counters = counters;
        this.thread = thread;
        this.blocker = blocker;
    }

    /** Queues a caller's request. */
    void add(PendingRequest<I, O> pending) {
        queuedBytes.addAndGet(pending.weight);
        queue.add(pending);
    }

    /** Whether the gathering thread holds a batch whose room the queued requests fill: then the caller wakes it. */
    boolean fillsHeldBatch() {
        return holding != 0 && fillsTheRoom();
    }

    /** Whether the gathering thread holds a batch for company: an answered batch wakes it. */
    boolean waitsForCompany() {
        return holding == COMPANY;
    }

    /** Takes the request back if no batch has it yet. */
    boolean remove(PendingRequest<I, O> pending) {
        return queue.remove(pending);
    }

    /** Takes a request off the queue when closing, or null. */
    PendingRequest<I, O> poll() {
        return queue.poll();
    }

    /** Requests waiting for the next batch. */
    int size() {
        return queue.size();
    }

    /** The request that leads the next batch: the one carried over, else the next queued (waits for one). */
    PendingRequest<I, O> first() throws InterruptedException {
        PendingRequest<I, O> first = carried != null ? carried : taken(queue.take());
        carried = null;
        return first;
    }

    /** Adds what is waiting and fits; only this thread takes from the queue, so what peek() shows poll() removes. */
    int fill(List<PendingRequest<I, O>> batch, int bytes) {
        for (PendingRequest<I, O> next = queue.peek(); next != null && batch.size() < maxItems
                && bytes + next.weight <= maxBytes; next = queue.peek()) {
            batch.add(taken(queue.poll()));
            bytes += next.weight;
        }
        return bytes;
    }

    /** Holds the filled batch for more as the batcher is set up to; says how it was gathered (for the debug log). */
    String hold(List<PendingRequest<I, O>> batch, int bytes) {
        gathered = "at once";
        if (stepWaitNanos > 0 && busyWindow(batch)) {
            holdForStep(batch, bytes);
        }
        else if (lingerNanos > 0) {
            linger(batch, bytes, lingerNanos);
        }
        else if (companyWaitNanos > 0 && batch.size() < maxItems && inFlight.get() > 0) {
            gathered = "with company";
            waitForCompany(batch, bytes, System.nanoTime() + companyWaitNanos);
        }
        return gathered;
    }

    /** Holds the batch for more requests up to {@code nanos}. */
    private void linger(List<PendingRequest<I, O>> batch, int bytes, long nanos) {
        long deadline = System.nanoTime() + nanos;
        try {
            for (long left = nanos; left > 0 && batch.size() < maxItems; left = deadline - System.nanoTime()) {
                PendingRequest<I, O> next = queue.peek();
                if (next == null) {
                    next = taken(queue.poll(left, TimeUnit.NANOSECONDS));
                    if (next == null) {
                        return;
                    }
                    if (bytes + next.weight > maxBytes) {
                        carried = next;
                        return;
                    }
                    batch.add(next);
                    bytes += next.weight;
                }
                else if (bytes + next.weight > maxBytes) {
                    return;
                }
                bytes = fill(batch, bytes);
            }
        }
        catch (InterruptedException e) {
            // closing: send what was gathered, its callers are waiting for it
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Holds a batch that is not full until no other batch is in flight, it is full (or the next request does not fit),
     * or the deadline. Parked meanwhile: an answered batch or a request that fills the room wakes it.
     */
    private void waitForCompany(List<PendingRequest<I, O>> batch, int bytes, long deadline) {
        holding = COMPANY;
        try {
            while (true) {
                bytes = fill(batch, bytes);
                if (arrivedSinceFill(batch, bytes)) {
                    continue;
                }
                // the queue not empty after fill(): its head does not fit, the batch goes as it is
                long left = deadline - System.nanoTime();
                if (batch.size() >= maxItems || !queue.isEmpty() || inFlight.get() == 0 || left <= 0) {
                    return;
                }
                if (!park(batch, bytes, left)) {
                    return;
                }
            }
        }
        finally {
            holding = 0;
        }
    }

    /** Whether a request of the batch belongs to a window with a member still busy. */
    private static boolean busyWindow(List<? extends PendingRequest<?, ?>> batch) {
        return batch.stream().anyMatch(pending -> pending.window != null && pending.window.busy());
    }

    /**
     * Holds the batch while a member of one of its windows is busy: the step's other requests are coming. Ends when
     * none is, when the batch is full, or when no request came for {@code stepWait}.
     */
    private void holdForStep(List<PendingRequest<I, O>> batch, int bytes) {
        counters.heldForStep();
        gathered = "held for its step";
        long start = System.nanoTime();
        long lastArrival = start;
        List<RequestWindow> held = new ArrayList<>(2);
        holding = STEP;
        try {
            for (int told = 0; true; told = batch.size()) {
                bytes = fill(batch, bytes);
                // the windows told before their members are looked at: the last one to stop being busy wakes this
                holdWindows(batch, told, held);
                for (int i = Math.max(told, 1); i < batch.size(); i++) {
                    lastArrival = Math.max(lastArrival, batch.get(i).submitted);
                }
                if (arrivedSinceFill(batch, bytes)) {
                    continue;
                }
                if (batch.size() >= maxItems || !queue.isEmpty() || !busyWindow(batch)) {
                    return;
                }
                long now = System.nanoTime();
                if (now - lastArrival >= stepWaitNanos || now - start >= stepHoldNanos) {
                    counters.stepCut();
                    gathered = "held for its step, cut after " + (now - start) / 1000 + " us";
                    return;
                }
                if (!park(batch, bytes, Math.min(lastArrival + stepWaitNanos, start + stepHoldNanos) - now)) {
                    return;
                }
            }
        }
        finally {
            holding = 0;
            held.forEach(window -> window.release(thread));
        }
    }

    /**
     * Parks up to {@code nanos} unless what is queued already fills the batch's room; false when closing (the batch
     * goes with what it has: its callers are waiting for it).
     */
    private boolean park(List<PendingRequest<I, O>> batch, int bytes, long nanos) {
        roomItems = maxItems - batch.size();
        // a single request heavier than max-bytes leaves no room (not less): the next request to come ends the hold
        roomBytes = Math.max(0, maxBytes - bytes);
        // the room is set before the queue is looked at: a request queued after this look sees it and wakes the park
        if (!fillsTheRoom()) {
            LockSupport.parkNanos(blocker, nanos);
        }
        return !Thread.currentThread().isInterrupted();
    }

    /** Whether the queue's head came after fill() looked and fits: then it is taken too, not mistaken for a misfit. */
    private boolean arrivedSinceFill(List<PendingRequest<I, O>> batch, int bytes) {
        PendingRequest<I, O> head = queue.peek();
        return head != null && batch.size() < maxItems && bytes + head.weight <= maxBytes;
    }

    /** Whether the queued requests would fill the held batch or not fit into it. */
    private boolean fillsTheRoom() {
        return queue.size() >= roomItems || queuedBytes.get() > roomBytes;
    }

    /** A request taken from the queue (or null): its weight is no longer queued. */
    private PendingRequest<I, O> taken(PendingRequest<I, O> pending) {
        if (pending != null) {
            queuedBytes.addAndGet(-pending.weight);
        }
        return pending;
    }

    /** Tells the windows of the batch's requests from {@code from} on that this thread holds the batch for them. */
    private void holdWindows(List<PendingRequest<I, O>> batch, int from, List<RequestWindow> held) {
        for (int i = from; i < batch.size(); i++) {
            RequestWindow window = batch.get(i).window;
            if (window != null && !held.contains(window)) {
                held.add(window);
                window.hold(thread);
            }
        }
    }
}
