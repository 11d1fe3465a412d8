package io.ticketflow.intake;

import io.ticketflow.intake.FaultPoints.FaultPoint;
import io.ticketflow.store.MessageStore;
import io.ticketflow.ticket.TicketMessage;

/**
 * {@code write message}: the message document, create-only by raw id, with every decision the steps made about it
 * (verdict, threading evidence, classification, routing), so each decision can be explained later. For a message that
 * opens a ticket it is also where the new number is kept until the ticket exists ({@link NumberTicket}).
 */
final class WriteMessage implements IntakeStep {

    private final MessageStore messages;
    private final FaultPoints faults;

    WriteMessage(MessageStore messages, FaultPoints faults) {
        this.messages = messages;
        this.faults = faults;
    }

    @Override
    public String name() {
        return "write message";
    }

    @Override
    public void apply(MessageInProgress m) {
        messages.create(TicketMessage.inbound(m.raw, m.parsed, m.ticketNumber, m.verdict,
                TicketMessage.Threading.of(m.threading), m.classification, m.routing));
        faults.reached(FaultPoint.AFTER_MESSAGE_WRITE, m.raw.id());
    }
}
