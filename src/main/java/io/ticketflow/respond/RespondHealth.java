package io.ticketflow.respond;

import io.ticketflow.sla.SlaPolicies;
import io.ticketflow.store.AutoMailTrips;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/health} component {@code responding}: status ALERT while an automatic-mail breaker is tripped (a
 * destination domain's, a source's or the global one; detail {@code breakerTripped}: key, since, until) or a
 * template / SLA edit was refused (the running configuration stays in force). ALERT is ordered between DOWN and UP in
 * application.yml, so it shows on the top-level status without making the instance look dead (HTTP 200).
 */
@Component("responding")
class RespondHealth extends AbstractHealthIndicator {

    static final Status ALERT = new Status("ALERT");

    private final LoopGuard loopGuard;
    private final TemplateRenderer templates;
    private final SlaPolicies slas;
    private final OutboxDispatcher outbox;

    RespondHealth(LoopGuard loopGuard, TemplateRenderer templates, SlaPolicies slas, OutboxDispatcher outbox) {
        this.loopGuard = loopGuard;
        this.templates = templates;
        this.slas = slas;
        this.outbox = outbox;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        LoopGuard.Status breaker = loopGuard.status();
        Map<String, Object> auto = new LinkedHashMap<>();
        auto.put("breakerOpen", breaker.breakerOpen());
        auto.put("openUntil", String.valueOf(breaker.openUntil()));
        auto.put("lastOpened", String.valueOf(breaker.lastOpened()));
        auto.put("sentInWindow", breaker.sentInWindow());
        auto.put("windowLimit", breaker.windowLimit());
        auto.put("refusedByRecipientLimits", breaker.refusedByLimits());
        auto.put("refusedByBreaker", breaker.refusedByBreaker());
        builder.withDetail("automaticMail", auto);
        if (!breaker.trips().isEmpty()) {
            // which breaker (domain, source, all), since and until when: what an admin needs to judge the flood
            builder.withDetail("breakerTripped", breaker.trips().stream().map(RespondHealth::describe).toList());
        }
        if (outbox != null) {
            // leftToTimer growing: mail arrives faster than the senders send it (raise ticketflow.outbox.senders)
            OutboxDispatcher.Counts counts = outbox.counts();
            builder.withDetail("outboxHandOff", Map.of("handedOff", counts.handedOff(), "leftToTimer",
                    counts.leftToTimer(), "queued", counts.queued()));
        }
        if (templates.lastError() != null) {
            builder.withDetail("templatesError", templates.lastError());
        }
        if (slas.lastError() != null) {
            builder.withDetail("slaError", slas.lastError());
        }
        boolean alert = breaker.breakerOpen() || !breaker.trips().isEmpty() || templates.lastError() != null
                || slas.lastError() != null;
        builder.status(alert ? ALERT : Status.UP);
    }

    private static Map<String, Object> describe(AutoMailTrips.Trip trip) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("key", trip.value() == null ? trip.kind() : trip.kind() + ":" + trip.value());
        m.put("since", String.valueOf(trip.since()));
        m.put("until", String.valueOf(trip.until()));
        m.put("count", trip.count());
        m.put("limit", trip.limit());
        m.put("window", trip.window());
        return m;
    }
}
