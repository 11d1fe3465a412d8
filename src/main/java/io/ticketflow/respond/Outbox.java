package io.ticketflow.respond;

import io.ticketflow.store.MessageIdIndex;
import io.ticketflow.store.OutboxEntry;
import io.ticketflow.store.OutboxStore;
import io.ticketflow.store.Versioned;
import io.ticketflow.thread.ThreadTokens;
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
 * <li>{@link #enqueue} writes it already claimed by this instance (state {@code sending} for the hand-off grace plus
 * the claim time) and hands the entry as created to the {@link OutboxDispatcher}, whose sender
 * threads send it within milliseconds without a claim write of their own: the caller (the pipeline step of an
 * incoming mail, an agent's reply) does not wait for SMTP;</li>
 * <li>the {@link OutboxSender} sends it and marks it sent; when SMTP fails, when the hand-off was lost (queue full,
 * crash right after recording) or a sender died mid-send, the retry timer sends it later. An entry recorded just
 * before a crash is claimed by the crashed instance until its claim expires, so a sweep after that (of any instance)
 * sends it.</li>
 * </ol>
 */
@Component
public class Outbox {

    private final OutboxStore store;
    private final MessageIdIndex messageIds;
    private final OutboxDispatcher dispatcher;
    private final Duration handoffGrace;
    /**
     * How long an entry written by {@link #enqueue} is claimed by this instance: the hand-off grace (its time in the
     * queue) plus a whole claim, so a sender that takes it within the grace still has a whole claim to send it.
     */
    private final Duration createdClaim;
    private final Clock clock;
    private final BounceAddress bounces;
    /** Tells our own signed Message-IDs, which need no entry in the Message-ID index (null: every id is registered). */
    private final ThreadTokens tokens;

    /** Without bounce addresses: each mail keeps the envelope sender it was composed with (tests of the queue). */
    public Outbox(OutboxStore store, MessageIdIndex messageIds, OutboxDispatcher dispatcher, OutboxProperties properties,
            Clock clock) {
        this(store, messageIds, dispatcher, properties, clock, null, null);
    }

    @org.springframework.beans.factory.annotation.Autowired
    public Outbox(OutboxStore store, MessageIdIndex messageIds, OutboxDispatcher dispatcher, OutboxProperties properties,
            Clock clock, BounceAddress bounces, ThreadTokens tokens) {
        this.bounces = bounces;
        this.tokens = tokens;
        this.store = store;
        this.messageIds = messageIds;
        this.dispatcher = dispatcher;
        this.handoffGrace = properties.handoffGrace();
        this.createdClaim = handoffGrace.plus(properties.claim());
        this.clock = clock;
    }

    /** Records the mail for the ticket and key (unless already recorded) and has it sent soon; false if recorded before. */
    public boolean enqueue(String ticket, String key, OutgoingMail mail) {
        // written claimed: the dispatcher's sender sends it without a claim write (issue #16: an entry cost three
        // writes); nobody else sends it before the claim expires, and then only by a compare-and-set on this version
        Versioned<OutboxEntry> recorded = write(ticket, key, mail, true);
        if (recorded == null) {
            return false;
        }
        dispatcher.dispatch(recorded);
        return true;
    }

    /** Writes the entry without sending it (the retry timer will); false if the ticket already has an entry for this key. */
    public boolean record(String ticket, String key, OutgoingMail mail) {
        return write(ticket, key, mail, false) != null;
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

    private Versioned<OutboxEntry> write(String ticket, String key, OutgoingMail mail, boolean claimed) {
        Instant now = clock.instant();
        // due for the retry timer only after the grace (or the claim): until then the dispatcher owns it
        String id = id(ticket, key);
        // the envelope sender is signed for this entry and recipient: only a bounce to it can say this mail failed
        String envelopeFrom = bounces == null ? mail.envelopeFrom() : bounces.of(id, mail.to());
        OutboxEntry entry = new OutboxEntry(id, ticket, key, claimed ? OutboxEntry.SENDING : OutboxEntry.PENDING,
                mail.to(), mail.subject(), mail.text(), mail.messageId(), mail.inReplyTo(), mail.references(), 0, now,
                now.plus(claimed ? createdClaim : handoffGrace), null, null, mail.html(), mail.autoSubmitted(),
                envelopeFrom);
        // a reply to this mail must thread even if we crash right after sending: our signed Message-ID names the
        // ticket itself (threading, bounces and receipts verify it); any other id is registered first
        if (tokens == null || !tokens.names(mail.messageId(), ticket)) {
            messageIds.register(mail.messageId(), ticket, TicketMessage.OUTBOUND);
        }
        return store.create(entry);
    }

    public boolean exists(String ticket, String key) {
        return store.find(id(ticket, key)) != null;
    }

    public static String id(String ticket, String key) {
        return ticket + "-" + key;
    }
}
