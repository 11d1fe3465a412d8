package io.ticketflow.store;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch.core.search.Hit;
import java.util.List;
import org.springframework.context.annotation.DependsOn;
import org.springframework.stereotype.Component;

/** The webhook outbox (events for subscribers): create-only entries, read in order per subscriber, then marked. */
@Component
@DependsOn("indexTemplates")
public class WebhookOutboxStore {

    private final ElasticsearchClient client;
    private final Indices indices;

    public WebhookOutboxStore(ElasticsearchClient client, Indices indices) {
        this.client = client;
        this.indices = indices;
    }

    /** Records an entry; false when it was recorded before (same subscriber and event). */
    public boolean create(WebhookDelivery entry) {
        try {
            client.create(c -> c.index(indices.webhooks()).id(entry.id()).document(entry));
            return true;
        }
        catch (Exception e) {
            if (StoreErrors.isConflict(e)) {
                return false;
            }
            throw StoreErrors.failure("record a webhook event", e);
        }
    }

    /** The subscriber's oldest pending entries, in the order the events happened, up to {@code seq} exclusive. */
    public List<WebhookDelivery> pending(String subscriber, long beforeSeq, int limit) {
        return StoreErrors.call("read the webhook outbox", () -> client.search(s -> s.index(indices.webhooks())
                .query(q -> q.bool(b -> b
                        .filter(f -> f.term(t -> t.field("subscriber").value(subscriber)))
                        .filter(f -> f.term(t -> t.field("state").value(WebhookDelivery.PENDING)))
                        .filter(f -> f.range(r -> r.number(n -> n.field("seq").lt((double) beforeSeq))))))
                .sort(o -> o.field(f -> f.field("seq").order(SortOrder.Asc)))
                .size(limit), WebhookDelivery.class))
                .hits().hits().stream().map(Hit::source).toList();
    }

    /** How many entries of the subscriber wait (for the health view). */
    public long pendingCount(String subscriber) {
        return StoreErrors.call("count the webhook outbox", () -> client.count(c -> c.index(indices.webhooks())
                .query(q -> q.bool(b -> b
                        .filter(f -> f.term(t -> t.field("subscriber").value(subscriber)))
                        .filter(f -> f.term(t -> t.field("state").value(WebhookDelivery.PENDING)))))))
                .count();
    }

    public void save(WebhookDelivery entry) {
        StoreErrors.call("update the webhook outbox",
                () -> client.index(i -> i.index(indices.webhooks()).id(entry.id()).document(entry)));
    }
}
