package io.ticketflow.intake;

import io.ticketflow.store.RawMessageStore;
import io.ticketflow.store.RawRecord;
import io.ticketflow.store.TicketStore;
import io.ticketflow.store.Versioned;

/**
 * {@code number ticket}: a message that opens a ticket gets its number, written to the raw record before the ticket
 * exists, so a retry after a crash reuses the number instead of opening a second ticket.
 */
final class NumberTicket implements IntakeStep {

    private final TicketStore tickets;
    private final RawMessageStore rawStore;

    NumberTicket(TicketStore tickets, RawMessageStore rawStore) {
        this.tickets = tickets;
        this.rawStore = rawStore;
    }

    @Override
    public String name() {
        return "number ticket";
    }

    @Override
    public boolean appliesTo(MessageInProgress m) {
        return m.settled == null && m.ticketNumber == null;
    }

    @Override
    public void apply(MessageInProgress m) {
        String number = tickets.allocateNumber();
        Versioned<RawRecord> assigned = rawStore.replace(m.record, m.record.value().withTicket(number));
        if (assigned == null) {
            throw new IllegalStateException("raw message " + m.raw.id() + " is being processed concurrently");
        }
        m.record = assigned;
        m.ticketNumber = number;
    }
}
