package io.ticketflow.lifecycle;

import io.ticketflow.store.EventLog;
import io.ticketflow.store.TicketStore;
import io.ticketflow.store.Versioned;
import io.ticketflow.ticket.LifecycleException;
import io.ticketflow.ticket.LifecycleException.Kind;
import io.ticketflow.ticket.Ticket;
import io.ticketflow.ticket.TicketStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * A customer's rating of a solution. One rating counts per solution: a click on the other link, or a comment, may
 * change it within {@code ticketflow.csat.change-within} of the first click; after that the rating stands (a second
 * visit just shows it). A rating is an event of type {@code rated} (the {@code rating.received} webhook), and a bad one
 * reopens the ticket for review when configured.
 */
@Component
public class CustomerRatings {

    private static final int COMMENT_CHARS = 2000;

    private final TicketStore tickets;
    private final EventLog events;
    private final CsatProperties properties;
    private final Clock clock;
    private final TicketLifecycle lifecycle;

    public CustomerRatings(TicketStore tickets, EventLog events, CsatProperties properties, Clock clock,
            TicketLifecycle lifecycle) {
        this.tickets = tickets;
        this.events = events;
        this.properties = properties;
        this.clock = clock;
        this.lifecycle = lifecycle;
    }

    /** What a click did: recorded, changed, or nothing because the rating of this solution is final. */
    public enum Result { RECORDED, CHANGED, FINAL }

    public record Rated(Result result, Ticket ticket) {
    }

    public Rated rate(String number, String rating, String comment) {
        String label = rating == null ? "" : rating.strip().toLowerCase(Locale.ROOT);
        if (!label.equals("good") && !label.equals("bad")) {
            throw new LifecycleException(Kind.INVALID, "rating must be good or bad");
        }
        Versioned<Ticket> found = tickets.find(number);
        if (found == null) {
            throw new LifecycleException(Kind.NOT_FOUND, "no ticket " + number);
        }
        String note = comment == null ? null : clean(comment);
        Instant now = clock.instant();
        Result[] result = new Result[1];
        Ticket[] was = new Ticket[1];
        Ticket t = tickets.update(number, current -> {
            was[0] = current;
            Ticket.Csat before = current.csat();
            boolean sameSolution = before != null && before.ratedAt() != null
                    && (current.lifecycle().resolvedAt() == null || !before.ratedAt().isBefore(current.lifecycle().resolvedAt()));
            if (sameSolution && before.ratedAt().plus(properties.changeWithin()).isBefore(now)) {
                result[0] = Result.FINAL;
                return current;
            }
            result[0] = sameSolution ? Result.CHANGED : Result.RECORDED;
            Ticket next = current.withCsat(new Ticket.Csat(label, label.equals("good") ? 1 : 0,
                    note != null ? note : sameSolution ? before.comment() : null,
                    sameSolution ? before.ratedAt() : now, current.triage().assignee()));
            boolean reopen = label.equals("bad") && properties.reopenOnBad() && current.status() == TicketStatus.SOLVED;
            return reopen ? lifecycle.moved(next, TicketStatus.OPEN, now) : next;
        });
        if (result[0] != Result.FINAL) {
            events.record(EventLog.Event.of("rated", number, null, 0, "customer rated the solution " + label
                    + (note == null ? "" : " with a comment")).withChange("csat.rating", null, label));
        }
        if (was[0] != null && was[0].status() != t.status()) {
            events.recordChange("reopened", number, "status", was[0].status().label(), t.status().label());
            lifecycle.recordSla(was[0], t);
        }
        return new Rated(result[0], t);
    }

    private static String clean(String comment) {
        String c = comment.replaceAll("[\\p{Cntrl}&&[^\n]]", " ").strip();
        c = c.length() > COMMENT_CHARS ? c.substring(0, COMMENT_CHARS) : c;
        return c.isEmpty() ? null : c;
    }
}
