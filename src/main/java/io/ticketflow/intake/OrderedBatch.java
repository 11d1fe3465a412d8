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
    private final Map<Phases<?>, PhaseDecider<?>> deciders = new IdentityHashMap<>();
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
     * unfinished (or failed) in the batch enters the phases only once that work has finished (its keep never runs
     * early: what it keeps and decides may depend on what the earlier one writes), and fails without running when
     * the earlier one failed; it then keeps, decides and writes together with the batch's other messages entering
     * the phases at that moment (typically the replies whose parents wrote in the same walk).
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
        return submitInPhasesAfter(List.of(), keys, keep, phases, write);
    }

    /**
     * {@link #submitInPhases} after {@code earlier} work too (of an earlier batch of the same source, which shares a
     * conversation with it): the message enters this batch's phases once all of it has finished, and fails the way
     * the first of it that failed did, without running.
     */
    <K> CompletableFuture<T> submitInPhasesAfter(List<? extends CompletableFuture<?>> earlier, Set<String> keys,
            Supplier<K> keep, Phases<K> phases, Function<K, T> write) {
        List<CompletableFuture<?>> before = new ArrayList<>(earlier);
        before.addAll(before(keys));
        if (before.stream().allMatch(f -> f.isDone() && !f.isCompletedExceptionally())) {
            return submitted(keys, phased(keep, phases, write));
        }
        // entered from the thread that finishes the last of the earlier work: only the gate and the deciders (both
        // synchronized) are touched then, the batch's own bookkeeping is done here, on the submitting thread
        CompletableFuture<T> future = CompletableFuture.allOf(before.toArray(CompletableFuture[]::new))
                .handle((ignored, failure) -> null)
                .thenCompose(ignored -> {
                    before.forEach(OrderedBatch::result);
                    return phased(keep, phases, write);
                });
        return submitted(keys, future);
    }

    private <K> CompletableFuture<T> phased(Supplier<K> keep, Phases<K> phases, Function<K, T> write) {
        CompletableFuture<Void> released = gate.enter();
        CompletableFuture<K> decided = CompletableFuture.supplyAsync(() -> keepInWindow(keep), workers)
                .thenCompose(kept -> deciderOf(phases).offer(kept));
        decided.whenComplete((value, failure) -> gate.decided(released, phases, failure == null ? value : null));
        return released.thenCombine(decided, (ignored, value) -> value).thenApplyAsync(write, workers);
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
    private synchronized <K> PhaseDecider<K> deciderOf(Phases<K> phases) {
        return (PhaseDecider<K>) deciders.computeIfAbsent(phases, p -> new PhaseDecider<>(phases, deciding, decidingThreads));
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
