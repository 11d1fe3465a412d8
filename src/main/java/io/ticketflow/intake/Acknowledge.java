package io.ticketflow.intake;

import io.ticketflow.lifecycle.TicketLifecycle;
import io.ticketflow.respond.Acknowledgements;
import io.ticketflow.respond.LoopGuard;
import io.ticketflow.respond.MailModels;
import io.ticketflow.store.StoreUnavailableException;
import io.ticketflow.vocabulary.ProcessingOutcome.Outcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code acknowledge}: a new ticket's customer gets the acknowledgement through the outbox (recorded once, sent once),
 * unless the loop guard, the verdict or the routing refuse it, which the outcome's reason then says; imported history
 * is never answered (a migration must not mail customers years later). A customer's answer on an existing ticket puts
 * a pending or solved ticket back in the agents' hands instead. The message is on its ticket when this step runs, so a
 * failure here (other than the store being down) is recorded in the outcome's reason, never turned into a quarantine:
 * a message has exactly one outcome.
 */
final class Acknowledge implements IntakeStep {

    private static final Logger log = LoggerFactory.getLogger(Acknowledge.class);

    private final Acknowledgements acknowledgements;
    private final TicketLifecycle lifecycle;

    Acknowledge(Acknowledgements acknowledgements, TicketLifecycle lifecycle) {
        this.acknowledgements = acknowledgements;
        this.lifecycle = lifecycle;
    }

    @Override
    public String name() {
        return "acknowledge";
    }

    @Override
    public boolean appliesTo(MessageInProgress m) {
        return (m.settled == Outcome.CREATED || m.settled == Outcome.APPENDED) && !m.edit && !m.agentMail;
    }

    @Override
    public void apply(MessageInProgress m) {
        try {
            answer(m);
        }
        catch (RuntimeException | StackOverflowError e) {
            if (StoreUnavailableException.isCauseOf(e)) {
                throw e;
            }
            // the message is on its ticket already: a failure here must not turn it into a quarantined one, and a
            // retry would only fail the same way; the outcome says what went wrong
            log.error("Acknowledging raw message {} on ticket {} failed", m.raw.id(), m.ticketNumber, e);
            m.reason.append("; no acknowledgement: failed: ").append(Quarantine.describe(e));
        }
    }

    private void answer(MessageInProgress m) {
        if (m.alert != null) {
            // a monitoring system reads no mail, and follow alert has set the incident's status already
            if (m.settled == Outcome.CREATED) {
                m.reason.append("; no acknowledgement: monitoring notification (").append(m.alert.format()).append(": ")
                        .append(m.alert.identity()).append(")");
            }
            return;
        }
        if (m.settled == Outcome.APPENDED) {
            lifecycle.customerReplied(m.ticket);
            return;
        }
        String refusal = "import".equals(m.raw.channel()) ? "imported message"
                : acknowledgements.refusal(m.parsed, m.verdict);
        if (refusal == null) {
            refusal = acknowledgements.acknowledge(m.ticket, m.parsed, m.routing.acknowledgementTemplate(),
                    MailModels.faqArticles(m.routing), LoopGuard.source(m.raw.channel(), m.raw.mailbox()));
        }
        if (refusal != null) {
            m.reason.append("; no acknowledgement: ").append(refusal);
        }
    }
}
