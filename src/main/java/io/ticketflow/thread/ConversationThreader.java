package io.ticketflow.thread;

import io.ticketflow.store.ConversationIndex;
import io.ticketflow.store.MessageIdIndex;
import io.ticketflow.store.TicketStore;
import io.ticketflow.store.Versioned;
import io.ticketflow.ticket.Ticket;
import io.ticketflow.ticket.TicketStatus;
import io.ticketflow.vocabulary.ThreadingDecision;
import io.ticketflow.vocabulary.ThreadingDecision.Method;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Threading for chat channels: a chat is one conversation the channel itself identifies (the key comes from the
 * channel's authenticated API, never from what the sender wrote), so its messages go to the ticket the conversation
 * points at ({@link ConversationIndex}): one open ticket per (channel, conversation). After the ticket is solved or
 * closed the policy is the mail policy: a solved ticket, or one closed within {@code reopen-within} (per queue), is
 * reopened; one closed longer ago gets a new ticket linked to it, and the conversation then points at the new one.
 * A merged ticket is followed to the ticket it was merged into. The pointer may come from the in-process cache: the
 * ticket it names is always read from the store, and only a ticket to append to is taken from a cached pointer
 * (a pointer moves only away from a ticket closed for good, which never takes messages again).
 */
@Component
public class ConversationThreader {

    private final ConversationIndex conversations;
    private final TicketStore tickets;
    private final ThreadingProperties properties;
    private final Clock clock;

    @Autowired
    public ConversationThreader(ConversationIndex conversations, TicketStore tickets, ThreadingProperties properties) {
        this(conversations, tickets, properties, Clock.systemUTC());
    }

    ConversationThreader(ConversationIndex conversations, TicketStore tickets, ThreadingProperties properties,
            Clock clock) {
        this.conversations = conversations;
        this.tickets = tickets;
        this.properties = properties;
        this.clock = clock;
    }

    public ThreadingDecision thread(String channel, String conversation) {
        ConversationIndex.Found pointer = conversations.find(channel, conversation);
        ThreadingDecision decided = decide(channel, conversation, pointer);
        if (pointer != null && pointer.cached() && decided.isNewTicket()) {
            // the pointer came from this instance's cache and leads to no ticket to append to: another instance may
            // have moved it to a newer ticket since, so the store decides before a new ticket is opened
            return decide(channel, conversation, conversations.findStored(channel, conversation));
        }
        return decided;
    }

    private ThreadingDecision decide(String channel, String conversation, ConversationIndex.Found pointer) {
        String evidence = channel + " conversation " + conversation;
        MessageIdIndex.Entry entry = pointer == null ? null : pointer.entry();
        if (entry == null) {
            return ThreadingDecision.newTicket(List.of());
        }
        List<String> rejected = new ArrayList<>();
        StringBuilder via = new StringBuilder();
        Versioned<Ticket> found = MergeChain.follow(tickets, entry.ticket(), via);
        evidence += via;
        if (found == null) {
            rejected.add(evidence + ": ticket " + entry.ticket() + " does not exist");
            return ThreadingDecision.newTicket(rejected);
        }
        Ticket ticket = found.value();
        if (ticket.status() == TicketStatus.CLOSED) {
            Duration reopenWithin = properties.reopenWithin(ticket.triage().queue());
            Instant closedAt = ticket.lifecycle().closedAt() != null ? ticket.lifecycle().closedAt() : ticket.updatedAt();
            if (closedAt != null && closedAt.plus(reopenWithin).isBefore(clock.instant())) {
                rejected.add(evidence + ": ticket " + ticket.number() + " was closed at " + closedAt
                        + ", longer ago than " + reopenWithin + ": a new linked ticket is opened");
                return ThreadingDecision.newLinked(ticket.number(), Method.CONVERSATION, evidence, rejected);
            }
        }
        return new ThreadingDecision(ticket.number(), Method.CONVERSATION, evidence, Method.CONVERSATION.score(),
                rejected, null, ticket.isSolvedOrClosed(), false);
    }

    /** The conversation's messages go to this ticket from now on (called when the conversation opened it). */
    public void remember(String channel, String conversation, String ticket) {
        conversations.point(channel, conversation, ticket);
    }
}
