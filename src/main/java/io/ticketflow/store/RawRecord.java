package io.ticketflow.store;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.time.Instant;

/**
 * The raw store's document: the message bytes (gzip, base64) with their source coordinates and processing state.
 * It is written before the source is acknowledged, so it is the durable unit of work: a crash at any later point
 * resumes from here.
 *
 * @param state   received, processed, screened, quarantined, oversized (only the beginning stored) or duplicate
 *                (the same message arrived earlier as another raw copy)
 * @param ticket  the ticket the message belongs to, set before that ticket is written (so a retry reuses the number)
 * @param contentType     the payload's media type; null for mail stored before channels existed (= message/rfc822)
 * @param externalId      the channel's own id of the message (chat channels), else null
 * @param conversationKey the channel's conversation (a chat id), else null
 * @param decision        the outcome's decision event ({@code threaded} or {@code screened}) with the events index's
 *                        field names at the top level of the document, so the data view of the pipeline events reads
 *                        it here; null until the outcome (and after a replay reopened the record)
 */
public record RawRecord(
        String id,
        String source,
        String mailbox,
        Long uidValidity,
        Long uid,
        Instant receivedAt,
        long size,
        String bytes,
        String encoding,
        String contentType,
        String externalId,
        String conversationKey,
        String state,
        String ticket,
        String outcome,
        String reason,
        String error,
        int attempts,
        String messageId,
        Instant updatedAt,
        @JsonUnwrapped Decision decision) {

    public RawRecord {
        // a document without the fields reads as an empty decision: none
        decision = decision == null || decision.type() == null ? null : decision;
    }

    public static final String RECEIVED = "received";
    public static final String QUARANTINED = "quarantined";
    public static final String OVERSIZED = "oversized";
    public static final String DUPLICATE = "duplicate";

    @JsonIgnore
    public boolean isFinished() {
        return outcome != null && !QUARANTINED.equals(state);
    }

    /** Finished, or quarantined (at rest until an admin replays it): no attempt is running on it. */
    public boolean isSettled() {
        return isFinished() || QUARANTINED.equals(state);
    }

    public RawRecord withTicket(String number) {
        return processing(state, number, outcome, reason, error, attempts, messageId);
    }

    public RawRecord finished(String newState, String newOutcome, String newReason, String newMessageId) {
        return processing(newState, ticket, newOutcome, newReason, null, attempts, newMessageId);
    }

    /** The same record carrying the outcome's decision event (written with it: one document, not two). */
    public RawRecord withDecision(EventLog.Event event) {
        return with(Decision.of(event));
    }

    /** Quarantined with the error; the attempts were counted as they started (see {@link #attemptStarted()}). */
    public RawRecord quarantined(String newError) {
        return processing(QUARANTINED, ticket, "quarantined", newError, newError, attempts, messageId);
    }

    /** Counted before the pipeline runs, so a message that kills the process is still counted. */
    public RawRecord attemptStarted() {
        return processing(state, ticket, outcome, reason, error, attempts + 1, messageId);
    }

    public RawRecord attemptFailed(String newError) {
        return processing(state, ticket, outcome, reason, newError, attempts, messageId);
    }

    /** Mail over the size limit: only its beginning is stored; it stays on the mail server for an admin. */
    public RawRecord oversized(String newReason) {
        return processing(OVERSIZED, ticket, "quarantined", newReason, newReason, attempts, messageId);
    }

    /** Back to received with a fresh attempt budget, for a replay through the current pipeline (which decides anew). */
    public RawRecord reopened() {
        return processing(RECEIVED, ticket, null, null, error, 0, messageId).withoutDecision();
    }

    /** The same message arrived earlier as another raw copy (e.g. to a second support address); it ended there. */
    public RawRecord duplicateOf(RawRecord original) {
        return processing(DUPLICATE, original.ticket(), original.outcome(),
                "same message as raw " + original.id() + (original.mailbox() == null ? "" : " from " + original.mailbox()),
                null, attempts, original.messageId()).withoutDecision();
    }

    private RawRecord withoutDecision() {
        return decision == null ? this : with(null);
    }

    private RawRecord with(Decision newDecision) {
        return new RawRecord(id, source, mailbox, uidValidity, uid, receivedAt, size, bytes, encoding, contentType,
                externalId, conversationKey, state, ticket, outcome, reason, error, attempts, messageId, updatedAt,
                newDecision);
    }

    /** The same message (origin and bytes unchanged) in another processing state. */
    private RawRecord processing(String newState, String newTicket, String newOutcome, String newReason,
            String newError, int newAttempts, String newMessageId) {
        return new RawRecord(id, source, mailbox, uidValidity, uid, receivedAt, size, bytes, encoding, contentType,
                externalId, conversationKey, newState, newTicket, newOutcome, newReason, newError, newAttempts,
                newMessageId, Instant.now(), decision);
    }

    /**
     * A decision event as the raw record carries it: the events index's fields except {@code ticket}, which the raw
     * record already has with its own meaning (only the ticket the message opened; an appended message's ticket is on
     * its message document, whose id is {@code rawId}).
     */
    public record Decision(String type, Instant at, Long durationMs, String detail, String method, Double score,
            String related, String actor, String step, String rawId) {

        static Decision of(EventLog.Event e) {
            return new Decision(e.type(), e.at(), e.durationMs(), e.detail(), e.method(), e.score(), e.related(),
                    e.actor(), e.step(), e.rawId());
        }
    }
}
