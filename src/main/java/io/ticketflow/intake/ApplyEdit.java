package io.ticketflow.intake;

import io.ticketflow.parse.channel.ChannelMessages;
import io.ticketflow.store.MessageStore;
import io.ticketflow.store.TicketStore;
import io.ticketflow.store.Versioned;
import io.ticketflow.ticket.Ticket;
import io.ticketflow.ticket.TicketMessage;
import io.ticketflow.vocabulary.ProcessingOutcome.Outcome;
import io.ticketflow.vocabulary.RawMessage;
import io.ticketflow.vocabulary.ThreadingDecision;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code apply edit}: a chat message the customer edited (Telegram's {@code edited_message}) changes the stored
 * message instead of adding one: its text and attachments become the edited ones, and the message keeps a note of the
 * edit with the text it replaced. The edit is its own raw record (nothing is lost, a redelivered edit is the same
 * record), counted on no ticket, and settled as appended to the message's ticket. An edit of a message never received
 * (sent before the channel was set up) is taken as a new message.
 */
final class ApplyEdit implements IntakeStep {

    private static final int MAX_KEPT_TEXT = 2_000;

    private final MessageStore messages;
    private final TicketStore tickets;

    ApplyEdit(MessageStore messages, TicketStore tickets) {
        this.messages = messages;
        this.tickets = tickets;
    }

    @Override
    public String name() {
        return "apply edit";
    }

    @Override
    public boolean appliesTo(MessageInProgress m) {
        return m.settled == null && !m.raw.isMail() && m.parsed.header(ChannelMessages.EDIT_OF) != null;
    }

    @Override
    public void apply(MessageInProgress m) {
        String editOf = m.parsed.header(ChannelMessages.EDIT_OF);
        String originalId = RawMessage.sha256Hex(m.raw.channel() + "\n" + editOf);
        List<TicketMessage> found = messages.findAll(List.of(originalId));
        if (found.isEmpty() || found.get(0).ticket() == null) {
            m.parsed = m.parsed.withWarning("edit of a message that was never received (" + editOf + "): taken as a new message");
            return;
        }
        TicketMessage original = found.get(0);
        List<String> notes = new ArrayList<>(original.warnings() == null ? List.of() : original.warnings());
        String before = original.text() == null ? "" : original.text();
        notes.add("edited at " + m.parsed.sentAt() + " (raw " + m.raw.id() + "); the text before: \""
                + (before.length() > MAX_KEPT_TEXT ? before.substring(0, MAX_KEPT_TEXT) + "…" : before) + "\"");
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("text", m.parsed.text());
        fields.put("newContent", m.parsed.newContent());
        fields.put("attachments", m.parsed.attachments());
        fields.put("warnings", notes);
        messages.change(originalId, fields);
        Versioned<Ticket> ticket = tickets.find(original.ticket());
        m.ticketNumber = original.ticket();
        m.ticket = ticket == null ? null : ticket.value();
        m.threading = new ThreadingDecision(original.ticket(), ThreadingDecision.Method.CONVERSATION,
                "edit of " + m.raw.channel() + " message " + editOf, List.of());
        m.reason.append("edit of message ").append(originalId).append(": text updated on ticket ")
                .append(original.ticket());
        m.settled = Outcome.APPENDED;
        m.edit = true;
    }
}
