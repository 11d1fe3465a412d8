package io.ticketflow.intake;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The deciding phase of one batch ({@link OrderedBatch}): kept messages queue up, and each deciding thread that comes free takes its
 * share of those waiting (the queue divided among the deciding threads) and decides them as one chunk, so a step
 * that can work for many messages at once gets many. If deciding a chunk throws, its messages are decided one by
 * one, so a failing message fails alone.
 */
final class PhaseDecider<K> {

    private static final int MAX_CHUNK = 64;

    private record Waiting<K>(K kept, CompletableFuture<K> decided) {
    }

    private final OrderedBatch.Phases<K> phases;
    private final Executor threads;
    private final int count;
    private final ArrayDeque<Waiting<K>> queue = new ArrayDeque<>();

    PhaseDecider(OrderedBatch.Phases<K> phases, Executor threads, int count) {
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
