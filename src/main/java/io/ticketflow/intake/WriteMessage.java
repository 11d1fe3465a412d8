package io.ticketflow.intake;

import io.ticketflow.store.MessageStore;
import io.ticketflow.ticket.TicketMessage;

/**
 * {@code write message}: the message document, create-only by raw id, with every decision the steps made about it
 * (verdict, threading evidence, classification, routing), so each decision can be explained later.
 */
final class WriteMessage implements IntakeStep {

    private final MessageStore messages;

    WriteMessage(MessageStore messages) {
        this.messages = messages;
    }

    @Override
    public String name() {
        return "write message";
    }

    @Override
    public void apply(MessageInProgress m) {
        messages.create(TicketMessage.inbound(m.raw, m.parsed, m.ticketNumber, m.verdict,
                TicketMessage.Threading.of(m.threading), m.classification, m.routing));
    }
}
