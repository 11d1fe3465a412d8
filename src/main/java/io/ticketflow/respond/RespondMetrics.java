package io.ticketflow.respond;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.ticketflow.store.OutboxBacklog;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * Metrics of outgoing mail: the outbox backlog and its failing entries (all instances, from the store), the global
 * breaker (shared by all instances) and this instance's refusals. Store-backed values are read at most every few
 * seconds however often Prometheus scrapes; while the store is unreadable they are NaN.
 */
@Component
class RespondMetrics implements MeterBinder {

    private static final Duration FRESH = Duration.ofSeconds(5);

    private final Cached<LoopGuard.Status> breaker;
    private final Cached<OutboxBacklog.Counts> backlog;

    RespondMetrics(LoopGuard loopGuard, OutboxBacklog outbox) {
        this.breaker = new Cached<>(loopGuard::status);
        this.backlog = new Cached<>(outbox::counts);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("ticketflow.outbox.waiting", backlog, c -> c.value(b -> b.waiting()))
                .description("outgoing mails recorded but not sent yet (all instances)").register(registry);
        Gauge.builder("ticketflow.outbox.failing", backlog, c -> c.value(b -> b.failing()))
                .description("outgoing mails whose last attempt failed, waiting for a retry (all instances)").register(registry);
        Gauge.builder("ticketflow.automail.breaker.open", breaker, c -> c.value(s -> s.breakerOpen() ? 1 : 0))
                .description("1 while the global automatic-mail breaker is open (all instances stop automatic mail)")
                .register(registry);
        Gauge.builder("ticketflow.automail.breaker.tripped", breaker, c -> c.value(s -> s.trips().size()))
                .description("automatic-mail breakers tripped now (per domain, per source, global; all instances)")
                .register(registry);
        Gauge.builder("ticketflow.automail.window.sent", breaker, c -> c.value(s -> s.sentInWindow() < 0 ? Double.NaN : s.sentInWindow()))
                .description("automatic mails within the global window, all instances").register(registry);
        Gauge.builder("ticketflow.automail.window.limit", breaker, c -> c.value(LoopGuard.Status::windowLimit))
                .description("the global window's limit; at it the breaker opens").register(registry);
        FunctionCounter.builder("ticketflow.automail.refused", breaker, c -> c.value(LoopGuard.Status::refusedByLimits))
                .tag("reason", "recipient-limits").description("automatic mails refused by this instance")
                .register(registry);
        FunctionCounter.builder("ticketflow.automail.refused", breaker, c -> c.value(LoopGuard.Status::refusedByBreaker))
                .tag("reason", "breaker").description("automatic mails refused by this instance").register(registry);
    }

    /** A value read at most every {@link #FRESH}; NaN while it cannot be read. */
    static final class Cached<T> {
        private final Supplier<T> read;
        private T value;
        private Instant readAt = Instant.MIN;

        Cached(Supplier<T> read) {
            this.read = read;
        }

        synchronized double value(java.util.function.ToDoubleFunction<T> field) {
            Instant now = Instant.now();
            if (readAt.plus(FRESH).isBefore(now)) {
                readAt = now;
                try {
                    value = read.get();
                }
                catch (RuntimeException e) {
                    value = null;
                }
            }
            return value == null ? Double.NaN : field.applyAsDouble(value);
        }
    }
}
