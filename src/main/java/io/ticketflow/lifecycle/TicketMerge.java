package io.ticketflow.lifecycle;

import io.ticketflow.store.EventLog;
import io.ticketflow.store.MessageStore;
import io.ticketflow.store.TicketStore;
import io.ticketflow.store.Versioned;
import io.ticketflow.ticket.Ticket;
import io.ticketflow.ticket.TicketStatus;
import org.springframework.stereotype.Component;

/**
 * Merges one ticket into another: the target takes over all messages, participants and tags; the source keeps its
 * number with status {@code merged} and {@code links.mergedInto}, so reading the old number, replying with its tag or
 * to any of its message ids all lead to the target. Every step is idempotent, so a merge interrupted by a crash is
 * finished by running it again; a message that reaches the source while it is being merged is taken over too.
 */
@Component
public class TicketMerge {

    private final TicketStore tickets;
    private final TicketLifecycle lifecycle;
    private final MessageStore messages;
    private final EventLog events;

    public TicketMerge(TicketStore tickets, MessageStore messages, EventLog events, TicketLifecycle lifecycle) {
        this.tickets = tickets;
        this.lifecycle = lifecycle;
        this.messages = messages;
        this.events = events;
    }

    /** Why the merge cannot be done: the message for the caller. */
    public static class Refused extends RuntimeException {

        private final boolean notFound;

        Refused(String message, boolean notFound) {
            super(message);
            this.notFound = notFound;
        }

        public boolean notFound() {
            return notFound;
        }
    }

    /** Merges source into target and returns the target as it is afterwards. */
    public Ticket merge(String sourceNumber, String targetNumber) {
        long started = System.nanoTime();
        Versioned<Ticket> source = tickets.find(sourceNumber);
        Versioned<Ticket> target = tickets.find(targetNumber);
        if (source == null || target == null) {
            throw new Refused("no ticket " + (source == null ? sourceNumber : targetNumber), true);
        }
        if (sourceNumber.equals(targetNumber)) {
            throw new Refused("a ticket cannot be merged into itself", false);
        }
        String already = source.value().links().mergedInto();
        if (already != null && !already.equals(targetNumber)) {
            throw new Refused("ticket " + sourceNumber + " was already merged into " + already, false);
        }
        if (target.value().links().mergedInto() != null) {
            throw new Refused("ticket " + targetNumber + " was itself merged into " + target.value().links().mergedInto()
                    + ": merge into that one", false);
        }
        tickets.update(targetNumber, t -> t.absorbing(source.value()));
        messages.reassign(source.value().messageKeys(), targetNumber);
        // through the life cycle, so the source's SLA clock stops (a pause ends, no next response is owed)
        Ticket merged = lifecycle.apply(sourceNumber, t -> t.mergedInto(targetNumber), t -> TicketStatus.MERGED).after();
        // messages that reached the source while this ran
        Ticket result = tickets.update(targetNumber, t -> t.absorbing(merged));
        messages.reassign(merged.messageKeys(), targetNumber);
        events.record("merged", targetNumber, null, (System.nanoTime() - started) / 1_000_000,
                "ticket " + sourceNumber + " merged into " + targetNumber);
        return result;
    }
}
