package io.ticketflow.intake;

import io.ticketflow.respond.agents.AgentNotifications;
import io.ticketflow.store.StoreUnavailableException;
import io.ticketflow.vocabulary.ProcessingOutcome.Outcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code notify agents}: the queue's agents hear of a new ticket or a customer's reply (as {@code config/agents.yml}
 * says per queue), through the outbox, with the ticket's signed agent address to answer to. Like the acknowledgement,
 * a failure here is written in the outcome's reason: the message is on its ticket already.
 */
final class NotifyAgents implements IntakeStep {

    private static final Logger log = LoggerFactory.getLogger(NotifyAgents.class);

    private final AgentNotifications notifications;

    NotifyAgents(AgentNotifications notifications) {
        this.notifications = notifications;
    }

    @Override
    public String name() {
        return "notify agents";
    }

    @Override
    public boolean appliesTo(MessageInProgress m) {
        return (m.settled == Outcome.CREATED || m.settled == Outcome.APPENDED) && !m.edit && !m.agentMail
                && m.ticket != null && !"import".equals(m.raw.channel());
    }

    @Override
    public void apply(MessageInProgress m) {
        String event = m.settled == Outcome.CREATED ? AgentNotifications.CREATED : AgentNotifications.CUSTOMER_REPLIED;
        try {
            String result = notifications.notify(m.ticket, event, m.parsed.newContent(), m.raw.id());
            if (result != null) {
                m.reason.append("; ").append(result);
            }
        }
        catch (RuntimeException e) {
            if (StoreUnavailableException.isCauseOf(e)) {
                throw e;
            }
            log.error("Notifying agents of raw message {} on ticket {} failed", m.raw.id(), m.ticketNumber, e);
            m.reason.append("; agents not notified: failed: ").append(Quarantine.describe(e));
        }
    }
}
