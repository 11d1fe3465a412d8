package io.ticketflow.intake;

import io.ticketflow.store.MessageStore;
import io.ticketflow.ticket.TicketMessage;
import io.ticketflow.vocabulary.Classification;
import io.ticketflow.vocabulary.MailAddress;
import io.ticketflow.vocabulary.ParsedMessage;
import io.ticketflow.vocabulary.RawMessage;
import io.ticketflow.vocabulary.RoutingDecision;
import io.ticketflow.vocabulary.ScreeningVerdict;
import io.ticketflow.vocabulary.ThreadingDecision;

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
        messages.create(inbound(m.raw, m.parsed, m.ticketNumber, m.verdict, m.threading, m.classification, m.routing));
    }

    private static TicketMessage inbound(RawMessage raw, ParsedMessage parsed, String number, ScreeningVerdict verdict,
            ThreadingDecision decision, Classification classification, RoutingDecision routing) {
        return new TicketMessage(raw.id(), number, TicketMessage.INBOUND, raw.channel(), raw.mailbox(), parsed.messageId(),
                parsed.from().address(), parsed.from().name(), MailAddress.addressesOf(parsed.to()),
                MailAddress.addressesOf(parsed.cc()), parsed.subject(), parsed.text(), parsed.newContent(),
                raw.receivedAt(), parsed.sentAt(), parsed.attachments(),
                new TicketMessage.Screening(verdict.kind().label(), verdict.reason()),
                new TicketMessage.Threading(decision.method().label(), decision.evidence(), decision.score(),
                        decision.rejected(), decision.relatedTo(), decision.reopen() ? true : null),
                parsed.warnings(), parsed.quotedHistory(), parsed.signature(), parsed.deliveryReport(), classification,
                routing);
    }
}
