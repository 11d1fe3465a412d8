package io.ticketflow.thread;

import io.ticketflow.parse.ParsedMessage;
import io.ticketflow.store.MessageIdIndex;
import io.ticketflow.store.Ticket;
import io.ticketflow.store.TicketStore;
import io.ticketflow.store.Versioned;
import io.ticketflow.thread.ThreadingDecision.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Finds the ticket a message belongs to. Evidence, strongest first: In-Reply-To, References (any id we know, ours or
 * the customer's, looked up by realtime GET), then the subject tag. Naming a ticket is not enough: the sender must
 * be the customer or a participant of that ticket, otherwise the candidate is rejected (recorded) and the message
 * opens a new ticket, so a guessed or leaked ticket number never lets a stranger write into someone else's ticket.
 */
@Component
public class Threader {

    private final MessageIdIndex messageIds;
    private final TicketStore tickets;
    private final SubjectTag subjectTag;

    public Threader(MessageIdIndex messageIds, TicketStore tickets, SubjectTag subjectTag) {
        this.messageIds = messageIds;
        this.tickets = tickets;
        this.subjectTag = subjectTag;
    }

    public ThreadingDecision thread(ParsedMessage message) {
        List<String> rejected = new ArrayList<>();
        for (String id : message.inReplyTo()) {
            Optional<ThreadingDecision> d = byMessageId(message, id, Method.IN_REPLY_TO, rejected);
            if (d.isPresent()) {
                return d.get();
            }
        }
        for (String id : message.referencedIds()) {
            Optional<ThreadingDecision> d = byMessageId(message, id, Method.REFERENCES, rejected);
            if (d.isPresent()) {
                return d.get();
            }
        }
        Optional<String> tagged = subjectTag.find(message.subject());
        if (tagged.isPresent()) {
            Optional<ThreadingDecision> d = accept(message, tagged.get(), Method.SUBJECT_TAG, subjectTag.of(tagged.get()),
                    rejected);
            if (d.isPresent()) {
                return d.get();
            }
        }
        return ThreadingDecision.newTicket(rejected);
    }

    private Optional<ThreadingDecision> byMessageId(ParsedMessage message, String id, Method method, List<String> rejected) {
        MessageIdIndex.Entry entry = messageIds.find(id);
        return entry == null ? Optional.empty() : accept(message, entry.ticket(), method, "<" + id + ">", rejected);
    }

    private Optional<ThreadingDecision> accept(ParsedMessage message, String number, Method method, String evidence,
            List<String> rejected) {
        Versioned<Ticket> ticket = tickets.find(number);
        if (ticket == null) {
            rejected.add(method.label() + " " + evidence + ": ticket " + number + " does not exist");
            return Optional.empty();
        }
        String sender = message.from().address();
        if (!ticket.value().participants().contains(sender) && !sender.equals(ticket.value().customer())) {
            rejected.add(method.label() + " " + evidence + ": sender " + sender + " is not a participant of ticket "
                    + number);
            return Optional.empty();
        }
        return Optional.of(new ThreadingDecision(number, method, evidence, List.copyOf(rejected)));
    }
}
