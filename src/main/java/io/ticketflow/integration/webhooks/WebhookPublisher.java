package io.ticketflow.integration.webhooks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ticketflow.store.EventLog;
import io.ticketflow.store.WebhookDelivery;
import io.ticketflow.store.WebhookOutboxStore;
import io.ticketflow.vocabulary.RawMessage;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Hears every recorded pipeline event and writes the ones subscribers want into the webhook outbox, one entry per
 * subscriber, before anything is sent: the outbox, not memory, holds what a slow or dead subscriber has not taken
 * yet. Runs on the recording thread (one create per subscriber, no refresh wait); a failed write is logged by the
 * event log and never fails the message.
 */
final class WebhookPublisher implements Consumer<EventLog.Event> {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<WebhookProperties.Subscriber> subscribers;
    private final WebhookOutboxStore outbox;
    /** Microseconds, strictly increasing: the order of events as recorded here. */
    private final AtomicLong lastSeq = new AtomicLong();

    WebhookPublisher(List<WebhookProperties.Subscriber> subscribers, WebhookOutboxStore outbox) {
        this.subscribers = subscribers;
        this.outbox = outbox;
    }

    @Override
    public void accept(EventLog.Event event) {
        WebhookEventType type = WebhookEventType.of(event);
        if (type == null || subscribers.stream().noneMatch(s -> s.wants(type))) {
            return;
        }
        String eventId = eventId(type, event);
        long seq = nextSeq();
        Instant at = event.at() == null ? Instant.now() : event.at();
        String payload = payload(eventId, type, at, event);
        for (WebhookProperties.Subscriber subscriber : subscribers) {
            if (subscriber.wants(type)) {
                outbox.create(new WebhookDelivery(RawMessage.sha256Hex(subscriber.name() + "\n" + eventId),
                        subscriber.name(), eventId, type.label(), event.ticket(), seq, at, payload,
                        WebhookDelivery.PENDING, 0, null, null, null));
            }
        }
    }

    /**
     * What a message did to a ticket has an id derived from the message, so a retried intake (after a crash between
     * its steps) records the same event again, which the create-only outbox keeps once; other events are one-offs.
     */
    static String eventId(WebhookEventType type, EventLog.Event event) {
        if (event.rawId() == null) {
            return UUID.randomUUID().toString();
        }
        return UUID.nameUUIDFromBytes((type.label() + "\n" + event.ticket() + "\n" + event.rawId())
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
    }

    long nextSeq() {
        long now = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
        return lastSeq.updateAndGet(last -> Math.max(last + 1, now));
    }

    static String payload(String eventId, WebhookEventType type, Instant at, EventLog.Event event) {
        ObjectNode body = JSON.createObjectNode();
        body.put("id", eventId);
        body.put("type", type.label());
        body.put("occurredAt", at.toString());
        body.put("ticket", event.ticket());
        ObjectNode data = body.putObject("data");
        putIfSet(data, "detail", event.detail());
        putIfSet(data, "rawId", event.rawId());
        putIfSet(data, "field", event.field());
        putIfSet(data, "from", event.from());
        putIfSet(data, "to", event.to());
        putIfSet(data, "related", event.related());
        putIfSet(data, "actor", event.actor());
        putIfSet(data, "method", event.method());
        try {
            return JSON.writeValueAsString(body);
        }
        catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings always serialises", e);
        }
    }

    private static void putIfSet(ObjectNode node, String name, String value) {
        if (value != null) {
            node.put(name, value);
        }
    }
}
