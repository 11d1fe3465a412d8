package io.ticketflow.respond;

import io.ticketflow.store.OutboxEntry;
import io.ticketflow.store.OutboxStore;
import io.ticketflow.store.Versioned;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The marks of mail the senders handed over (sent, or refused for good), written together: a sender that has nothing
 * more to send holds its mark for a while, and whoever writes next takes every held mark along in one bulk request.
 * A sender still waits for its own mark before it sends anything else, so a crash repeats at most one mail per sender,
 * as when each mark was written alone; a held mark only delays the entry's {@code sent} state, never a mail.
 * <p>
 * Each sender marked alone made nearly every mark a one-request shard bulk of its own (issue 16: ~0.45 per mail).
 * A mark is written, with every other pending one, when every sender has one pending, or after {@code wait} at the
 * latest, and before that:
 * <ul>
 * <li>the mark of a sender with more mail in hand as soon as no other sender is in the middle of a send (whose mark
 * would come a moment later): senders with a backlog fall into step and mark together;</li>
 * <li>the mark of a sender with nothing more to send (held) when its sender gets mail to send again.</li>
 * </ul>
 */
final class SentMarks {

    private static final Logger log = LoggerFactory.getLogger(SentMarks.class);

    private final OutboxStore store;
    private final int senders;
    private final long waitNanos;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    /** Marks not yet taken by a writer (guarded by the lock). */
    private List<Mark> pending = new ArrayList<>();
    /** Marks held by their senders (for {@link #nudge}: no lock taken while nobody holds). */
    private volatile int holding;
    /** Senders between {@link #starting} and {@link #finished} (guarded by the lock). */
    private int active;
    /** Of those, the ones waiting in {@link #mark} (guarded by the lock). */
    private int marking;

    /**
     * @param senders how many threads hold marks at most: when all of them hold one, nothing else can come
     * @param wait    the longest a mark is held
     */
    SentMarks(OutboxStore store, int senders, Duration wait) {
        this.store = store;
        this.senders = Math.max(1, senders);
        this.waitNanos = wait.toNanos();
    }

    /** A sender starts to send an entry: the marks of senders with more to do wait for its mark. */
    void starting() {
        lock.lock();
        try {
            active++;
        }
        finally {
            lock.unlock();
        }
    }

    /** The sender is done with that entry (marked, failed, or gave up): nobody waits for its mark any more. */
    void finished() {
        lock.lock();
        try {
            active--;
            changed.signalAll();
        }
        finally {
            lock.unlock();
        }
    }

    /**
     * Writes the outcome of a handed-over entry, with the marks others hold, and returns once it is written.
     *
     * @param moreWork null: the sender has the next mail in hand (the mark waits only for senders in the middle of a
     *                 send); otherwise the mark may be held while this is false (the sender's queue is empty)
     * @return the entry as written (its {@code entry} null if another sender changed it meanwhile) and how long the
     *         mark waited for company
     * @throws RuntimeException the store failed (the caller sends nothing more)
     */
    Written mark(Versioned<OutboxEntry> held, OutboxEntry outcome, BooleanSupplier moreWork) {
        long start = System.nanoTime();
        boolean hold = moreWork != null && waitNanos > 0;
        Mark mark = new Mark(held, outcome, hold);
        lock.lock();
        try {
            pending.add(mark);
            marking++;
            if (hold) {
                holding++;
            }
            long left = waitNanos;
            boolean mayWait = waitNanos > 0;
            boolean interrupted = false;
            while (!mark.done) {
                if (mark.taken) {
                    // another sender is writing it: its answer is a moment away
                    changed.awaitUninterruptibly();
                }
                else if (!mayWait || left <= 0 || pending.size() >= senders
                        || (hold ? moreWork.getAsBoolean() : active - marking <= 0)) {
                    writePending();
                }
                else {
                    try {
                        left = changed.awaitNanos(left);
                    }
                    catch (InterruptedException e) {
                        // stopping: write it now, the sender's caller is waiting
                        interrupted = true;
                        mayWait = false;
                    }
                }
            }
            marking--;
            if (hold) {
                holding--;
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        finally {
            lock.unlock();
        }
        if (mark.failure != null) {
            throw mark.failure;
        }
        if (mark.written == null) {
            log.warn("Outbox entry {} changed while it was being sent", outcome.id());
        }
        return new Written(mark.written, mark.writeStarted - start);
    }

    /** A sender got work: a held mark of its must not make it wait, so the holders look again. */
    void nudge() {
        if (holding == 0) {
            return;
        }
        lock.lock();
        try {
            changed.signalAll();
        }
        finally {
            lock.unlock();
        }
    }

    /** Takes every pending mark and writes them in one bulk request, outside the lock (called holding it). */
    private void writePending() {
        List<Mark> group = pending;
        pending = new ArrayList<>();
        long started = System.nanoTime();
        group.forEach(m -> {
            m.taken = true;
            m.writeStarted = started;
        });
        lock.unlock();
        try {
            write(group);
        }
        finally {
            lock.lock();
        }
        group.forEach(m -> m.done = true);
        changed.signalAll();
    }

    /**
     * Writes the marks, each getting its new version, null (another sender changed the entry: a lost race) or the
     * failure that must stop its sender, as when each mark was written alone.
     */
    private void write(List<Mark> group) {
        if (group.size() > 1) {
            try {
                List<Versioned<OutboxEntry>> written = store.updateAll(group.stream().map(m -> m.held).toList(),
                        group.stream().map(m -> m.outcome).toList());
                for (int i = 0; i < group.size(); i++) {
                    group.get(i).written = written.get(i);
                }
                log.debug("{} sent marks written together, {} of them held", group.size(),
                        group.stream().filter(m -> m.mayWait).count());
            }
            catch (RuntimeException e) {
                // the bulk failed as a whole: each mark is tried alone below, and fails its sender if it fails again
                log.debug("{} sent marks could not be written together: {}", group.size(), e.toString());
            }
        }
        else {
            log.debug("1 sent marks written together, {} of them held", group.get(0).mayWait ? 1 : 0);
        }
        for (Mark m : group) {
            if (m.written != null) {
                continue;
            }
            // alone (through the transport, which may still coalesce it), or again after an item of the bulk failed:
            // the bulk does not tell a conflict (null again) from a failure that must stop the sender (thrown)
            try {
                m.written = store.update(m.held, m.outcome);
            }
            catch (RuntimeException e) {
                m.failure = e;
            }
        }
    }

    /**
     * @param entry     the entry as marked, null if another sender changed it meanwhile
     * @param heldNanos how long the mark waited for company before its write began
     */
    record Written(Versioned<OutboxEntry> entry, long heldNanos) {
    }

    /** One sender's mark (fields guarded by the lock). */
    private static final class Mark {

        final Versioned<OutboxEntry> held;
        final OutboxEntry outcome;
        /** Its sender had nothing more to send: the mark could wait for company. */
        final boolean mayWait;
        boolean taken;
        boolean done;
        Versioned<OutboxEntry> written;
        RuntimeException failure;
        long writeStarted;

        Mark(Versioned<OutboxEntry> held, OutboxEntry outcome, boolean mayWait) {
            this.held = held;
            this.outcome = outcome;
            this.mayWait = mayWait;
        }
    }
}
