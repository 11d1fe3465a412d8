package io.ticketflow.lifecycle;

import io.ticketflow.store.EventLog;
import io.ticketflow.store.TicketStore;
import io.ticketflow.store.Versioned;
import io.ticketflow.ticket.LifecycleException;
import io.ticketflow.ticket.LifecycleException.Kind;
import io.ticketflow.ticket.Refund;
import io.ticketflow.ticket.Ticket;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * An agent's decision on a refund request: approved or denied, by whom and when, on the ticket ({@code refund.*}) and
 * as a {@code refund-approved} / {@code refund-denied} event. A decision is final: the same decision again changes
 * nothing (a client's retry), the other one is refused. Telling the customer is the caller's next step
 * (respond.RefundNotices), only after the decision is stored.
 */
@Component
public class RefundDecisions {

    private static final int NOTE_CHARS = 2000;

    private final TicketStore tickets;
    private final EventLog events;
    private final Clock clock;

    public RefundDecisions(TicketStore tickets, EventLog events, Clock clock) {
        this.tickets = tickets;
        this.events = events;
        this.clock = clock;
    }

    /** @param repeated the same decision had been stored before (nothing changed now) */
    public record Decided(Ticket ticket, boolean repeated) {
    }

    public Decided decide(String number, String decision, String who, String note) {
        String status = switch (decision == null ? "" : decision.strip().toLowerCase(Locale.ROOT)) {
            case "approve", "approved" -> Refund.APPROVED;
            case "deny", "denied" -> Refund.DENIED;
            default -> throw new LifecycleException(Kind.INVALID, "decision must be approve or deny");
        };
        Versioned<Ticket> found = tickets.find(number);
        if (found == null) {
            throw new LifecycleException(Kind.NOT_FOUND, "no ticket " + number);
        }
        if (found.value().refund() == null) {
            throw new LifecycleException(Kind.CONFLICT, "ticket " + number + " is not a refund request");
        }
        String cleanNote = note == null ? null : clean(note);
        Instant now = clock.instant();
        boolean[] repeated = new boolean[1];
        Ticket t = tickets.update(number, current -> {
            Refund r = current.refund();
            repeated[0] = status.equals(r.status());
            if (repeated[0]) {
                return current;
            }
            if (!Refund.REQUESTED.equals(r.status())) {
                throw new LifecycleException(Kind.CONFLICT, "the refund of ticket " + number + " was already "
                        + r.status() + " by " + r.decidedBy());
            }
            return current.withRefund(new Refund(r.order(), r.amount(), r.currency(), status, who, now,
                    cleanNote));
        });
        if (!repeated[0]) {
            events.record(EventLog.Event.of("refund-" + status, number, null, 0, "refund " + status + " by " + who)
                    .withChange("refund.status", Refund.REQUESTED, status));
        }
        return new Decided(t, repeated[0]);
    }

    private static String clean(String note) {
        String c = note.replaceAll("[\\p{Cntrl}&&[^\n]]", " ").strip();
        c = c.length() > NOTE_CHARS ? c.substring(0, NOTE_CHARS) : c;
        return c.isEmpty() ? null : c;
    }
}
