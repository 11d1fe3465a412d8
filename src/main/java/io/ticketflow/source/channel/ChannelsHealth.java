package io.ticketflow.source.channel;

import java.util.Iterator;
import java.util.List;
import org.springframework.boot.actuate.health.CompositeHealthContributor;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.NamedContributor;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/health/channels/<channel>}: one entry per configured chat channel with its last successful poll
 * (or webhook call) and last error. DOWN while the last attempt failed or the channel is misconfigured (e.g. the
 * environment variable with its token is missing), UNKNOWN until it first got through. Absent when no channel is
 * configured.
 */
@Component("channels")
public class ChannelsHealth implements CompositeHealthContributor {

    private final List<ChannelStatus> statuses;

    public ChannelsHealth(List<ChannelStatus> statuses) {
        this.statuses = statuses;
    }

    @Override
    public HealthContributor getContributor(String name) {
        return statuses.stream().filter(s -> s.channel().equals(name)).findFirst().map(ChannelsHealth::indicator)
                .orElse(null);
    }

    @Override
    public Iterator<NamedContributor<HealthContributor>> iterator() {
        return statuses.stream().map(s -> NamedContributor.of(s.channel(), (HealthContributor) indicator(s))).iterator();
    }

    private static HealthIndicator indicator(ChannelStatus status) {
        return () -> (!status.healthy() ? Health.down() : status.seen() ? Health.up() : Health.unknown())
                .withDetails(status.details()).build();
    }
}
