package io.ticketflow.followup;

import io.ticketflow.config.cluster.Leadership;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.context.annotation.Configuration;

/**
 * The follow-up scheduler: a timer behind Camel's {@code master:} endpoint, so of all instances (ZooKeeper, or lock
 * files on one host: config.cluster) only the leader runs passes; when it stops or dies another takes over. A pass
 * also checks the leadership itself (a dropped ZooKeeper connection stops it at once). Each pass is safe to repeat.
 */
@Configuration(proxyBeanMethods = false)
public class FollowupRoutes extends RouteBuilder {

    public static final String NAMESPACE = "ticketflow-followups";

    private final FollowupSweep sweep;
    private final FollowupProperties properties;
    private final Leadership leadership;
    private final ReviewSampling reviewSampling;

    public FollowupRoutes(FollowupSweep sweep, FollowupProperties properties, Leadership leadership,
            ReviewSampling reviewSampling) {
        this.sweep = sweep;
        this.reviewSampling = reviewSampling;
        this.properties = properties;
        this.leadership = leadership;
    }

    @Override
    public void configure() {
        if (properties.enabled()) {
            leadership.watch(NAMESPACE);
        }
        from("master:" + NAMESPACE + ":scheduler:followups?delay=" + properties.delay().toMillis() + "&initialDelay=5000")
                .routeId("followups")
                .autoStartup(properties.enabled())
                .filter(e -> leadership.leads(NAMESPACE))
                .bean(sweep, "run")
                // the quality review's weekly sample (config/review.yml) is part of the same leader's pass
                .process(e -> reviewSampling.run());
    }
}
