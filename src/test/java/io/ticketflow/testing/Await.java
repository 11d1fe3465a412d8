package io.ticketflow.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/** Waiting for an asynchronous outcome in a test, with a description for the failure. */
public final class Await {

    private Await() {
    }

    /** Polls until the supplier returns non-null, or fails after the timeout with the description. */
    public static <T> T until(String what, Duration timeout, Supplier<T> supplier) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            T value = supplier.get();
            if (value != null) {
                return value;
            }
            try {
                Thread.sleep(50);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what);
            }
        }
        throw new AssertionError("timed out after " + timeout + " waiting for " + what);
    }
}
