package io.ticketflow.respond;

import io.ticketflow.lifecycle.RefundDecisions;
import io.ticketflow.store.EventLog;
import io.ticketflow.ticket.Refund;
import io.ticketflow.ticket.Ticket;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * A refund decision and the customer's notice of it: the decision is stored first, then the template
 * {@code refund-approved} or {@code refund-denied} (chat variants {@code -chat}) goes out through the outbox, once per
 * decision (outbox key {@code refund-<status>}). Before a decision the customer gets nothing about the refund; a
 * retry after a crash between the two writes finds the decision and queues the notice it lacks.
 */
@Component
public class RefundNotices {

    public static final String APPROVED_TEMPLATE = "refund-approved";
    public static final String DENIED_TEMPLATE = "refund-denied";

    private final RefundDecisions decisions;
    private final TicketMailer mailer;
    private final EventLog events;

    public RefundNotices(RefundDecisions decisions, TicketMailer mailer, EventLog events) {
        this.decisions = decisions;
        this.mailer = mailer;
        this.events = events;
    }

    /** @param outboxId the notice's outbox entry, null when it was not sent (the refusal says why) */
    public record Decided(Ticket ticket, boolean repeated, String outboxId, String refusal) {
    }

    public Decided decide(String number, String decision, String who, String note) {
        RefundDecisions.Decided d = decisions.decide(number, decision, who, note);
        Ticket t = d.ticket();
        boolean approved = Refund.APPROVED.equals(t.refund().status());
        String template = approved ? APPROVED_TEMPLATE : DENIED_TEMPLATE;
        TicketMailer.Result mail = mailer.toCustomer(t, template, "refund-" + t.refund().status(), Map.of());
        if (!mail.queued() && !d.repeated()) {
            events.record("refund-notice-not-sent", number, null, 0, mail.refusal());
        }
        return new Decided(t, d.repeated(), mail.outboxId(), mail.refusal());
    }
}
