package io.ticketflow.lifecycle;

import io.ticketflow.store.EventLog;
import io.ticketflow.store.TicketStore;
import io.ticketflow.store.Versioned;
import io.ticketflow.ticket.LifecycleException;
import io.ticketflow.ticket.LifecycleException.Kind;
import io.ticketflow.ticket.SelfService;
import io.ticketflow.ticket.Ticket;
import io.ticketflow.ticket.TicketStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * L0 self-service: the acknowledgement suggested knowledge-base articles, and the customer says one of them solved
 * the problem (a "solved" reply, or the signed link). The ticket is closed without an agent, with
 * {@code selfService.solvedBy = customer-self-service} for the KPI and an event of type {@code self-service.solved}.
 * Only a ticket that had suggestions can be closed this way: elsewhere "solved" is just a message for an agent.
 */
@Component
public class SelfServiceClosing {

    public static final String EVENT = "self-service.solved";

    private final TicketStore tickets;
    private final TicketLifecycle lifecycle;
    private final EventLog events;
    private final Clock clock;

    public SelfServiceClosing(TicketStore tickets, TicketLifecycle lifecycle, EventLog events, Clock clock) {
        this.tickets = tickets;
        this.lifecycle = lifecycle;
        this.events = events;
        this.clock = clock;
    }

    /** What the customer's "solved" did. */
    public enum Result {
        /** closed as solved by the customer */
        CLOSED,
        /** solved, closed or merged already: nothing changed */
        ALREADY_DONE,
        /** no articles were suggested on this ticket: nothing changed */
        NOTHING_SUGGESTED
    }

    /**
     * The self-service record of a ticket whose acknowledgement will suggest these articles, for a new ticket to be
     * created with (one write instead of a create and an update); {@link #withdrawn} if the acknowledgement then does
     * not go out.
     */
    public SelfService suggesting(List<String> articleIds) {
        return new SelfService(articleIds, clock.instant(), null, null, null);
    }

    /** The acknowledgement that was to suggest articles did not go out: a "solved" must not close the ticket. */
    public Ticket withdrawn(String number) {
        return tickets.update(number, current -> current.selfService() == null || current.selfService().solvedAt() != null
                ? current : current.withSelfService(null));
    }

    /** Remembers the articles the acknowledgement suggested (only those tickets can be closed by the customer). */
    public Ticket suggested(String number, List<String> articleIds) {
        Instant now = clock.instant();
        return tickets.update(number, current -> current.withSelfService(
                new SelfService(articleIds, now, null, null, null)));
    }

    /**
     * Closes the ticket as solved by the customer.
     *
     * @param via   {@code reply} or {@code link}
     * @param rawId the customer's reply that said so (null for the link)
     */
    public Result solve(String number, String via, String rawId) {
        Versioned<Ticket> found = tickets.find(number);
        if (found == null) {
            throw new LifecycleException(Kind.NOT_FOUND, "no ticket " + number);
        }
        Instant now = clock.instant();
        Result[] result = new Result[1];
        TicketStatus[] was = new TicketStatus[1];
        // through the life cycle: a paused SLA clock ends, a next response owed ends, like any other close
        lifecycle.apply(number, current -> {
            was[0] = current.status();
            SelfService s = current.selfService();
            if (s == null || s.suggested().isEmpty()) {
                result[0] = Result.NOTHING_SUGGESTED;
                return current;
            }
            if (current.status().isDone() || current.status() == TicketStatus.MERGED) {
                result[0] = Result.ALREADY_DONE;
                return current;
            }
            result[0] = Result.CLOSED;
            return current.withSelfService(new SelfService(s.suggested(), s.suggestedAt(), SelfService.SOLVED_BY_CUSTOMER,
                    now, via));
        }, t -> result[0] == Result.CLOSED ? TicketStatus.CLOSED : null);
        if (result[0] == Result.CLOSED) {
            events.record(new EventLog.Event(EVENT, now, number, rawId, 0, "the customer solved it with the suggested "
                    + "articles (" + via + ")", null, null, "status", was[0].label(), TicketStatus.CLOSED.label(), null,
                    "customer", null));
        }
        return result[0];
    }
}
