package io.ticketflow.store;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import java.util.List;
import org.springframework.stereotype.Component;

/** How much outgoing mail waits, and how much of it has failed at least once (for metrics; two count requests). */
@Component
public class OutboxBacklog {

    private final ElasticsearchClient client;
    private final Indices indices;

    public OutboxBacklog(ElasticsearchClient client, Indices indices) {
        this.client = client;
        this.indices = indices;
    }

    /**
     * @param waiting entries not sent yet (pending or being sent), all instances
     * @param failing of those, the ones whose last attempt failed (waiting for a retry)
     */
    public record Counts(long waiting, long failing) {
    }

    public Counts counts() {
        List<FieldValue> open = List.of(FieldValue.of(OutboxEntry.PENDING), FieldValue.of(OutboxEntry.SENDING));
        long waiting = StoreErrors.call("count pending outgoing mail", () -> client.count(c -> c.index(indices.outbox())
                .query(q -> q.terms(t -> t.field("state").terms(v -> v.value(open)))))).count();
        long failing = StoreErrors.call("count failing outgoing mail", () -> client.count(c -> c.index(indices.outbox())
                .query(q -> q.bool(b -> b.filter(f -> f.terms(t -> t.field("state").terms(v -> v.value(open))))
                        .filter(f -> f.exists(e -> e.field("lastError"))))))).count();
        return new Counts(waiting, failing);
    }
}
