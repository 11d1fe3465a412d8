package io.ticketflow.store;

import java.time.Instant;

/**
 * One event for one subscriber in the webhook outbox: written before any attempt, delivered in {@code seq} order per
 * subscriber, kept after delivery (for the health view and an audit of what went out).
 *
 * @param id      deterministic (subscriber + event id), so recording an event twice is one entry
 * @param eventId the event's own id, the same for every subscriber and every redelivery (receivers deduplicate on it)
 * @param seq     the order of events as they happened on this instance (microseconds, strictly increasing)
 * @param payload the JSON body, signed as it is stored, so a redelivery sends the same bytes
 * @param state   pending, delivered or dead (given up after the configured time)
 */
public record WebhookDelivery(String id, String subscriber, String eventId, String type, String ticket, long seq,
        Instant occurredAt, String payload, String state, int attempts, Instant nextAttemptAt, String lastError,
        Instant deliveredAt) {

    public static final String PENDING = "pending";
    public static final String DELIVERED = "delivered";
    public static final String DEAD = "dead";

    public WebhookDelivery delivered(Instant at) {
        return new WebhookDelivery(id, subscriber, eventId, type, ticket, seq, occurredAt, payload, DELIVERED,
                attempts + 1, null, lastError, at);
    }

    public WebhookDelivery failed(String error, Instant retryAt) {
        return new WebhookDelivery(id, subscriber, eventId, type, ticket, seq, occurredAt, payload, PENDING,
                attempts + 1, retryAt, error, null);
    }

    public WebhookDelivery dead(String error) {
        return new WebhookDelivery(id, subscriber, eventId, type, ticket, seq, occurredAt, payload, DEAD, attempts,
                null, error, null);
    }
}
