package io.ticketflow.store;
// Round 12 wire A/B: MicroBatcher as of de0e72c (held batches looked again every 100 us), for bench/ab/run batcher.

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit for any request/answer pair: callers on many threads {@link #submit} one request each, one thread
 * gathers what is waiting into a batch (at most {@code maxItems} requests and {@code maxBytes} of weight; a heavier
 * single request still goes, alone), hands the batch to the sender and gives each caller its own answer, the one at
 * its position in the sender's list, or the batch's failure.
 * <p>
 * A batch goes as soon as one of {@code maxInFlight} permits is free: while every permit is out, new requests gather
 * in the queue, so batches grow exactly when the receiver is slow and nobody waits for a half-empty one. A positive
 * {@code linger} additionally holds a batch that is not yet full up to that long for more requests (fewer, larger
 * batches at the price of latency); zero never waits.
 * <p>
 * A positive {@code companyWait} is the adaptive form: a batch that is not full waits up to that long for more
 * requests <em>only while another batch is on its way</em>. Under load the receiver is busy with that other batch
 * anyway, so a moment's wait costs little latency and makes fewer, larger batches (less per-request work in the
 * receiver); when idle nothing else is in flight and a request goes at once, and the wait ends as soon as the other
 * batches are answered.
 * <p>
 * A positive {@code stepWait} serves callers that act in step ({@link RequestWindow}): a batch that carries a request
 * of a window whose members are still busy waits for their requests, so a step of many callers goes as one batch; it
 * goes once no member is busy, or when no new request came for {@code stepWait} (a member that sends nothing or waits
 * for something else), at the latest after {@code stepHold}.
 * <p>
 * The counters are updated before any caller gets its answer, so a caller that has its answer also sees its batch
 * counted.
 *
 * @param <I> a request, already in the form the sender puts on the wire
 * @param <O> one request's answer
 */
final class MicroBatcherOld<I, O> implements AutoCloseable {

    /** Sends one batch; the answers come back in request order, one per request. */
    @FunctionalInterface
    interface Sender<I, O> {
        CompletionStage<List<O>> send(List<I> batch);
    }

    private static final Logger log = LoggerFactory.getLogger(MicroBatcherOld.class);
    private static final long BUSY_RECHECK_NANOS = TimeUnit.MICROSECONDS.toNanos(100);

    private final LinkedBlockingQueue<Pending<I, O>> queue = new LinkedBlockingQueue<>();
    private final LongAdder batches = new LongAdder();
    private final LongAdder items = new LongAdder();
    private final LongAdder nanos = new LongAdder();
    private final LongAdder stepHolds = new LongAdder();
    private final LongAdder stepHoldsCut = new LongAdder();
    private final String name;
    private final int maxItems;
    private final int maxBytes;
    private final long lingerNanos;
    private final long companyWaitNanos;
    private final long stepWaitNanos;
    private final long stepHoldNanos;
    /** Batches handed to the sender and not yet answered. */
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Semaphore permits;
    private final ToIntFunction<I> weight;
    private final Sender<I, O> sender;
    private final Thread thread;
    private volatile boolean closed;
    /** A request that did not fit into the lingering batch: it leads the next one (gathering thread only). */
    private Pending<I, O> carried;
    /** What a batch carries, for the debug log of batches (e.g. the indices of its items). */
    private Function<List<I>, String> description = batch -> "";
    /** How the batch being sent was gathered (gathering thread only; for the debug log). */
    private String gathered = "";

    MicroBatcherOld(String name, int maxItems, int maxBytes, int maxInFlight, Duration linger, ToIntFunction<I> weight,
            Sender<I, O> sender) {
        this(name, maxItems, maxBytes, maxInFlight, linger, Duration.ZERO, Duration.ZERO, Duration.ZERO, weight, sender);
    }

    MicroBatcherOld(String name, int maxItems, int maxBytes, int maxInFlight, Duration linger, Duration companyWait,
            Duration stepWait, Duration stepHold, ToIntFunction<I> weight, Sender<I, O> sender) {
        if (maxItems < 1 || maxBytes < 1 || maxInFlight < 1 || linger.isNegative() || companyWait.isNegative()
                || stepWait.isNegative() || stepHold.isNegative()) {
            throw new IllegalArgumentException(name + ": limits must be positive and the waits not negative");
        }
        this.name = name;
        this.maxItems = maxItems;
        this.maxBytes = maxBytes;
        this.lingerNanos = linger.toNanos();
        this.companyWaitNanos = companyWait.toNanos();
        this.stepWaitNanos = stepWait.toNanos();
        this.stepHoldNanos = stepHold.toNanos();
        this.permits = new Semaphore(maxInFlight);
        this.weight = weight;
        this.sender = sender;
        this.thread = new Thread(this::gather, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Describes each batch in the DEBUG log of {@code io.ticketflow.store.MicroBatcher}. */
    MicroBatcherOld<I, O> describedBy(Function<List<I>, String> describe) {
        this.description = describe;
        return this;
    }

    /** Queues the request; the future completes with its answer or with its batch's failure. */
    CompletableFuture<O> submit(I request) {
        return submit(request, null);
    }

    /**
     * Queues the request of a member of {@code window} (null: of no window); the member counts as waiting for the
     * store from now until its answer is there.
     */
    CompletableFuture<O> submit(I request, RequestWindow window) {
        Pending<I, O> pending = new Pending<>(request, weight.applyAsInt(request), window);
        queue.add(pending);
        // queued first: a batch that sees the member no longer busy has its request
        if (window != null) {
            window.waiting();
        }
        // closed meanwhile: nobody will take it (remove() keeps it from being failed twice)
        if (closed && queue.remove(pending)) {
            pending.fail(closedError());
        }
        return pending.answer;
    }

    /** Waits for a submitted request's answer: its batch's {@link IOException} or runtime failure comes out as is. */
    static <O> O await(CompletableFuture<O> answer) throws IOException {
        try {
            return answer.get();
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the batch");
        }
        catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IOException(e.getCause());
        }
    }

    /** Batches sent (answered or failed). */
    long batches() {
        return batches.sum();
    }

    /** Requests carried by the batches sent. */
    long items() {
        return items.sum();
    }

    /** Time the sent batches were on their way, summed. */
    long nanos() {
        return nanos.sum();
    }

    /** Batches held for the busy members of a window ({@link RequestWindow}). */
    long stepHolds() {
        return stepHolds.sum();
    }

    /** Of those, the ones that went before every member had sent (no request for {@code stepWait}, or the cap). */
    long stepHoldsCut() {
        return stepHoldsCut.sum();
    }

    /** Requests waiting for the next batch. */
    int waiting() {
        return queue.size();
    }

    /** Stops the gathering thread; requests still waiting fail with an {@link InterruptedIOException}. */
    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        Pending<I, O> left;
        while ((left = queue.poll()) != null) {
            left.fail(closedError());
        }
    }

    private InterruptedIOException closedError() {
        return new InterruptedIOException(name + " is closed");
    }

    private void gather() {
        while (!Thread.currentThread().isInterrupted()) {
            List<Pending<I, O>> batch = new ArrayList<>();
            try {
                batch.add(carried != null ? carried : queue.take());
                carried = null;
                permits.acquire();
            }
            catch (InterruptedException e) {
                batch.forEach(p -> p.fail(closedError()));
                return;
            }
            int bytes = fill(batch, batch.get(0).weight);
            gathered = "at once";
            if (stepWaitNanos > 0 && busyWindow(batch)) {
                holdForStep(batch, bytes);
            }
            else if (lingerNanos > 0) {
                linger(batch, bytes, lingerNanos, false);
            }
            else if (companyWaitNanos > 0 && batch.size() < maxItems && inFlight.get() > 0) {
                gathered = "with company";
                linger(batch, bytes, companyWaitNanos, true);
            }
            if (log.isDebugEnabled()) {
                log.debug("{}: {} requests, {}, {} in flight; windows {}; {}", name, batch.size(), gathered,
                        inFlight.get(), batch.stream().map(p -> String.valueOf(p.window)).distinct().toList(),
                        description.apply(batch.stream().map(p -> p.request).toList()));
            }
            send(batch);
        }
    }

    /** Adds what is waiting and fits; only this thread takes from the queue, so what peek() shows poll() removes. */
    private int fill(List<Pending<I, O>> batch, int bytes) {
        for (Pending<I, O> next = queue.peek(); next != null && batch.size() < maxItems
                && bytes + next.weight <= maxBytes; next = queue.peek()) {
            batch.add(queue.poll());
            bytes += next.weight;
        }
        return bytes;
    }

    /** Holds the batch for more requests up to {@code nanos}; {@code whileBusy}: only while another batch is out. */
    private void linger(List<Pending<I, O>> batch, int bytes, long nanos, boolean whileBusy) {
        long deadline = System.nanoTime() + nanos;
        try {
            for (long left = nanos; left > 0 && batch.size() < maxItems && (!whileBusy || inFlight.get() > 0);
                    left = deadline - System.nanoTime()) {
                Pending<I, O> next = queue.peek();
                if (next == null) {
                    // while busy, look again at short intervals: the wait ends when the other batches are answered
                    next = queue.poll(whileBusy ? Math.min(left, BUSY_RECHECK_NANOS) : left, TimeUnit.NANOSECONDS);
                    if (next == null) {
                        if (whileBusy) {
                            continue;
                        }
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

    /** Whether a request of the batch belongs to a window with a member still busy. */
    private static boolean busyWindow(List<? extends Pending<?, ?>> batch) {
        return batch.stream().anyMatch(pending -> pending.window != null && pending.window.busy());
    }

    /**
     * Holds the batch while a member of one of its windows is busy: the step's other requests are coming. Ends when
     * none is, when the batch is full, or when no request came for {@code stepWait}.
     */
    private void holdForStep(List<Pending<I, O>> batch, int bytes) {
        stepHolds.increment();
        gathered = "held for its step";
        long start = System.nanoTime();
        long lastArrival = start;
        try {
            while (batch.size() < maxItems && busyWindow(batch)) {
                long now = System.nanoTime();
                if (now - lastArrival >= stepWaitNanos || now - start >= stepHoldNanos) {
                    stepHoldsCut.increment();
                    gathered = "held for its step, cut after " + (now - start) / 1000 + " us";
                    return;
                }
                Pending<I, O> next = queue.poll(BUSY_RECHECK_NANOS, TimeUnit.NANOSECONDS);
                if (next != null) {
                    if (bytes + next.weight > maxBytes) {
                        carried = next;
                        return;
                    }
                    batch.add(next);
                    bytes = fill(batch, bytes + next.weight);
                    lastArrival = System.nanoTime();
                }
            }
        }
        catch (InterruptedException e) {
            // closing: send what was gathered, its callers are waiting for it
            Thread.currentThread().interrupt();
        }
    }

    private void send(List<Pending<I, O>> batch) {
        long started = System.nanoTime();
        CompletionStage<List<O>> sent;
        inFlight.incrementAndGet();
        try {
            sent = sender.send(batch.stream().map(p -> p.request).toList());
        }
        catch (RuntimeException e) {
            // nothing went out: the callers fail, the batch is not counted
            inFlight.decrementAndGet();
            permits.release();
            batch.forEach(p -> p.fail(e));
            return;
        }
        sent.whenComplete((answers, failure) -> {
            batches.increment();
            items.add(batch.size());
            nanos.add(System.nanoTime() - started);
            inFlight.decrementAndGet();
            permits.release();
            Throwable error = failure instanceof CompletionException c && c.getCause() != null ? c.getCause() : failure;
            if (error == null && (answers == null || answers.size() != batch.size())) {
                error = new IOException(name + ": " + (answers == null ? "no" : answers.size()) + " answers for "
                        + batch.size() + " requests");
            }
            for (int i = 0; i < batch.size(); i++) {
                if (error == null) {
                    batch.get(i).complete(answers.get(i));
                }
                else {
                    batch.get(i).fail(error);
                }
            }
        });
    }

    private static final class Pending<I, O> {

        final I request;
        final int weight;
        final RequestWindow window;
        final CompletableFuture<O> answer = new CompletableFuture<>();
        private final AtomicBoolean settled = new AtomicBoolean();

        Pending(I request, int weight, RequestWindow window) {
            this.request = request;
            this.weight = weight;
            this.window = window;
        }

        void complete(O value) {
            if (settle()) {
                answer.complete(value);
            }
        }

        void fail(Throwable error) {
            if (settle()) {
                answer.completeExceptionally(error);
            }
        }

        /** The member is busy again before it has its answer: no batch mistakes it for one that sent everything. */
        private boolean settle() {
            if (!settled.compareAndSet(false, true)) {
                return false;
            }
            if (window != null) {
                window.answered();
            }
            return true;
        }
    }
}
