package io.ticketflow.store;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.GetResponse;
import io.ticketflow.vocabulary.RawMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * Automatic mail of all instances within a window, and its breaker, for one key (all automatic mail, one
 * destination domain, one source): one document of the counters index per key, changed with optimistic concurrency,
 * so two instances together never take more than the limit, and a tripped breaker stops every instance.
 * <p>
 * Instances <em>lease</em> slots: one read and one write take up to {@code wanted} slots, which the instance then
 * hands out without asking the store (issue #16 counted the per-mail reads of the old one-slot-per-mail window). A
 * lease counts in the bucket it was taken in and is valid until that bucket ends, so every mail sent on it is
 * counted for at least a whole window; slots leased and not used count too (the count errs on the safe side). The
 * window is counted in twenty buckets; a bucket that reaches into the window counts whole.
 */
public class AutoMailWindow {

    private static final int BUCKETS = 20;
    private static final int MAX_ATTEMPTS = 50;
    /** The key of all automatic mail together (the global breaker); its document keeps the id it always had. */
    public static final String GLOBAL = "global";
    static final String ID = "auto-mail-global";

    private final ElasticsearchClient client;
    private final Indices indices;

    public AutoMailWindow(ElasticsearchClient client, Indices indices) {
        this.client = client;
        this.indices = indices;
    }

    /**
     * The shared state of one key: slots taken per bucket (bucket start in epoch ms) and the breaker.
     *
     * @param openUntil  while the breaker is tripped: until when; {@code lastOpened}: when it last tripped
     * @param countAtTrip the slots counted in the window when it last tripped
     */
    public record State(String name, Map<String, Long> buckets, Instant openUntil, Instant lastOpened, String key,
            Long countAtTrip) {
        public State {
            buckets = buckets == null ? new TreeMap<>() : new TreeMap<>(buckets);
        }

        /** Slots counted in the window that ends now. */
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

    /**
     * What a lease got: {@code granted} slots (0: refused, the breaker is open until {@code state.openUntil()}),
     * usable until {@code validUntil}; {@code opened} when this very lease tripped the breaker (once per trip over all
     * instances: the write that trips it is compare-and-set).
     */
    public record Lease(int granted, Instant validUntil, boolean opened, State state) {
    }

    /**
     * Takes up to {@code wanted} slots of the key's window (fewer when fewer are free), or trips the breaker (for
     * {@code tripFor}) when none is free, or refuses while it is tripped.
     */
    public Lease lease(String key, Instant now, Duration window, int max, int wanted, Duration tripFor) {
        String id = id(key);
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            GetResponse<State> got = read(id);
            State state = got.found() && got.source() != null ? got.source() : empty(key);
            if (state.open(now)) {
                // nothing to change while it is open
                return new Lease(0, state.openUntil(), false, state);
            }
            Map<String, Long> buckets = prune(state.buckets(), now, window);
            long count = new State(null, buckets, null, null, null, null).inWindow(now, window);
            long free = max - count;
            State next;
            Lease lease;
            if (free <= 0) {
                next = new State("auto-mail", buckets, now.plus(tripFor), now, key, count);
                lease = new Lease(0, next.openUntil(), true, next);
            }
            else {
                int granted = (int) Math.min(Math.max(1, wanted), free);
                long bucketStart = bucketStart(now, window);
                buckets.merge(Long.toString(bucketStart), (long) granted, Long::sum);
                next = new State("auto-mail", buckets, state.openUntil(), state.lastOpened(), key, state.countAtTrip());
                lease = new Lease(granted, Instant.ofEpochMilli(bucketStart + bucketMillis(window)), false, next);
            }
            if (write(id, got, next)) {
                return lease;
            }
        }
        throw new StoreUnavailableException("the automatic-mail window of " + key + " kept changing", null);
    }

    /** The shared state of the key as it is now (for health and metrics). */
    public State state(String key) {
        GetResponse<State> got = read(id(key));
        return got.found() && got.source() != null ? got.source() : empty(key);
    }

    /** The global window's shared state. */
    public State state() {
        return state(GLOBAL);
    }

    static String id(String key) {
        return GLOBAL.equals(key) ? ID : "auto-mail-" + RawMessage.sha256Hex(key);
    }

    private static State empty(String key) {
        return new State("auto-mail", null, null, null, key, null);
    }

    private GetResponse<State> read(String id) {
        return StoreErrors.call("read the automatic-mail window",
                () -> client.get(g -> g.index(indices.counters()).id(id), State.class));
    }

    private boolean write(String id, GetResponse<State> got, State next) {
        try {
            if (got.found()) {
                client.index(i -> i.index(indices.counters()).id(id).document(next).ifSeqNo(got.seqNo())
                        .ifPrimaryTerm(got.primaryTerm()));
            }
            else {
                client.create(c -> c.index(indices.counters()).id(id).document(next));
            }
            return true;
        }
        catch (Exception e) {
            if (!StoreErrors.isConflict(e)) {
                throw StoreErrors.failure("write the automatic-mail window", e);
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
