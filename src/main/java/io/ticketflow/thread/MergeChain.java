package io.ticketflow.thread;

import io.ticketflow.store.TicketStore;
import io.ticketflow.store.Versioned;
import io.ticketflow.ticket.Ticket;
import java.util.function.Function;

/** A ticket found by number, followed through merges to the ticket that carries its messages now. */
final class MergeChain {

    /** Merges are chains, never loops; the bound only guards against a damaged store. */
    private static final int MAX_HOPS = 10;

    private MergeChain() {
    }

    /**
     * The ticket the number leads to, or null when it or a ticket on the way does not exist. Each merge passed is
     * appended to {@code via} as " (ticket A was merged into B)", for the threading evidence.
     */
    static Versioned<Ticket> follow(TicketStore tickets, String number, StringBuilder via) {
        return follow(tickets::find, number, via);
    }

    /** The same, reading tickets with {@code find} (threading reads each ticket once per message). */
    static Versioned<Ticket> follow(Function<String, Versioned<Ticket>> find, String number, StringBuilder via) {
        Versioned<Ticket> found = find.apply(number);
        for (int hop = 0; found != null && found.value().links().mergedInto() != null && hop < MAX_HOPS; hop++) {
            via.append(" (ticket ").append(found.value().number()).append(" was merged into ")
                    .append(found.value().links().mergedInto()).append(")");
            found = find.apply(found.value().links().mergedInto());
        }
        return found;
    }
}
