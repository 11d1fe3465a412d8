package io.ticketflow.respond;

import io.ticketflow.store.OutboxEntry;
import io.ticketflow.store.Versioned;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Sends just-recorded outbox entries on sender threads of their own, milliseconds after they were recorded, so the
 * SMTP conversation and the outbox writes of sending are off the incoming mail's critical path. The queues hold the
 * entries as created (with their version), already claimed by this instance, so a sender sends an entry without
 * reading it back or claiming it again ({@link OutboxSender#sendHeld}).
 * <p>
 * Each sender has a queue of its own, and a recipient's mail always goes to the same one, so one recipient's mails
 * leave in the order they were recorded (a sender sends its queue in order), however many senders there are. A
 * sender whose queue is empty holds the {@code sent} mark of its last mail for a moment, so that the marks of several
 * senders go in one bulk ({@link SentMarks}); new work for it ends the wait.
 * <p>
 * Handing off never blocks and never fails the caller: when the queue is full (a burst, SMTP slow) or the dispatcher
 * is stopped, the entry simply stays claimed by this instance and the retry timer ({@link OutboxSender#dispatchDue()})
 * of any instance sends it once that claim has expired. Exactly-once stays with the entry's claim, not with this
 * queue.
 */
@Component
public class OutboxDispatcher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxDispatcher.class);
    /** How long stopping waits for queued entries to be sent before leaving them to the retry timer. */
    private static final Duration DRAIN_ON_STOP = Duration.ofSeconds(10);

    private final OutboxSender sender;
    private final int senders;
    /** One queue per sender thread; a recipient's entries all go to one of them. */
    private final List<BlockingQueue<Versioned<OutboxEntry>>> queues = new ArrayList<>();
    /** Entries queued or being sent: zero means idle. */
    private final AtomicInteger outstanding = new AtomicInteger();
    private final AtomicLong handedOff = new AtomicLong();
    private final AtomicLong leftToTimer = new AtomicLong();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean accepting;
    private volatile boolean running;

    public OutboxDispatcher(OutboxSender sender, OutboxProperties properties) {
        this.sender = sender;
        this.senders = Math.max(1, properties.senders());
        // the capacity is shared out: memory stays bounded by it as with one queue
        int capacity = Math.max(1, properties.queueCapacity() / senders);
        for (int i = 0; i < senders; i++) {
            queues.add(new ArrayBlockingQueue<>(capacity));
        }
    }

    /**
     * Queues the entry for sending; false (at once) when the queue is full or the dispatcher is stopped: the retry
     * timer sends the entry when its claim has expired.
     */
    public boolean dispatch(Versioned<OutboxEntry> recorded) {
        outstanding.incrementAndGet();
        if (accepting && queueOf(recorded.value()).offer(recorded)) {
            handedOff.incrementAndGet();
            sender.nudge();
            return true;
        }
        outstanding.decrementAndGet();
        long left = leftToTimer.incrementAndGet();
        if (left == 1 || left % 1000 == 0) {
            log.warn("Outbox hand-off {} ({} entries so far): the retry timer sends them", accepting
                    ? "queue is full" : "is stopped", left);
        }
        return false;
    }

    /** The queue of the recipient's sender: the same for all of one recipient's mail. */
    private BlockingQueue<Versioned<OutboxEntry>> queueOf(OutboxEntry entry) {
        String to = entry.to() == null ? "" : entry.to().toLowerCase(Locale.ROOT);
        return queues.get(Math.floorMod(to.hashCode(), queues.size()));
    }

    private void sendQueued(BlockingQueue<Versioned<OutboxEntry>> queue) {
        BooleanSupplier moreWork = () -> !queue.isEmpty();
        while (running) {
            Versioned<OutboxEntry> next;
            try {
                next = queue.poll(200, TimeUnit.MILLISECONDS);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (next == null) {
                continue;
            }
            // what queued up meanwhile goes along: one claim request and one SMTP connection for the lot
            List<Versioned<OutboxEntry>> batch = new ArrayList<>(OutboxSender.BATCH);
            batch.add(next);
            queue.drainTo(batch, OutboxSender.BATCH - 1);
            try {
                sender.sendHeld(batch, moreWork);
            }
            catch (RuntimeException e) {
                // the store is unavailable: the entries are pending (or their claims expire); the retry timer sends them
                log.warn("Could not send {} outbox entries ({} ...), left to the retry timer: {}", batch.size(),
                        next.value().id(), e.getMessage());
            }
            finally {
                outstanding.addAndGet(-batch.size());
            }
        }
    }

    /**
     * Waits until nothing handed to this dispatcher is queued or being sent; false if that did not happen within the
     * timeout. Idle does not mean delivered: an entry whose send failed ends pending with its backoff and is the
     * retry timer's ({@link OutboxSender#dispatchDue()}), and so is an entry that did not fit the queue
     * ({@link #counts()}); this does not wait for those.
     */
    public boolean awaitIdle(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (outstanding.get() > 0) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(10);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** Entries handed to the senders, and entries left to the retry timer (queue full or stopped), since start. */
    public Counts counts() {
        return new Counts(handedOff.get(), leftToTimer.get(), queues.stream().mapToInt(BlockingQueue::size).sum());
    }

    public record Counts(long handedOff, long leftToTimer, int queued) {
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        accepting = true;
        for (int i = 0; i < senders; i++) {
            BlockingQueue<Versioned<OutboxEntry>> queue = queues.get(i);
            Thread t = new Thread(() -> sendQueued(queue), "outbox-sender-" + (i + 1));
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
    }

    /** Stops taking entries, sends what is queued (for a while), then stops the senders. */
    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        accepting = false;
        if (!awaitIdle(DRAIN_ON_STOP)) {
            log.warn("Outbox: {} entries not sent before shutdown, the retry timer sends them after the restart",
                    outstanding.get());
        }
        running = false;
        for (Thread t : threads) {
            try {
                t.join(DRAIN_ON_STOP.toMillis());
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        threads.clear();
        queues.forEach(BlockingQueue::clear);
        outstanding.set(0);
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stopped after the routes and the web server (Camel's phase is MAX_VALUE - 2049): they may still hand off. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 4096;
    }
}
