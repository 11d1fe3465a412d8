package io.ticketflow.source.mail;

import io.ticketflow.intake.OrderedBatch;
import io.ticketflow.vocabulary.ProcessingOutcome;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Mail a pipelined poll has handed to the intake and not yet acknowledged, oldest first, over the several batches the
 * poll has running at once. It answers two questions: which earlier mail of the same conversation a new mail must
 * wait for (a batch orders only its own mails), and which mails are done in arrival order, so that they, and only
 * they, are acknowledged on the server (never one whose raw record may not be stored yet).
 */
final class InFlight<F> {

    private record Entry<F>(F fetched, Set<String> keys, CompletableFuture<ProcessingOutcome> outcome) {
    }

    /** The mails taken in arrival order, their outcomes, and the failure that stopped the taking (or null). */
    record Taken<F>(List<F> fetched, List<ProcessingOutcome> outcomes, Throwable failure) {
    }

    private final Deque<Entry<F>> entries = new ArrayDeque<>();

    void add(F fetched, Set<String> keys, CompletableFuture<ProcessingOutcome> outcome) {
        entries.add(new Entry<>(fetched, Set.copyOf(keys), outcome));
    }

    int size() {
        return entries.size();
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    /** How many mails from the oldest on are done (the ones {@link #takeDone} would take, and a failed one). */
    int done() {
        int done = 0;
        for (Entry<F> e : entries) {
            if (!e.outcome().isDone()) {
                break;
            }
            done++;
        }
        return done;
    }

    /** The outcome of the oldest mail still running: when it completes, more can be taken (completed: none runs). */
    CompletableFuture<?> firstRunning() {
        for (Entry<F> e : entries) {
            if (!e.outcome().isDone()) {
                return e.outcome();
            }
        }
        return CompletableFuture.completedFuture(null);
    }

    /** Mails in flight sharing a conversation key, unfinished or failed: a later mail of theirs runs after them. */
    List<CompletableFuture<ProcessingOutcome>> before(Set<String> keys) {
        List<CompletableFuture<ProcessingOutcome>> before = new ArrayList<>();
        for (Entry<F> e : entries) {
            boolean pending = !e.outcome().isDone() || e.outcome().isCompletedExceptionally();
            if (pending && !Collections.disjoint(e.keys(), keys)) {
                before.add(e.outcome());
            }
        }
        return before;
    }

    /**
     * Takes the finished mails from the oldest on, up to the first that is still running. At a failed one it waits
     * until every mail in flight has finished and stops there: the mails before it are taken, it and the later ones
     * stay (their poll fails, and the next one offers them again).
     */
    Taken<F> takeDone() {
        List<F> fetched = new ArrayList<>();
        List<ProcessingOutcome> outcomes = new ArrayList<>();
        while (!entries.isEmpty() && entries.peekFirst().outcome().isDone()) {
            Entry<F> first = entries.peekFirst();
            try {
                outcomes.add(OrderedBatch.result(first.outcome()));
            }
            catch (RuntimeException | Error e) {
                awaitAll();
                return new Taken<>(fetched, outcomes, e);
            }
            entries.removeFirst();
            fetched.add(first.fetched());
        }
        return new Taken<>(fetched, outcomes, null);
    }

    /** Waits until every mail in flight has finished, well or not (before a failed poll gives up its mailbox). */
    void awaitAll() {
        CompletableFuture.allOf(entries.stream().map(Entry::outcome).toArray(CompletableFuture[]::new))
                .exceptionally(e -> null).join();
    }
}
