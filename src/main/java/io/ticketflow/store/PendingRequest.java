package io.ticketflow.store;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One caller's request in a {@link MicroBatcher}: queued until a batch takes it, settled once, with its answer or its
 * batch's failure.
 *
 * @param <I> the request
 * @param <O> its answer
 */
final class PendingRequest<I, O> {

    final I request;
    final int weight;
    final RequestWindow window;
    /** When it was queued: a step hold ends {@code stepWait} after the last arrival. */
    final long submitted = System.nanoTime();
    final CompletableFuture<O> answer = new CompletableFuture<>();
    private final AtomicBoolean settled = new AtomicBoolean();

    PendingRequest(I request, int weight, RequestWindow window) {
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
