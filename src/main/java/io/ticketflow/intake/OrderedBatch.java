package io.ticketflow.intake;

import io.ticketflow.store.RequestWindow;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Runs the messages of one poll in parallel, except that a message starts only after every earlier message it shares
 * a key with ({@link ConversationKeys}) has finished; if one of those failed, it fails the same way without running
 * (its source offers it again with the one it waits for). Results are taken in submission order.
 * <p>
 * A long run (an import, a replay) is one batch too, taken as it goes with {@link #takeWhileMoreThan}: only the
 * untaken messages and their keys are kept, so memory is bounded by the window however long the run, and the workers
 * never wait for the slowest conversation of a window before the next messages start.
 * <p>
 * Messages submitted in phases ({@link Intake#submit}) keep, decide and then write, the writes of the batch's
 * messages together (docs/architecture.md, "The steps").
 */
public final class OrderedBatch<T> {

    private final Executor workers;
    private final Executor deciding;
    private final Gate gate;
    /**
     * The batch's messages keeping at the moment ({@link RequestWindow}): each keep is a few store requests in a row
     * (bytes, record, delivery claim), so while other keeps are still computing (the bytes' gzip) a request waits
     * for theirs and each round goes as one bulk for the batch, not the first keep's alone.
     */
    private final RequestWindow keeping = new RequestWindow("keep");
    private final int decidingThreads;
    private final Map<Phases<?>, Decider<?>> deciders = new IdentityHashMap<>();
    private final Map<String, CompletableFuture<T>> lastByKey = new HashMap<>();
    private final Deque<Submitted<T>> untaken = new ArrayDeque<>();

    private record Submitted<T>(CompletableFuture<T> future, Set<String> keys) {
    }

    OrderedBatch(Executor workers) {
        this(workers, workers, 1, Integer.MAX_VALUE);
    }

    OrderedBatch(Executor workers, Executor deciding, int writingGroup) {
        this(workers, deciding, 1, writingGroup);
    }

    /**
     * @param deciding the threads for the deciding phase (as many as cores: it is CPU work)
     * @param decidingThreads how many they are: the kept messages waiting are shared out among them in chunks
     * @param writingGroup at most this many decided messages wait for the rest of the batch before they write
     */
    OrderedBatch(Executor workers, Executor deciding, int decidingThreads, int writingGroup) {
        this.workers = workers;
        this.deciding = deciding;
        this.decidingThreads = Math.max(1, decidingThreads);
        this.gate = new Gate(writingGroup);
    }

    /** Schedules the work after the earlier work sharing one of its keys. */
    public CompletableFuture<T> submit(Set<String> keys, Supplier<T> work) {
        CompletableFuture<T> future = CompletableFuture.allOf(before(keys).toArray(CompletableFuture[]::new))
                .thenApplyAsync(ignored -> work.get(), workers);
        return submitted(keys, future);
    }

    /**
     * Schedules work in three phases, so that the writes of the batch's messages reach the store together (one bulk
     * instead of a trickle between other messages' CPU work): {@code keep} at once on the workers, then
     * {@code decide} on the deciding threads, then {@code write} on the workers, after the earlier work sharing one of
     * its keys, and only once every message of the batch still keeping or deciding is done too (or enough are
     * waiting). A message alone writes as soon as it is decided. A message whose conversation has earlier work still
     * unfinished (or failed) in the batch walks all phases in one piece after it ({@code write} given null), as
     * {@link #submit} does: what it keeps and decides may depend on what the earlier one writes, and it fails without
     * running when the earlier one failed.
     */
    public <K> CompletableFuture<T> submit(Set<String> keys, Supplier<K> keep, UnaryOperator<K> decide,
            Function<K, T> write) {
        return submitInPhases(keys, keep, new Phases<K>() {
            @Override
            public List<K> decide(List<K> kept) {
                return kept.stream().map(decide).toList();
            }
        }, write);
    }

    /**
     * {@link #submit(Set, Supplier, UnaryOperator, Function)} with the deciding done for a chunk of the batch at a
     * time (as many messages as have been kept and wait, shared out among the deciding threads), and the decided
     * messages that are released to write together handed to {@link Phases#together} first. Messages submitted with
     * the same {@code phases} are decided in chunks.
     */
    <K> CompletableFuture<T> submitInPhases(Set<String> keys, Supplier<K> keep, Phases<K> phases,
            Function<K, T> write) {
        Set<CompletableFuture<T>> before = before(keys);
        if (before.stream().anyMatch(f -> !f.isDone() || f.isCompletedExceptionally())) {
            return submit(keys, () -> write.apply(null));
        }
        CompletableFuture<Void> released = gate.enter();
        CompletableFuture<K> decided = CompletableFuture.supplyAsync(() -> keepInWindow(keep), workers)
                .thenCompose(kept -> deciderOf(phases).offer(kept));
        decided.whenComplete((value, failure) -> gate.decided(released, phases, failure == null ? value : null));
        CompletableFuture<T> future = released.thenCombine(decided, (ignored, value) -> value)
                .thenApplyAsync(write, workers);
        return submitted(keys, future);
    }

    /** A member of the keeping window from when its keep starts on a worker (one waiting for a worker holds none). */
    private <K> K keepInWindow(Supplier<K> keep) {
        keeping.add();
        keeping.join();
        try {
            return keep.get();
        }
        finally {
            keeping.done();
            RequestWindow.clear();
        }
    }

    /** How a batch's messages are decided and sent to write (see {@link Intake#submit}). */
    interface Phases<K> {

        /** Decides a chunk of kept messages on one deciding thread: one result per message, in their order. */
        List<K> decide(List<K> kept);

        /** The decided messages released to write together, just before they go (none of them has begun). */
        default void together(List<K> decided) {
        }
    }

    @SuppressWarnings("unchecked")
    private synchronized <K> Decider<K> deciderOf(Phases<K> phases) {
        return (Decider<K>) deciders.computeIfAbsent(phases, p -> new Decider<>(phases, deciding, decidingThreads));
    }

    private Set<CompletableFuture<T>> before(Set<String> keys) {
        Set<CompletableFuture<T>> before = new LinkedHashSet<>();
        keys.forEach(k -> {
            CompletableFuture<T> earlier = lastByKey.get(k);
            if (earlier != null) {
                before.add(earlier);
            }
        });
        return before;
    }

    private CompletableFuture<T> submitted(Set<String> keys, CompletableFuture<T> future) {
        keys.forEach(k -> lastByKey.put(k, future));
        untaken.add(new Submitted<>(future, Set.copyOf(keys)));
        return future;
    }

    /**
     * Holds decided messages back from writing while other messages of the batch are still keeping or deciding, then
     * lets them all go at once: their writes travel together. Never longer than the slowest of those: nothing waits
     * for a message that has not been submitted yet.
     */
    private static final class Gate {

        private record Waiting(CompletableFuture<Void> go, Phases<?> phases, Object decided) {
        }

        private final int group;
        private final List<Waiting> waiting = new ArrayList<>();
        private int early;

        Gate(int group) {
            this.group = group;
        }

        synchronized CompletableFuture<Void> enter() {
            early++;
            return new CompletableFuture<>();
        }

        /** @param decided what the message decided, null when its deciding failed */
        void decided(CompletableFuture<Void> mine, Phases<?> phases, Object decided) {
            List<Waiting> go;
            synchronized (this) {
                early--;
                waiting.add(new Waiting(mine, phases, decided));
                if (early > 0 && waiting.size() < group) {
                    return;
                }
                go = List.copyOf(waiting);
                waiting.clear();
            }
            try {
                go.stream().map(Waiting::phases).distinct().forEach(each -> together(each, go));
            }
            finally {
                go.forEach(w -> w.go().complete(null));
            }
        }

        @SuppressWarnings("unchecked")
        private static <K> void together(Phases<K> phases, List<Waiting> go) {
            List<K> decided = go.stream().filter(w -> w.phases() == phases && w.decided() != null)
                    .map(w -> (K) w.decided()).toList();
            if (!decided.isEmpty()) {
                phases.together(decided);
            }
        }
    }

    /**
     * The deciding phase of one batch: kept messages queue up, and each deciding thread that comes free takes its
     * share of those waiting (the queue divided among the deciding threads) and decides them as one chunk, so a step
     * that can work for many messages at once gets many. If deciding a chunk throws, its messages are decided one by
     * one, so a failing message fails alone.
     */
    private static final class Decider<K> {

        private static final int MAX_CHUNK = 64;

        private record Waiting<K>(K kept, CompletableFuture<K> decided) {
        }

        private final Phases<K> phases;
        private final Executor threads;
        private final int count;
        private final ArrayDeque<Waiting<K>> queue = new ArrayDeque<>();

        Decider(Phases<K> phases, Executor threads, int count) {
            this.phases = phases;
            this.threads = threads;
            this.count = count;
        }

        CompletableFuture<K> offer(K kept) {
            Waiting<K> waiting = new Waiting<>(kept, new CompletableFuture<>());
            synchronized (this) {
                queue.add(waiting);
            }
            try {
                threads.execute(this::decideWaiting);
            }
            catch (RuntimeException e) {
                waiting.decided().completeExceptionally(e);
            }
            return waiting.decided();
        }

        private void decideWaiting() {
            List<Waiting<K>> chunk = new ArrayList<>();
            synchronized (this) {
                int share = Math.min(MAX_CHUNK, (queue.size() + count - 1) / count);
                while (chunk.size() < share) {
                    chunk.add(queue.poll());
                }
            }
            if (chunk.isEmpty()) {
                return;
            }
            try {
                List<K> decided = phases.decide(chunk.stream().map(Waiting::kept).toList());
                for (int i = 0; i < chunk.size(); i++) {
                    chunk.get(i).decided().complete(decided.get(i));
                }
            }
            catch (RuntimeException | Error together) {
                for (Waiting<K> one : chunk) {
                    try {
                        one.decided().complete(phases.decide(List.of(one.kept())).get(0));
                    }
                    catch (RuntimeException | Error e) {
                        one.decided().completeExceptionally(e);
                    }
                }
            }
        }
    }

    /** Submitted work whose result was not taken yet (running, waiting, or done and not taken). */
    public int untaken() {
        return untaken.size();
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
            throw rethrowable(e.getCause());
        }
    }

    /** The failure a work raised, unwrapped from the future's wrappers (an Error stays an Error). */
    public static RuntimeException rethrowable(Throwable failure) {
        Throwable cause = failure instanceof CompletionException inner && inner.getCause() != null
                ? inner.getCause() : failure;
        if (cause instanceof RuntimeException re) {
            return re;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        return new IllegalStateException(cause);
    }

    /**
     * Waits for the results in submission order, handing each to {@code onEach} as it comes. At the first failure it
     * waits until everything else submitted has finished (well or not) and stops there: the results before it and
     * the failure are what the batch came to.
     */
    public Finished<T> finish(Consumer<? super T> onEach) {
        List<T> results = new ArrayList<>(untaken.size());
        Throwable failure = take(0, value -> {
            results.add(value);
            onEach.accept(value);
        });
        return new Finished<>(results, failure);
    }

    public Finished<T> finish() {
        return finish(value -> { });
    }

    /**
     * Takes results in submission order, handing each to {@code onEach}, until at most {@code window} are left
     * untaken; the taken ones are forgotten (results and keys). At the first failure it waits until everything else
     * submitted has finished and throws that failure as it was raised: the results before it were handed over, the
     * ones after it were not.
     */
    public void takeWhileMoreThan(int window, Consumer<? super T> onEach) {
        Throwable failure = take(window, onEach);
        if (failure != null) {
            new Finished<T>(List.of(), failure).rethrowFailure();
        }
    }

    private Throwable take(int window, Consumer<? super T> onEach) {
        while (untaken.size() > window) {
            Submitted<T> next = untaken.peekFirst();
            try {
                T value = result(next.future());
                untaken.removeFirst();
                // a later message of the same conversation has replaced it as the one to wait for, else nobody waits
                next.keys().forEach(k -> lastByKey.remove(k, next.future()));
                onEach.accept(value);
            }
            catch (RuntimeException | Error e) {
                awaitAll();
                return e;
            }
        }
        return null;
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
        CompletableFuture.allOf(untaken.stream().map(Submitted::future).toArray(CompletableFuture[]::new))
                .exceptionally(e -> null).join();
    }
}
