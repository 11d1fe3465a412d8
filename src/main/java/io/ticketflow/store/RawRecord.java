package io.ticketflow.store;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;

/**
 * The raw store's document: the message bytes (gzip, base64) with their source coordinates and processing state.
 * It is written before the source is acknowledged, so it is the durable unit of work: a crash at any later point
 * resumes from here.
 *
 * @param state   received, processed, screened or quarantined
 * @param ticket  the ticket the message belongs to, set before that ticket is written (so a retry reuses the number)
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
        String state,
        String ticket,
        String outcome,
        String reason,
        String error,
        int attempts,
        String messageId,
        Instant updatedAt) {

    public static final String RECEIVED = "received";
    public static final String QUARANTINED = "quarantined";

    @JsonIgnore
    public boolean isFinished() {
        return outcome != null && !QUARANTINED.equals(state);
    }

    public RawRecord withTicket(String number) {
        return new RawRecord(id, source, mailbox, uidValidity, uid, receivedAt, size, bytes, encoding, state, number,
                outcome, reason, error, attempts, messageId, Instant.now());
    }

    public RawRecord finished(String newState, String newOutcome, String newReason, String newMessageId) {
        return new RawRecord(id, source, mailbox, uidValidity, uid, receivedAt, size, bytes, encoding, newState, ticket,
                newOutcome, newReason, null, attempts, newMessageId, Instant.now());
    }

    public RawRecord quarantined(String newError) {
        return new RawRecord(id, source, mailbox, uidValidity, uid, receivedAt, size, bytes, encoding, QUARANTINED, ticket,
                "quarantined", newError, newError, attempts + 1, messageId, Instant.now());
    }
}
