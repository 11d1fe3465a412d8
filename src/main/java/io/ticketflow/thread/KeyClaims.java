package io.ticketflow.thread;

import io.ticketflow.store.MessageIdIndex;
import io.ticketflow.store.TicketStore;
import io.ticketflow.ticket.TicketMessage;
import io.ticketflow.vocabulary.ParsedMessage;
import io.ticketflow.vocabulary.ThreadingDecision;
import io.ticketflow.vocabulary.TicketflowIdentity;
import java.util.function.Supplier;

/**
 * The two lookups of a new mail whose keys almost never exist yet, answered by writing them: the mail's own Message-ID
 * (was it referenced by an earlier reply?) and its (sender, normalized subject) pointer (did the sender open a ticket
 * with that subject?). Threading first decides as if neither existed; then, with the ticket known (a new ticket's
 * number is allocated here), each key is created with {@code op_type=create}, which is the write the mail needed
 * anyway. A create that succeeds proves the key did not exist, so the decision stands without a read. A create that
 * conflicts means the key exists: only then is the mail threaded again by reading (the path {@link Threader#thread}
 * takes), and an own Message-ID already claimed for a ticket the new decision does not open is moved or released.
 * Nothing is answered from memory, so a second instance or a restart changes nothing.
 * <p>
 * A key claimed before its ticket exists is seen by another instance as naming a ticket that does not exist yet, which
 * is rejected like an unknown key: what that instance would have decided had it read the key a moment earlier.
 */
final class KeyClaims {

    private final MessageIdIndex messageIds;
    private final TicketStore tickets;
    private final TicketflowIdentity identity;

    KeyClaims(MessageIdIndex messageIds, TicketStore tickets, TicketflowIdentity identity) {
        this.messageIds = messageIds;
        this.tickets = tickets;
        this.identity = identity;
    }

    /** A message whose own Message-ID it may register: a real one, not on our own domain (only our mail claims those). */
    static boolean claimable(ParsedMessage message, TicketflowIdentity identity) {
        return !message.messageIdSynthetic() && message.messageId() != null && !message.messageId().isBlank()
                && !identity.isOwnMessageId(message.messageId());
    }

    Threader.Claimed settle(ParsedMessage message, ThreadingDecision provisional, boolean ownId, boolean subject,
            Supplier<ThreadingDecision> reading) {
        if (!ownId && !subject) {
            return new Threader.Claimed(provisional, null);
        }
        if (provisional.hold()) {
            // a held message writes no keys: decide by reading
            return new Threader.Claimed(reading.get(), null);
        }
        String number = provisional.isNewTicket() ? tickets.allocateNumber() : provisional.ticketNumber();
        boolean ownClaimed = false;
        if (ownId) {
            if (!messageIds.claim(message.messageId(), number, TicketMessage.INBOUND)) {
                return decideByReading(message, provisional.isNewTicket() ? number : null, false, reading);
            }
            ownClaimed = true;
        }
        // the subject is the last evidence: deferred only when nothing else decided, so the ticket is a new one
        if (subject && provisional.isNewTicket() && !messageIds.claimSubject(message.from().address(),
                SubjectNormalizer.normalize(message.subject()), number)) {
            return decideByReading(message, number, ownClaimed, reading);
        }
        return new Threader.Claimed(provisional, provisional.isNewTicket() ? number : null);
    }

    /**
     * A claimed key existed: thread again by reading. {@code allocated} is the number allocated for a new ticket (reused
     * if the mail still opens one); an own id claimed for that number follows the new decision.
     */
    private Threader.Claimed decideByReading(ParsedMessage message, String allocated, boolean ownClaimed,
            Supplier<ThreadingDecision> reading) {
        ThreadingDecision decided = reading.get();
        String newNumber = decided.isNewTicket() && !decided.hold() ? allocated : null;
        if (ownClaimed) {
            String ticket = decided.hold() ? null : decided.isNewTicket() ? allocated : decided.ticketNumber();
            if (ticket == null) {
                messageIds.release(message.messageId());
            }
            else if (!ticket.equals(allocated)) {
                messageIds.reassign(message.messageId(), ticket, TicketMessage.INBOUND);
            }
        }
        return new Threader.Claimed(decided, newNumber);
    }

    /** See {@link Threader#claimedBefore}: the own id names a ticket that does not exist (read as stored). */
    String claimedBefore(ParsedMessage message) {
        if (!claimable(message, identity)) {
            return null;
        }
        MessageIdIndex.Entry entry = messageIds.find(message.messageId());
        return entry != null && TicketMessage.INBOUND.equals(entry.direction()) && tickets.find(entry.ticket()) == null
                ? entry.ticket() : null;
    }
}
