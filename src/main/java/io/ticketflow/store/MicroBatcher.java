package io.ticketflow.store;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
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
final class MicroBatcher<I, O> implements AutoCloseable {

    /** Sends one batch; the answers come back in request order, one per request. */
    @FunctionalInterface
    interface Sender<I, O> {
        CompletionStage<List<O>> send(List<I> batch);
    }

    private static final Logger log = LoggerFactory.getLogger(MicroBatcher.class);

    private final BatchCounters counters = new BatchCounters();
    private final String name;
    /** Batches handed to the sender and not yet answered. */
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Semaphore permits;
    private final ToIntFunction<I> weight;
    private final Sender<I, O> sender;
    private final Thread thread;
    /** The queue, and how the gathering thread makes and holds a batch (see {@link BatchGathering}). */
    private final BatchGathering<I, O> gathering;
    private volatile boolean closed;
    /** What a batch carries, for the debug log of batches (e.g. the indices of its items). */
    private Function<List<I>, String> description = batch -> "";

    MicroBatcher(String name, int maxItems, int maxBytes, int maxInFlight, Duration linger, ToIntFunction<I> weight,
            Sender<I, O> sender) {
        this(name, maxItems, maxBytes, maxInFlight, linger, Duration.ZERO, Duration.ZERO, Duration.ZERO, weight, sender);
    }

    MicroBatcher(String name, int maxItems, int maxBytes, int maxInFlight, Duration linger, Duration companyWait,
            Duration stepWait, Duration stepHold, ToIntFunction<I> weight, Sender<I, O> sender) {
        if (maxItems < 1 || maxBytes < 1 || maxInFlight < 1 || linger.isNegative() || companyWait.isNegative()
                || stepWait.isNegative() || stepHold.isNegative()) {
            throw new IllegalArgumentException(name + ": limits must be positive and the waits not negative");
        }
        this.name = name;
        this.permits = new Semaphore(maxInFlight);
        this.weight = weight;
        this.sender = sender;
        this.thread = new Thread(this::gather, name);
        this.gathering = new BatchGathering<>(maxItems, maxBytes, linger.toNanos(), companyWait.toNanos(),
                stepWait.toNanos(), stepHold.toNanos(), inFlight, counters, thread, this);
        thread.setDaemon(true);
        thread.start();
    }

    /** Describes each batch in the DEBUG log of {@code io.ticketflow.store.MicroBatcher}. */
    MicroBatcher<I, O> describedBy(Function<List<I>, String> describe) {
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
        PendingRequest<I, O> pending = new PendingRequest<>(request, weight.applyAsInt(request), window);
        gathering.add(pending);
        // queued first: a batch that sees the member no longer busy has its request
        if (window != null) {
            window.waiting();
        }
        if (gathering.fillsHeldBatch()) {
            LockSupport.unpark(thread);
        }
        // closed meanwhile: nobody will take it (remove() keeps it from being failed twice)
        if (closed && gathering.remove(pending)) {
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
        return counters.batches();
    }

    /** Requests carried by the batches sent. */
    long items() {
        return counters.items();
    }

    /** Time the sent batches were on their way, summed. */
    long nanos() {
        return counters.nanos();
    }

    /** Batches held for the busy members of a window ({@link RequestWindow}). */
    long stepHolds() {
        return counters.stepHolds();
    }

    /** Of those, the ones that went before every member had sent (no request for {@code stepWait}, or the cap). */
    long stepHoldsCut() {
        return counters.stepHoldsCut();
    }

    /** Requests waiting for the next batch. */
    int waiting() {
        return gathering.size();
    }

    /** Stops the gathering thread; requests still waiting fail with an {@link InterruptedIOException}. */
    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        PendingRequest<I, O> left;
        while ((left = gathering.poll()) != null) {
            left.fail(closedError());
        }
    }

    private InterruptedIOException closedError() {
        return new InterruptedIOException(name + " is closed");
    }

    private void gather() {
        while (!Thread.currentThread().isInterrupted()) {
            List<PendingRequest<I, O>> batch = new ArrayList<>();
            try {
                batch.add(gathering.first());
                permits.acquire();
            }
            catch (InterruptedException e) {
                batch.forEach(p -> p.fail(closedError()));
                return;
            }
            int bytes = gathering.fill(batch, batch.get(0).weight);
            String gathered = gathering.hold(batch, bytes);
            if (log.isDebugEnabled()) {
                log.debug("{}: {} requests, {}, {} in flight; windows {}; {}", name, batch.size(), gathered,
                        inFlight.get(), batch.stream().map(p -> String.valueOf(p.window)).distinct().toList(),
                        description.apply(batch.stream().map(p -> p.request).toList()));
            }
            send(batch);
        }
    }

    private void send(List<PendingRequest<I, O>> batch) {
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
            counters.sent(batch.size(), started);
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
            // a batch waiting for company goes now; woken after the answers, its callers' next requests may still join
            if (gathering.waitsForCompany()) {
                LockSupport.unpark(thread);
            }
        });
    }
}
