package io.ticketflow.store;

import java.util.concurrent.atomic.LongAdder;

/** What a {@link MicroBatcher} counts: the batches sent, their requests and time, and the holds for a step. */
final class BatchCounters {

    private final LongAdder batches = new LongAdder();
    private final LongAdder items = new LongAdder();
    private final LongAdder nanos = new LongAdder();
    private final LongAdder stepHolds = new LongAdder();
    private final LongAdder stepHoldsCut = new LongAdder();

    /** A batch of {@code size} requests, handed to the sender at {@code startedNanos}, is answered (or failed). */
    void sent(int size, long startedNanos) {
        batches.increment();
        items.add(size);
        nanos.add(System.nanoTime() - startedNanos);
    }

    /** A batch is held for the busy members of a window. */
    void heldForStep() {
        stepHolds.increment();
    }

    /** A held batch goes before every member has sent. */
    void stepCut() {
        stepHoldsCut.increment();
    }

    long batches() {
        return batches.sum();
    }

    long items() {
        return items.sum();
    }

    long nanos() {
        return nanos.sum();
    }

    long stepHolds() {
        return stepHolds.sum();
    }

    long stepHoldsCut() {
        return stepHoldsCut.sum();
    }
}
