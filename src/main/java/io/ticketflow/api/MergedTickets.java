package io.ticketflow.api;

import io.ticketflow.store.TicketStore;
import io.ticketflow.store.Versioned;
import io.ticketflow.ticket.Ticket;
import org.springframework.http.HttpStatus;

/** A ticket number as the API reads it: a merged number answers with the ticket it was merged into. */
final class MergedTickets {

    private static final int MAX_MERGE_HOPS = 10;

    private MergedTickets() {
    }

    static Ticket resolve(TicketStore tickets, String number) {
        Versioned<Ticket> ticket = tickets.find(number);
        if (ticket == null) {
            throw new ApiException(HttpStatus.NOT_FOUND, "not_found", "no ticket " + number);
        }
        for (int hop = 0; ticket.value().links().mergedInto() != null && hop < MAX_MERGE_HOPS; hop++) {
            Versioned<Ticket> next = tickets.find(ticket.value().links().mergedInto());
            if (next == null) {
                break;
            }
            ticket = next;
        }
        return ticket.value();
    }
}
