package io.ticketflow.intake;

import io.ticketflow.route.RefundDetails;
import io.ticketflow.store.EventLog;
import io.ticketflow.store.TicketStore;
import io.ticketflow.ticket.Refund;
import io.ticketflow.ticket.Ticket;
import io.ticketflow.vocabulary.ProcessingOutcome.Outcome;

/**
 * {@code note refund}: a refund request (the routing rules tag it {@value #TAG}, or the category classifier says
 * {@value #TAG}) gets its order number, amount and currency on the ticket ({@code refund.*}, status
 * {@code requested}); a later message fills in what the first one lacked. The customer hears about the refund only
 * after an agent's decision ({@code PATCH /api/tickets/{n}/refund}).
 */
final class NoteRefund implements IntakeStep {

    static final String TAG = "refund";

    private final TicketStore tickets;
    private final EventLog events;

    NoteRefund(TicketStore tickets, EventLog events) {
        this.tickets = tickets;
        this.events = events;
    }

    @Override
    public String name() {
        return "note refund";
    }

    @Override
    public boolean appliesTo(MessageInProgress m) {
        return (m.settled == Outcome.CREATED || m.settled == Outcome.APPENDED) && !m.edit && m.ticket != null
                && m.parsed != null && isRefund(m) && needsDetails(m.ticket.refund());
    }

    private static boolean isRefund(MessageInProgress m) {
        return m.ticket.tags().contains(TAG) || TAG.equals(m.ticket.triage().category())
                || (m.routing != null && m.routing.tags().contains(TAG));
    }

    private static boolean needsDetails(Refund r) {
        return r == null || Refund.REQUESTED.equals(r.status()) && (r.order() == null || r.amount() == null);
    }

    @Override
    public void apply(MessageInProgress m) {
        RefundDetails found = RefundDetails.extract(m.parsed.subject(), m.parsed.newContent() != null
                ? m.parsed.newContent() : m.parsed.text());
        boolean[] changed = new boolean[1];
        Ticket t = tickets.update(m.ticketNumber, current -> {
            Refund r = current.refund();
            changed[0] = false;
            if (!needsDetails(r)) {
                return current;
            }
            Refund next = r == null
                    ? new Refund(found.order(), found.amount(), found.currency(), Refund.REQUESTED, null,
                            null, null)
                    : new Refund(r.order() != null ? r.order() : found.order(),
                            r.amount() != null ? r.amount() : found.amount(),
                            r.amount() != null ? r.currency() : found.currency(), r.status(), null, null, null);
            changed[0] = !next.equals(r);
            return changed[0] ? current.withRefund(next) : current;
        });
        m.ticket = t;
        if (changed[0]) {
            Refund r = t.refund();
            events.record(EventLog.Event.of("refund-requested", m.ticketNumber, m.raw.id(), m.millisSoFar(),
                    "order " + r.order() + ", amount " + (r.amount() == null ? null : r.amount().toPlainString() + " "
                            + r.currency())).atStep(name()));
        }
    }
}
