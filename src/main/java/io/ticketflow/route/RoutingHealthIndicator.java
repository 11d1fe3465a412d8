package io.ticketflow.route;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/health} component {@code routingRules}: which rules run, and the validation errors of a rejected
 * edit. A rejected edit reports status ALERT (HTTP 200: mail keeps flowing on the last good rules, so a load
 * balancer must not take the service out) with the errors, visible to whoever watches health.
 */
@Component("routingRulesHealthIndicator")
class RoutingHealthIndicator implements HealthIndicator {

    private final RoutingRules rules;

    RoutingHealthIndicator(RoutingRules rules) {
        this.rules = rules;
    }

    @Override
    public Health health() {
        RuleSet running = rules.rules();
        Health.Builder health = rules.problems().isEmpty() ? Health.up() : Health.status("ALERT");
        health.withDetail("file", rules.file().toString())
                .withDetail("running", running.source())
                .withDetail("loadedAt", running.loadedAt().toString())
                .withDetail("rules", running.rules().size());
        if (!rules.problems().isEmpty()) {
            health.withDetail("errors", rules.problems())
                    .withDetail("rejectedAt", String.valueOf(rules.problemsSince()))
                    .withDetail("note", "the edit was rejected; the last good rules are still running");
        }
        return health.build();
    }
}
