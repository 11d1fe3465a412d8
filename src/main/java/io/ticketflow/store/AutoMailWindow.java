package io.ticketflow.store;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.GetResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * All automatic mail of all instances within the global window, and the global breaker, in one document of the
 * counters index changed with optimistic concurrency: two instances together never send more than the limit, and an
 * open breaker stops every instance. The window is counted in twenty buckets; a bucket that reaches into the window
 * counts whole, so the count errs on the safe side (at most one bucket too many, never too few).
 */
public class AutoMailWindow {

    private static final int BUCKETS = 20;
    private static final int MAX_ATTEMPTS = 50;
    static final String ID = "auto-mail-global";

    private final ElasticsearchClient client;
    private final Indices indices;

    public AutoMailWindow(ElasticsearchClient client, Indices indices) {
        this.client = client;
        this.indices = indices;
    }

    /** The shared state: sends per bucket (bucket start in epoch ms) and the breaker. */
    public record State(String name, Map<String, Long> buckets, Instant openUntil, Instant lastOpened) {
        public State {
            buckets = buckets == null ? new TreeMap<>() : new TreeMap<>(buckets);
        }

        /** Sends counted in the window that ends now. */
        public long inWindow(Instant now, Duration window) {
            long bucket = bucketMillis(window);
            long from = now.minus(window).toEpochMilli();
            return buckets.entrySet().stream().filter(e -> Long.parseLong(e.getKey()) + bucket > from)
                    .mapToLong(Map.Entry::getValue).sum();
        }

        public boolean open(Instant now) {
            return openUntil != null && now.isBefore(openUntil);
        }
    }

    /** What a reservation found: permitted (refusal null), or refused because the breaker is or just became open. */
    public record Verdict(String refusal, boolean opened, State state) {
    }

    /**
     * Takes one slot of the global window, or opens the breaker (for {@code cooldown}) when the window is full, or
     * refuses while it is open.
     */
    public Verdict reserve(Instant now, Duration window, int max, Duration cooldown) {
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            GetResponse<State> got = read();
            State state = got.found() && got.source() != null ? got.source() : new State("auto-mail", null, null, null);
            if (state.open(now)) {
                // nothing to change while it is open
                return new Verdict("automatic mail is stopped: the global breaker is open until " + state.openUntil(),
                        false, state);
            }
            Map<String, Long> buckets = prune(state.buckets(), now, window);
            long count = new State(null, buckets, null, null).inWindow(now, window);
            State next;
            Verdict verdict;
            if (count >= max) {
                next = new State("auto-mail", buckets, now.plus(cooldown), now);
                verdict = new Verdict("automatic mail is stopped: " + count + " automatic mails within " + window
                        + " (all instances) opened the global breaker", true, next);
            }
            else {
                buckets.merge(Long.toString(bucketStart(now, window)), 1L, Long::sum);
                next = new State("auto-mail", buckets, state.openUntil(), state.lastOpened());
                verdict = new Verdict(null, false, next);
            }
            if (write(got, next)) {
                return verdict;
            }
        }
        throw new StoreUnavailableException("the global automatic-mail window kept changing", null);
    }

    /** The shared state as it is now (for health and metrics). */
    public State state() {
        GetResponse<State> got = read();
        return got.found() && got.source() != null ? got.source() : new State("auto-mail", null, null, null);
    }

    private GetResponse<State> read() {
        return StoreErrors.call("read the global automatic-mail window",
                () -> client.get(g -> g.index(indices.counters()).id(ID), State.class));
    }

    private boolean write(GetResponse<State> got, State next) {
        try {
            if (got.found()) {
                client.index(i -> i.index(indices.counters()).id(ID).document(next).ifSeqNo(got.seqNo())
                        .ifPrimaryTerm(got.primaryTerm()));
            }
            else {
                client.create(c -> c.index(indices.counters()).id(ID).document(next));
            }
            return true;
        }
        catch (Exception e) {
            if (!StoreErrors.isConflict(e)) {
                throw StoreErrors.unavailable("write the global automatic-mail window", e);
            }
            return false;
        }
    }

    private static Map<String, Long> prune(Map<String, Long> buckets, Instant now, Duration window) {
        long bucket = bucketMillis(window);
        long from = now.minus(window).toEpochMilli();
        Map<String, Long> kept = new TreeMap<>();
        buckets.forEach((start, n) -> {
            if (Long.parseLong(start) + bucket > from) {
                kept.put(start, n);
            }
        });
        return kept;
    }

    static long bucketMillis(Duration window) {
        return Math.max(1_000, window.toMillis() / BUCKETS);
    }

    private static long bucketStart(Instant now, Duration window) {
        long bucket = bucketMillis(window);
        return Math.floorDiv(now.toEpochMilli(), bucket) * bucket;
    }
}
