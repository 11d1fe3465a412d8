package io.ticketflow.store;

import java.time.Instant;
import java.util.List;

/**
 * One outgoing message, recorded before it is sent (id = ticket + purpose [+ round], so the same purpose is never
 * queued twice).
 *
 * @param state         pending (waiting for its first or next attempt), sending (claimed by a sender until
 *                      {@code nextAttemptAt}) or sent
 * @param html          HTML alternative of {@code body}, or null for text only
 * @param autoSubmitted value of the Auto-Submitted header (auto-replied, auto-generated) or null for a person's mail
 * @param envelopeFrom  SMTP envelope sender (bounce address that names the ticket)
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
        String lastError,
        String html,
        String autoSubmitted,
        String envelopeFrom) {

    public static final String PENDING = "pending";
    public static final String SENDING = "sending";
    public static final String SENT = "sent";
    /** the channel refused it for good (e.g. outside WhatsApp's 24-hour window): never retried, the error says why */
    public static final String REFUSED = "refused";

    /** The same entry, claimed by one sender until the given time (a crashed sender's claim expires). */
    public OutboxEntry claimedUntil(Instant until) {
        return new OutboxEntry(id, ticket, purpose, SENDING, to, subject, body, messageId, inReplyTo, references, attempts,
                createdAt, until, sentAt, lastError, html, autoSubmitted, envelopeFrom);
    }

    public OutboxEntry sent(Instant at) {
        return new OutboxEntry(id, ticket, purpose, SENT, to, subject, body, messageId, inReplyTo, references,
                attempts + 1, createdAt, null, at, null, html, autoSubmitted, envelopeFrom);
    }

    public OutboxEntry refused(String error) {
        return new OutboxEntry(id, ticket, purpose, REFUSED, to, subject, body, messageId, inReplyTo, references,
                attempts + 1, createdAt, null, null, error, html, autoSubmitted, envelopeFrom);
    }

    public OutboxEntry failed(String error, Instant retryAt) {
        return new OutboxEntry(id, ticket, purpose, PENDING, to, subject, body, messageId, inReplyTo, references,
                attempts + 1, createdAt, retryAt, null, error, html, autoSubmitted, envelopeFrom);
    }
}
