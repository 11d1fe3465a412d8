package io.ticketflow.followup;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.context.annotation.Configuration;

/**
 * Retention on the follow-up scheduler: the same leader election ({@code master:}), so one instance deletes at a
 * time; runs only when the follow-ups run and some retention is configured.
 */
@Configuration(proxyBeanMethods = false)
public class RetentionRoutes extends RouteBuilder {

    private final RetentionSweep sweep;
    private final RetentionProperties retention;
    private final FollowupProperties followups;

    public RetentionRoutes(RetentionSweep sweep, RetentionProperties retention, FollowupProperties followups) {
        this.sweep = sweep;
        this.retention = retention;
        this.followups = followups;
    }

    @Override
    public void configure() {
        from("master:" + FollowupRoutes.NAMESPACE + "-retention:scheduler:retention?delay="
                + retention.interval().toMillis() + "&initialDelay=10000")
                .routeId("retention")
                .autoStartup(followups.enabled() && retention.configured())
                .bean(sweep, "run");
    }
}
