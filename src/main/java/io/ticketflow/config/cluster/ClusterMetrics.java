package io.ticketflow.config.cluster;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * {@code ticketflow.cluster.leader{namespace}} (1 where this instance leads: a mailbox, the follow-up scheduler),
 * {@code ticketflow.cluster.connected} (ZooKeeper connection; always 1 with lock files) and
 * {@code ticketflow.cluster.members} (instances seen). Summed over instances, each namespace must have exactly one
 * leader.
 */
@Component
class ClusterMetrics implements MeterBinder, AutoCloseable {

    private final Leadership leadership;
    private final ScheduledExecutorService refresh = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "cluster-metrics");
        t.setDaemon(true);
        return t;
    });

    ClusterMetrics(Leadership leadership) {
        this.leadership = leadership;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("ticketflow.cluster.connected", leadership, l -> l.connected() ? 1 : 0)
                .description("1 while this instance can take part in leader elections").register(registry);
        Gauge.builder("ticketflow.cluster.members", leadership, l -> l.members().size())
                .description("instances taking part in the elections, as this instance sees them").register(registry);
        MultiGauge leaders = MultiGauge.builder("ticketflow.cluster.leader")
                .description("1 where this instance leads the namespace (a mailbox, the follow-up scheduler)")
                .register(registry);
        // namespaces appear as the routes start; the rows follow them. Each row reads its value when scraped, and
        // rows are not overwritten: an overwrite removes and re-adds a row, and a scrape in between missed it
        refresh.scheduleWithFixedDelay(() -> leaders.register(leadership.leaderships().keySet().stream()
                .map(namespace -> MultiGauge.Row.of(Tags.of("namespace", namespace), leadership,
                        l -> Boolean.TRUE.equals(l.leaderships().get(namespace)) ? 1 : 0))
                .toList(), false), 0, 1, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        refresh.shutdownNow();
    }
}
