package io.ticketflow.source.mail;

import io.ticketflow.config.cluster.Leadership;
import java.util.Iterator;
import org.springframework.boot.actuate.health.CompositeHealthContributor;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.NamedContributor;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/health/mailboxes/<name>}: per mailbox the last successful poll, the last error, messages
 * processed and quarantined, and the reconciliation count (messages in the folder vs. handled). A mailbox whose last
 * poll failed is DOWN, with the error; one that has not been polled yet is UNKNOWN.
 */
@Component("mailboxes")
public class MailboxHealth implements CompositeHealthContributor {

    private final MailboxPollers pollers;
    private final Leadership leadership;

    public MailboxHealth(MailboxPollers pollers, Leadership leadership) {
        this.pollers = pollers;
        this.leadership = leadership;
    }

    @Override
    public HealthContributor getContributor(String name) {
        MailboxStatus status = pollers.status(name);
        return status == null ? null : indicator(status);
    }

    @Override
    public Iterator<NamedContributor<HealthContributor>> iterator() {
        return pollers.statuses().stream()
                .map(s -> NamedContributor.of(s.mailbox(), (HealthContributor) indicator(s)))
                .iterator();
    }

    private HealthIndicator indicator(MailboxStatus status) {
        return () -> {
            Health.Builder health;
            boolean polling = leadership.leads(MailboxLeadership.namespace(status.mailbox()));
            if (!polling) {
                // another instance polls it (or none while the cluster is unreachable: ticketflow.cluster.* shows that)
                return Health.up().withDetail("polledHere", false).withDetail("node", leadership.nodeId())
                        .withDetails(status.details()).build();
            }
            if (!status.healthy()) {
                health = Health.down();
            }
            else if (status.lastSuccessfulPoll() == null) {
                health = Health.unknown();
            }
            else {
                health = Health.up();
            }
            return health.withDetail("polledHere", true).withDetail("node", leadership.nodeId())
                    .withDetails(status.details()).build();
        };
    }
}
