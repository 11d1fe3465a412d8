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
 * @param externalId    for a chat answer: the channel's id of the message sent (e.g. WhatsApp's wamid)
 * @param channelStatus for a chat answer: the channel's latest delivery report (delivered, read, failed: why) and when
 * @param type          {@code replied} once sent: with {@code at} and {@code durationMs} the sent entry is also the
 *                      {@code replied} pipeline event, in the events index's field names (the Kibana data view of
 *                      the pipeline events reads the outbox too; issue 16: one write less per mail sent)
 * @param at            when it was sent (the event's time)
 * @param durationMs    milliseconds the send took (the event's duration)
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
        String envelopeFrom,
        String externalId,
        String channelStatus,
        String type,
        Instant at,
        Long durationMs) {

    /** An entry as recorded, before any channel reported on it. */
    public OutboxEntry(String id, String ticket, String purpose, String state, String to, String subject, String body,
            String messageId, String inReplyTo, List<String> references, int attempts, Instant createdAt,
            Instant nextAttemptAt, Instant sentAt, String lastError, String html, String autoSubmitted,
            String envelopeFrom) {
        this(id, ticket, purpose, state, to, subject, body, messageId, inReplyTo, references, attempts, createdAt,
                nextAttemptAt, sentAt, lastError, html, autoSubmitted, envelopeFrom, null, null, null, null, null);
    }

    public static final String PENDING = "pending";
    public static final String SENDING = "sending";
    public static final String SENT = "sent";
    /** the channel refused it for good (e.g. outside WhatsApp's 24-hour window): never retried, the error says why */
    public static final String REFUSED = "refused";

    /** The same entry, claimed by one sender until the given time (a crashed sender's claim expires). */
    public OutboxEntry claimedUntil(Instant until) {
        return new OutboxEntry(id, ticket, purpose, SENDING, to, subject, body, messageId, inReplyTo, references, attempts,
                createdAt, until, sentAt, lastError, html, autoSubmitted, envelopeFrom, externalId, channelStatus, type, at, durationMs);
    }

    public OutboxEntry sent(Instant at) {
        return sent(at, externalId);
    }

    /** Sent, with the channel's id of the message (null for mail). */
    public OutboxEntry sent(Instant at, String sentAs) {
        return new OutboxEntry(id, ticket, purpose, SENT, to, subject, body, messageId, inReplyTo, references,
                attempts + 1, createdAt, null, at, null, html, autoSubmitted, envelopeFrom, sentAs, channelStatus, type,
                this.at, durationMs);
    }

    /** The channel's delivery report on a sent entry (a failed report also becomes the entry's error). */
    public OutboxEntry withChannelStatus(String status, String error) {
        return new OutboxEntry(id, ticket, purpose, state, to, subject, body, messageId, inReplyTo, references,
                attempts, createdAt, nextAttemptAt, sentAt, error != null ? error : lastError, html, autoSubmitted,
                envelopeFrom, externalId, status, type, at, durationMs);
    }

    public OutboxEntry refused(String error) {
        return new OutboxEntry(id, ticket, purpose, REFUSED, to, subject, body, messageId, inReplyTo, references,
                attempts + 1, createdAt, null, null, error, html, autoSubmitted, envelopeFrom, externalId, channelStatus, type, at, durationMs);
    }

    public OutboxEntry failed(String error, Instant retryAt) {
        return new OutboxEntry(id, ticket, purpose, PENDING, to, subject, body, messageId, inReplyTo, references,
                attempts + 1, createdAt, retryAt, null, error, html, autoSubmitted, envelopeFrom, externalId,
                channelStatus, type, at, durationMs);
    }

    /** The sent entry as the {@code replied} event of its send: sent at {@code sentAt}, taking {@code millis}. */
    public OutboxEntry replied(long millis) {
        return new OutboxEntry(id, ticket, purpose, state, to, subject, body, messageId, inReplyTo, references,
                attempts, createdAt, nextAttemptAt, sentAt, lastError, html, autoSubmitted, envelopeFrom, externalId,
                channelStatus, REPLIED, sentAt, millis);
    }

    /** The event type a sent entry stands for. */
    public static final String REPLIED = "replied";
}
