package io.ticketflow.intake;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs the messages of one poll in parallel, except that a message starts only after every earlier message it shares
 * a key with ({@link ConversationKeys}) has finished; if one of those failed, it fails the same way without running
 * (its source offers it again with the one it waits for). Results are taken in submission order.
 */
public final class OrderedBatch<T> {

    private final Executor workers;
    private final Map<String, CompletableFuture<T>> lastByKey = new HashMap<>();
    private final List<CompletableFuture<T>> submitted = new ArrayList<>();

    OrderedBatch(Executor workers) {
        this.workers = workers;
    }

    /** Schedules the work after the earlier work sharing one of its keys. */
    public CompletableFuture<T> submit(Set<String> keys, Supplier<T> work) {
        Set<CompletableFuture<T>> before = new LinkedHashSet<>();
        keys.forEach(k -> {
            CompletableFuture<T> earlier = lastByKey.get(k);
            if (earlier != null) {
                before.add(earlier);
            }
        });
        CompletableFuture<T> future = CompletableFuture.allOf(before.toArray(CompletableFuture[]::new))
                .thenApplyAsync(ignored -> work.get(), workers);
        keys.forEach(k -> lastByKey.put(k, future));
        submitted.add(future);
        return future;
    }

    /**
     * The result of a submitted work, waiting for it. Its failure is thrown as it was raised (an Error stays an Error,
     * as if the work had run in this thread).
     */
    public static <T> T result(CompletableFuture<T> future) {
        try {
            return future.get();
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the intake workers processed the poll (shutting down)", e);
        }
        catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof CompletionException inner && inner.getCause() != null
                    ? inner.getCause() : e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        }
    }

    /**
     * Waits for the results in submission order, handing each to {@code onEach} as it comes. At the first failure it
     * waits until everything else submitted has finished (well or not) and stops there: the results before it and
     * the failure are what the batch came to.
     */
    public Finished<T> finish(Consumer<? super T> onEach) {
        List<T> results = new ArrayList<>(submitted.size());
        for (CompletableFuture<T> future : submitted) {
            try {
                T value = result(future);
                results.add(value);
                onEach.accept(value);
            }
            catch (RuntimeException | Error e) {
                awaitAll();
                return new Finished<>(results, e);
            }
        }
        return new Finished<>(results, null);
    }

    public Finished<T> finish() {
        return finish(value -> { });
    }

    /** The results in submission order up to the first failure, and that failure (null when there was none). */
    public record Finished<T>(List<T> results, Throwable failure) {

        /** Throws the failure as it was raised (an Error stays an Error); nothing when every work succeeded. */
        public void rethrowFailure() {
            if (failure instanceof RuntimeException re) {
                throw re;
            }
            if (failure instanceof Error error) {
                throw error;
            }
        }
    }

    /** Waits until everything submitted has finished, well or not (before a failed poll gives up its mailbox). */
    public void awaitAll() {
        CompletableFuture.allOf(submitted.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
    }
}
