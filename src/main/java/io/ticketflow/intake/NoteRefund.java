package io.ticketflow.intake;

import io.ticketflow.route.RefundDetails;
import io.ticketflow.store.EventLog;
import io.ticketflow.store.TicketStore;
import io.ticketflow.ticket.Refund;
import io.ticketflow.ticket.Ticket;
import io.ticketflow.vocabulary.ProcessingOutcome.Outcome;
import java.util.function.UnaryOperator;

/**
 * {@code note refund}: a refund request (the routing rules tag it {@value #TAG}, or the category classifier says
 * {@value #TAG}) gets its order number, amount and currency on the ticket ({@code refund.*}, status
 * {@code requested}); a later message fills in what the first one lacked. The customer hears about the refund only
 * after an agent's decision ({@code PATCH /api/tickets/{n}/refund}).
 * <p>
 * The note is normally folded into the ticket's own create or append ({@code write ticket} applies {@link #folded}
 * in its write, issue 16: one ticket write less per refund request); this step then only records the event. When the
 * write did not fold it (a retry that found the ticket written before), the step writes the note itself, as before.
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

    /** What the ticket write did to the refund: the refund it found and the one it wrote. */
    record Folded(Refund before, Refund after) {
    }

    /**
     * The refund note as part of the ticket write's change: applied to the ticket as the write finds it (after its
     * message is added), it fills in the refund when the ticket is a refund request that still lacks details, and
     * remembers in {@code m.refundFolded} what it found and wrote (the last call wins: a write retried on a conflict
     * calls it again). The details are read from the mail once.
     */
    static UnaryOperator<Ticket> folded(MessageInProgress m) {
        RefundDetails[] found = new RefundDetails[1];
        return t -> {
            Refund before = t.refund();
            if (m.edit || m.parsed == null || !isRefund(t, m) || !needsDetails(before)) {
                m.refundFolded = new Folded(before, before);
                return t;
            }
            if (found[0] == null) {
                found[0] = details(m);
            }
            Refund next = filled(before, found[0]);
            m.refundFolded = new Folded(before, next);
            return next.equals(before) ? t : t.withRefund(next);
        };
    }

    @Override
    public boolean appliesTo(MessageInProgress m) {
        if (m.refundFolded != null) {
            // the ticket write noted it: only its event is left
            return !java.util.Objects.equals(m.refundFolded.before(), m.refundFolded.after());
        }
        return (m.settled == Outcome.CREATED || m.settled == Outcome.APPENDED) && !m.edit && m.ticket != null
                && m.parsed != null && isRefund(m) && needsDetails(m.ticket.refund());
    }

    private static boolean isRefund(MessageInProgress m) {
        return isRefund(m.ticket, m);
    }

    private static boolean isRefund(Ticket t, MessageInProgress m) {
        return t.tags().contains(TAG) || TAG.equals(t.triage().category())
                || (m.routing != null && m.routing.tags().contains(TAG));
    }

    private static RefundDetails details(MessageInProgress m) {
        return RefundDetails.extract(m.parsed.subject(), m.parsed.newContent() != null
                ? m.parsed.newContent() : m.parsed.text());
    }

    /** The refund with what the mail says filled in where it lacked it. */
    private static Refund filled(Refund r, RefundDetails found) {
        return r == null
                ? new Refund(found.order(), found.amount(), found.currency(), Refund.REQUESTED, null, null, null)
                : new Refund(r.order() != null ? r.order() : found.order(),
                        r.amount() != null ? r.amount() : found.amount(),
                        r.amount() != null ? r.currency() : found.currency(), r.status(), null, null, null);
    }

    private static boolean needsDetails(Refund r) {
        return r == null || Refund.REQUESTED.equals(r.status()) && (r.order() == null || r.amount() == null);
    }

    @Override
    public void apply(MessageInProgress m) {
        if (m.refundFolded != null) {
            record(m, m.ticket.refund());
            return;
        }
        RefundDetails found = details(m);
        boolean[] changed = new boolean[1];
        Ticket t = tickets.update(m.ticketNumber, current -> {
            Refund r = current.refund();
            changed[0] = false;
            if (!needsDetails(r)) {
                return current;
            }
            Refund next = filled(r, found);
            changed[0] = !next.equals(r);
            return changed[0] ? current.withRefund(next) : current;
        });
        m.ticket = t;
        if (changed[0]) {
            record(m, t.refund());
        }
    }

    private void record(MessageInProgress m, Refund r) {
        events.record(EventLog.Event.of("refund-requested", m.ticketNumber, m.raw.id(), m.millisSoFar(),
                "order " + r.order() + ", amount " + (r.amount() == null ? null : r.amount().toPlainString() + " "
                        + r.currency())).atStep(name()));
    }
}
