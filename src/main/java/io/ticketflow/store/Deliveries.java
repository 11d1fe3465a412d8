package io.ticketflow.store;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.GetResponse;
import java.time.Instant;
import org.springframework.context.annotation.DependsOn;
import org.springframework.stereotype.Component;

/**
 * Delivery key → the first raw copy of a message. One mail addressed to two support mailboxes arrives as two
 * different byte sequences (each delivery adds its own Received/Delivered-To headers), so the raw id alone cannot
 * see that they are one message; the delivery key can (see {@code io.ticketflow.intake.DeliveryKey}).
 */
@Component
@DependsOn("indexTemplates")
public class Deliveries {

    private final ElasticsearchClient client;
    private final Indices indices;

    public Deliveries(ElasticsearchClient client, Indices indices) {
        this.client = client;
        this.indices = indices;
    }

    /** Records that the delivery key belongs to this raw message; returns the raw id that owns the key (first wins). */
    public String claim(String key, String rawId, String mailbox) {
        Delivery delivery = new Delivery(rawId, mailbox, Instant.now());
        try {
            client.create(c -> c.index(indices.deliveries()).id(key).document(delivery));
            return rawId;
        }
        catch (Exception e) {
            if (!StoreErrors.isConflict(e)) {
                throw StoreErrors.failure("record a delivery", e);
            }
        }
        GetResponse<Delivery> got = StoreErrors.call("read a delivery",
                () -> client.get(g -> g.index(indices.deliveries()).id(key), Delivery.class));
        return got.found() ? got.source().rawId() : rawId;
    }

    /** One delivered message. */
    public record Delivery(String rawId, String mailbox, Instant createdAt) {
    }
}
