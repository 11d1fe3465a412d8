package io.ticketflow.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The token bucket: a burst up to the limit, then a wait that says when the next request is due; bounded memory. */
class RateLimiterTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void burstThenWaitThenRefill() {
        RateLimiter limiter = new RateLimiter(new ApiSecurityProperties.Limit(3, Duration.ofSeconds(3)), 100);
        long t = 42 * SECOND;
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.acquire("a", t)).isZero();
        }
        long wait = limiter.acquire("a", t);
        assertThat(wait).isPositive().isLessThanOrEqualTo(SECOND);
        assertThat(limiter.acquire("b", t)).as("another key has its own bucket").isZero();
        assertThat(limiter.acquire("a", t + SECOND)).as("one token refilled after a second").isZero();
        assertThat(limiter.acquire("a", t + SECOND)).isPositive();
        assertThat(limiter.acquire("a", t + 100 * SECOND)).as("refill is capped at the limit").isZero();
        assertThat(limiter.acquire("a", t + 100 * SECOND)).isZero();
        assertThat(limiter.acquire("a", t + 100 * SECOND)).isZero();
        assertThat(limiter.acquire("a", t + 100 * SECOND)).isPositive();
    }

    @Test
    void remembersAtMostMaxKeys() {
        RateLimiter limiter = new RateLimiter(new ApiSecurityProperties.Limit(1, Duration.ofMinutes(1)), 50);
        for (int i = 0; i < 10_000; i++) {
            limiter.acquire("10.0." + (i / 256) + "." + (i % 256), i);
        }
        assertThat(limiter.tracked()).isEqualTo(50);
    }
}
