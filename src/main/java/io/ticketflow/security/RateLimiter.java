package io.ticketflow.security;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Token buckets in memory, one per key (a caller or a client address): {@code requests} tokens, refilled evenly over
 * {@code per}. Bounded: beyond {@code maxKeys} the least recently seen key is forgotten (it starts again with a full
 * bucket), so a flood of new addresses costs memory only up to the bound.
 */
final class RateLimiter {

    private final double capacity;
    private final double tokensPerNano;
    private final Map<String, Bucket> buckets;

    private static final class Bucket {
        double tokens;
        long updated;

        Bucket(double tokens, long updated) {
            this.tokens = tokens;
            this.updated = updated;
        }
    }

    RateLimiter(ApiSecurityProperties.Limit limit, int maxKeys) {
        this.capacity = limit.requests();
        this.tokensPerNano = limit.requests() / (double) limit.per().toNanos();
        this.buckets = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
                return size() > maxKeys;
            }
        };
    }

    /** Takes one token for the key: 0 if there was one, else the nanoseconds until the next one is due. */
    synchronized long acquire(String key, long nowNanos) {
        Bucket b = buckets.get(key);
        if (b == null) {
            buckets.put(key, new Bucket(capacity - 1, nowNanos));
            return 0;
        }
        b.tokens = Math.min(capacity, b.tokens + (nowNanos - b.updated) * tokensPerNano);
        b.updated = nowNanos;
        if (b.tokens >= 1) {
            b.tokens -= 1;
            return 0;
        }
        return (long) Math.ceil((1 - b.tokens) / tokensPerNano);
    }

    synchronized int tracked() {
        return buckets.size();
    }
}
