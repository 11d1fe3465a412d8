package io.ticketflow.respond;

import io.ticketflow.store.MessageIdIndex;
import io.ticketflow.store.OutboxEntry;
import io.ticketflow.store.OutboxStore;
import io.ticketflow.store.Versioned;
import io.ticketflow.ticket.TicketMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.stereotype.Component;

/**
 * Outgoing mail, recorded before it is sent and sent once:
 * <ol>
 * <li>{@link #record} writes the entry create-only with id = ticket + key (purpose [+ round]); a second attempt for
 * the same key finds it and records nothing, so a retried pipeline or a second instance never queues it twice;</li>
 * <li>{@link #enqueue} then hands the entry as created to the {@link OutboxDispatcher}, whose sender threads send it
 * within milliseconds: the caller (the pipeline step of an incoming mail, an agent's reply) does not wait for
 * SMTP;</li>
 * <li>the {@link OutboxSender} claims the entry, sends it and marks it sent; when SMTP fails, when the hand-off was
 * lost (queue full, crash right after recording) or a sender died mid-send, the retry timer sends it later. An entry
 * recorded just before a crash is pending and due after the hand-off grace, so a sweep after the restart sends
 * it.</li>
 * </ol>
 */
@Component
public class Outbox {

    private final OutboxStore store;
    private final MessageIdIndex messageIds;
    private final OutboxDispatcher dispatcher;
    private final Duration handoffGrace;
    private final Clock clock;
    private final BounceAddress bounces;

    /** Without bounce addresses: each mail keeps the envelope sender it was composed with (tests of the queue). */
    public Outbox(OutboxStore store, MessageIdIndex messageIds, OutboxDispatcher dispatcher, OutboxProperties properties,
            Clock clock) {
        this(store, messageIds, dispatcher, properties, clock, null);
    }

    @org.springframework.beans.factory.annotation.Autowired
    public Outbox(OutboxStore store, MessageIdIndex messageIds, OutboxDispatcher dispatcher, OutboxProperties properties,
            Clock clock, BounceAddress bounces) {
        this.bounces = bounces;
        this.store = store;
        this.messageIds = messageIds;
        this.dispatcher = dispatcher;
        this.handoffGrace = properties.handoffGrace();
        this.clock = clock;
    }

    /** Records the mail for the ticket and key (unless already recorded) and has it sent soon; false if recorded before. */
    public boolean enqueue(String ticket, String key, OutgoingMail mail) {
        Versioned<OutboxEntry> recorded = write(ticket, key, mail);
        if (recorded == null) {
            return false;
        }
        dispatcher.dispatch(recorded);
        return true;
    }

    /** Writes the entry without sending it (the retry timer will); false if the ticket already has an entry for this key. */
    public boolean record(String ticket, String key, OutgoingMail mail) {
        return write(ticket, key, mail) != null;
    }

    /**
     * Records the mail as refused and never sent (a tripped breaker): the ticket's outgoing mail shows it with the
     * reason; false if the ticket already has an entry for this key. Its Message-ID is not registered: it never left.
     */
    public boolean refuse(String ticket, String key, OutgoingMail mail, String reason) {
        String id = id(ticket, key);
        OutboxEntry entry = new OutboxEntry(id, ticket, key, OutboxEntry.REFUSED, mail.to(), mail.subject(), mail.text(),
                mail.messageId(), mail.inReplyTo(), mail.references(), 0, clock.instant(), null, null, reason,
                mail.html(), mail.autoSubmitted(), mail.envelopeFrom());
        return store.create(entry) != null;
    }

    private Versioned<OutboxEntry> write(String ticket, String key, OutgoingMail mail) {
        Instant now = clock.instant();
        // due for the retry timer only after the grace: until then the dispatcher owns it (see OutboxProperties)
        String id = id(ticket, key);
        // the envelope sender is signed for this entry and recipient: only a bounce to it can say this mail failed
        String envelopeFrom = bounces == null ? mail.envelopeFrom() : bounces.of(id, mail.to());
        OutboxEntry entry = new OutboxEntry(id, ticket, key, OutboxEntry.PENDING, mail.to(), mail.subject(),
                mail.text(), mail.messageId(), mail.inReplyTo(), mail.references(), 0, now, now.plus(handoffGrace), null,
                null, mail.html(), mail.autoSubmitted(), envelopeFrom);
        // the id is registered first, so a customer's reply to this mail threads even if we crash right after sending
        messageIds.register(mail.messageId(), ticket, TicketMessage.OUTBOUND);
        return store.create(entry);
    }

    public boolean exists(String ticket, String key) {
        return store.find(id(ticket, key)) != null;
    }

    public static String id(String ticket, String key) {
        return ticket + "-" + key;
    }
}
