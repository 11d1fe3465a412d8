package io.ticketflow.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A bounded in-process map of what this instance wrote or read last, so a lookup of it needs no realtime GET: least
 * recently used entries go when it is full, and an entry older than {@code maxAge} counts as absent. Only the store
 * class that owns it decides what may be answered from it; an absent key always means "ask the store".
 */
final class RecentCache<K, V> {

    private record Stamped<V>(V value, Instant at) {
    }

    private final int size;
    private final Duration maxAge;
    private final Clock clock;
    private final LinkedHashMap<K, Stamped<V>> entries;

    RecentCache(int size, Duration maxAge, Clock clock) {
        this.size = Math.max(0, size);
        this.maxAge = maxAge;
        this.clock = clock;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, Stamped<V>> eldest) {
                return size() > RecentCache.this.size;
            }
        };
    }

    /** The remembered value, or null when unknown (never known, evicted or too old). */
    synchronized V get(K key) {
        Stamped<V> s = entries.get(key);
        if (s != null && s.at().plus(maxAge).isBefore(clock.instant())) {
            entries.remove(key);
            s = null;
        }
        return s == null ? null : s.value();
    }

    synchronized void put(K key, V value) {
        if (size > 0 && key != null && value != null) {
            entries.put(key, new Stamped<>(value, clock.instant()));
        }
    }

    synchronized void remove(K key) {
        entries.remove(key);
    }

    /** Forgets everything (another instance deleted what some entries may mirror). */
    synchronized void clear() {
        entries.clear();
    }

    /** Forgets every entry whose value matches (the store deleted what it mirrors). */
    synchronized void removeValues(Predicate<V> deleted) {
        entries.values().removeIf(s -> deleted.test(s.value()));
    }
}
