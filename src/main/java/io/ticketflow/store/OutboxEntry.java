package io.ticketflow.store;

import java.time.Instant;
import java.util.List;

/**
 * One outgoing message, recorded before it is sent (id = ticket + purpose, so the same purpose is never queued twice).
 *
 * @param state pending, sent or failed
 */
public record OutboxEntry(
        String id,
        String ticket,
        String purpose,
        String state,
        String to,
        String subject,
        String body,
        String messageId,
        String inReplyTo,
        List<String> references,
        int attempts,
        Instant createdAt,
        Instant nextAttemptAt,
        Instant sentAt,
        String lastError) {

    public static final String PENDING = "pending";
    public static final String SENT = "sent";

    /** The same entry, hidden from other senders' sweeps until the given time. */
    public OutboxEntry claimedUntil(Instant until) {
        return new OutboxEntry(id, ticket, purpose, state, to, subject, body, messageId, inReplyTo, references, attempts,
                createdAt, until, sentAt, lastError);
    }

    public OutboxEntry sent(Instant at) {
        return new OutboxEntry(id, ticket, purpose, SENT, to, subject, body, messageId, inReplyTo, references,
                attempts + 1, createdAt, null, at, null);
    }

    public OutboxEntry failed(String error, Instant retryAt) {
        return new OutboxEntry(id, ticket, purpose, PENDING, to, subject, body, messageId, inReplyTo, references,
                attempts + 1, createdAt, retryAt, null, error);
    }
}
