package io.ticketflow.followup;

import java.util.concurrent.TimeUnit;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.component.file.cluster.FileLockClusterService;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The follow-up scheduler: a timer behind Camel's {@code master:} endpoint, so of all instances sharing the lock
 * directory only the leader runs passes; when it stops or dies another takes over. Each pass is safe to repeat.
 */
@Configuration(proxyBeanMethods = false)
public class FollowupRoutes extends RouteBuilder {

    public static final String NAMESPACE = "ticketflow-followups";

    private final FollowupSweep sweep;
    private final FollowupProperties properties;

    public FollowupRoutes(FollowupSweep sweep, FollowupProperties properties) {
        this.sweep = sweep;
        this.properties = properties;
    }

    /** Leader election among instances on one host (or a shared file system) through a lock file. */
    @Bean
    static CamelClusterService followupClusterService(FollowupProperties properties) {
        FileLockClusterService service = new FileLockClusterService();
        service.setId("followups-file-lock");
        service.setRoot(properties.lockDir());
        service.setAcquireLockDelay(1, TimeUnit.SECONDS);
        service.setAcquireLockInterval(2, TimeUnit.SECONDS);
        return service;
    }

    @Override
    public void configure() {
        from("master:" + NAMESPACE + ":scheduler:followups?delay=" + properties.delay().toMillis() + "&initialDelay=5000")
                .routeId("followups")
                .autoStartup(properties.enabled())
                .bean(sweep, "run");
    }
}
