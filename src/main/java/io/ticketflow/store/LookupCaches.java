package io.ticketflow.store;

import java.util.Collection;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The in-process lookup caches that mirror documents retention and erasure delete (docs/threading.md, "Lookups without
 * realtime GETs"): told what was deleted, they forget it, so a cached Message-ID, ticket version or chat pointer never
 * threads a new message onto an erased or expired ticket, nor cites an erased Message-ID as evidence. Another instance's
 * caches forget it only by their bound or {@code max-age}.
 */
@Component
public final class LookupCaches {

    /** No caches to evict (a store used without the threading lookups). */
    static final LookupCaches NONE = new LookupCaches(null, null, null);

    private final MessageIdIndex messageIds;
    private final TicketStore tickets;
    private final ConversationIndex conversations;

    public LookupCaches(MessageIdIndex messageIds, TicketStore tickets, ConversationIndex conversations) {
        this.messageIds = messageIds;
        this.tickets = tickets;
        this.conversations = conversations;
    }

    /**
     * The store deleted these tickets and Message-ID entries, and changed these tickets (redacted): forget all of it.
     */
    void deleted(Collection<String> deletedTickets, Collection<String> changedTickets, Collection<String> messageIdsGone) {
        if (messageIds != null) {
            messageIds.forget(deletedTickets, messageIdsGone);
        }
        if (tickets != null) {
            tickets.forget(deletedTickets);
            tickets.forget(changedTickets);
        }
        if (conversations != null) {
            conversations.forget(deletedTickets);
        }
    }

    void deletedTickets(Collection<String> deletedTickets) {
        deleted(deletedTickets, List.of(), List.of());
    }
}
