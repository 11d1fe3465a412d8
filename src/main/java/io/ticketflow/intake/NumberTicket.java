package io.ticketflow.intake;

import io.ticketflow.store.MessageStore;
import io.ticketflow.store.TicketStore;
import io.ticketflow.thread.Threader;
import io.ticketflow.ticket.TicketMessage;
import io.ticketflow.vocabulary.ThreadingDecision;
import java.util.List;

/**
 * {@code number ticket}: a message that opens a ticket gets a new number. The number is not written anywhere of its
 * own: the message document (create-only, written next, before the ticket) carries it, and the raw record gets it
 * with the outcome. A retry after a crash finds the number in the message document an earlier attempt wrote and
 * reuses it instead of opening a second ticket. The first attempt of a mail takes its number already in
 * {@code find ticket}, where its own Message-ID is claimed for it ({@code Threader#threadClaiming}): a crash before
 * the message document was written leaves that id naming a ticket that does not exist, and the retry opens the
 * ticket under that number, so the id leads to it; where nothing names the number, the retry takes a new one (a gap
 * in the numbers, never a second ticket). Only an attempt that did not create the raw record looks
 * ({@link MessageInProgress#fresh}): the first attempt of a new message reads nothing.
 */
final class NumberTicket implements IntakeStep {

    private final TicketStore tickets;
    private final MessageStore messages;
    private final Threader threader;

    NumberTicket(TicketStore tickets, MessageStore messages, Threader threader) {
        this.tickets = tickets;
        this.messages = messages;
        this.threader = threader;
    }

    @Override
    public String name() {
        return "number ticket";
    }

    @Override
    public boolean appliesTo(MessageInProgress m) {
        return m.settled == null && (m.ticketNumber == null || !m.fresh && !m.opensTicket);
    }

    @Override
    public void apply(MessageInProgress m) {
        String opened = m.fresh ? null : openedEarlier(m.raw.id());
        if (opened != null) {
            // an earlier attempt opened this ticket: still this message's new ticket (acknowledged once)
            m.ticketNumber = opened;
            m.opensTicket = true;
        }
        else if (m.ticketNumber == null) {
            // an earlier attempt may have claimed a number with the message's own Message-ID and failed before
            // opening the ticket: that number, so the Message-ID leads to the ticket
            String claimed = m.fresh || m.parsed == null || m.threading == null || !m.threading.isNewTicket() ? null
                    : threader.claimedBefore(m.parsed);
            m.ticketNumber = claimed != null ? claimed : tickets.allocateNumber();
        }
    }

    /** The ticket an earlier attempt opened with this message, from the message document it wrote; null if none. */
    private String openedEarlier(String rawId) {
        String newTicket = ThreadingDecision.Method.NEW_TICKET.label();
        return messages.findAll(List.of(rawId)).stream()
                .filter(message -> message.threading() != null && newTicket.equals(message.threading().method()))
                .map(TicketMessage::ticket).findFirst().orElse(null);
    }
}
