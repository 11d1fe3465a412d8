package io.ticketflow.intake;

import io.ticketflow.store.RequestWindow;
import java.time.Duration;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The writing phase of a batch in lockstep: each writing step runs for all the batch's messages that reached it at
 * once (each on its own intake worker, so their single-document requests meet in the store transport and travel as
 * one {@code _bulk} or {@code _mget}), and a message starts its next step only once no message of the walk is still
 * before it. Without it, the messages drift apart after their first write (each has its own chain of dependent
 * requests) and the bulks stay small.
 * <p>
 * A message is in the walk from the moment the batch's decided messages are released to write
 * ({@link OrderedBatch}) until its attempt ends, well or not ({@link #leave}); one that ends early (screened, an
 * edit) or fails drops out, and its retry walks alone. A message that has not begun writing after {@code patience}
 * while the others wait for it (every intake worker busy, e.g. with other mailboxes' batches) is dropped from the walk
 * and walks alone, so waiting for company never blocks the workers for good. Messages of one walk never share a
 * conversation: a message whose conversation has earlier unfinished work enters the batch's phases only after it,
 * and walks with the messages released to write at that moment.
 * <p>
 * The messages running one step are a {@link RequestWindow}: the store transport holds a batch that carries one of
 * their requests until each of them has sent its own (or is done with the step), so a step's requests go as one bulk
 * rather than the first alone and the others behind it.
 */
final class BatchWalk {

    static final Duration PATIENCE = Duration.ofMillis(200);

    private final ReentrantLock lock = new ReentrantLock();
    /** Per message of the walk: the step it waits at or runs (its next step before it began writing). */
    private final Map<MessageInProgress, Integer> position = new IdentityHashMap<>();
    /** Messages of the walk that have not begun writing yet. */
    private final Map<MessageInProgress, Boolean> pending = new IdentityHashMap<>();
    /** How many messages of the walk are at each step; and the threads waiting to run each step. */
    private final int[] at;
    private final Condition[] front;
    private final long patienceNanos;
    /** The lowest step a message of the walk is at: every step below it is through for the whole walk. */
    private int lowest;
    /** The messages running (or about to run) step {@code lowest}, whose requests travel together. */
    private RequestWindow window;
    private final Map<MessageInProgress, Boolean> inWindow = new IdentityHashMap<>();

    /**
     * @param messages decided messages of one batch, each at its first writing step ({@link MessageInProgress#next})
     * @param steps the length of the step list
     */
    BatchWalk(Collection<MessageInProgress> messages, int steps, Duration patience) {
        this.at = new int[steps + 1];
        this.front = new Condition[steps + 1];
        for (int i = 0; i <= steps; i++) {
            front[i] = lock.newCondition();
        }
        this.patienceNanos = patience.toNanos();
        for (MessageInProgress message : messages) {
            int step = Math.min(message.next, steps);
            position.put(message, step);
            pending.put(message, Boolean.TRUE);
            at[step]++;
            message.walk = this;
        }
        lowest = lowest();
        openWindow();
    }

    /**
     * Waits until every other message of the walk has reached {@code step} too (or left); then the message runs it,
     * at the same moment as the others that are at it.
     */
    void arrive(MessageInProgress message, int step) {
        RequestWindow.clear();
        lock.lock();
        try {
            Integer was = position.get(message);
            if (was == null) {
                return;
            }
            if (was != step) {
                outOfWindow(message);
            }
            at[was]--;
            at[step]++;
            position.put(message, step);
            pending.remove(message);
            advance();
            long patience = patienceNanos;
            while (lowest < step) {
                patience = front[step].awaitNanos(patience);
                if (patience <= 0 && lowest < step) {
                    dropPending();
                    patience = patienceNanos;
                }
            }
            if (window != null) {
                if (inWindow.put(message, Boolean.TRUE) == null) {
                    window.add();
                }
                window.join();
            }
        }
        catch (InterruptedException e) {
            // shutting down: the message goes on alone
            Thread.currentThread().interrupt();
            remove(message);
        }
        finally {
            lock.unlock();
        }
    }

    /** The message's walk is over (it ended, failed, or is handled another way): nobody waits for it any more. */
    void leave(MessageInProgress message) {
        RequestWindow.clear();
        lock.lock();
        try {
            remove(message);
        }
        finally {
            lock.unlock();
        }
    }

    /** Messages still in the walk (for tests). */
    int size() {
        lock.lock();
        try {
            return position.size();
        }
        finally {
            lock.unlock();
        }
    }

    private void remove(MessageInProgress message) {
        Integer was = position.remove(message);
        if (was != null) {
            outOfWindow(message);
            at[was]--;
            pending.remove(message);
            advance();
        }
    }

    /** Messages that never began writing while the others waited: they walk alone when they do. */
    private void dropPending() {
        for (MessageInProgress late : pending.keySet()) {
            outOfWindow(late);
            at[position.remove(late)]--;
        }
        pending.clear();
        advance();
    }

    /** Wakes the messages waiting at the steps the whole walk is now through. */
    private void advance() {
        int now = lowest();
        for (int step = lowest + 1; step <= now && step < front.length; step++) {
            front[step].signalAll();
        }
        if (now != lowest) {
            lowest = now;
            openWindow();
        }
    }

    /** The messages at the lowest step run it now: one window, each of them busy until it sends or is done. */
    private void openWindow() {
        inWindow.clear();
        window = lowest < at.length - 1 ? new RequestWindow("step " + lowest) : null;
        if (window != null) {
            position.forEach((message, step) -> {
                if (step == lowest) {
                    inWindow.put(message, Boolean.TRUE);
                    window.add();
                }
            });
        }
    }

    /** The message is done with the step it ran (or will never run it): its window no longer waits for it. */
    private void outOfWindow(MessageInProgress message) {
        if (inWindow.remove(message) != null) {
            window.done();
        }
    }

    private int lowest() {
        for (int step = 0; step < at.length; step++) {
            if (at[step] > 0) {
                return step;
            }
        }
        return at.length - 1;
    }
}
