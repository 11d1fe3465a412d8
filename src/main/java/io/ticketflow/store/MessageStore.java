package io.ticketflow.store;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.MgetResponse;
import io.ticketflow.ticket.TicketMessage;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.context.annotation.DependsOn;
import org.springframework.stereotype.Component;

/** Ticket messages. Writes are create-only by message id, so a retried write cannot duplicate a message. */
@Component
@DependsOn("indexTemplates")
public class MessageStore {

    private final ElasticsearchClient client;
    private final Indices indices;

    public MessageStore(ElasticsearchClient client, Indices indices) {
        this.client = client;
        this.indices = indices;
    }

    /** Writes the message; false if a message with this id was already written. */
    public boolean create(TicketMessage message) {
        try {
            client.create(c -> c.index(indices.messages()).id(message.id()).document(message));
            return true;
        }
        catch (Exception e) {
            if (StoreErrors.isConflict(e)) {
                return false;
            }
            throw StoreErrors.failure("store message " + message.id(), e);
        }
    }

    /** Points these messages at another ticket (a merge), by partial-document updates; missing ids are skipped. */
    public void reassign(List<String> ids, String ticket) {
        if (ids.isEmpty()) {
            return;
        }
        BulkResponse response = StoreErrors.call("move messages to ticket " + ticket, () -> client.bulk(b -> {
            for (String id : ids) {
                b.operations(op -> op.update(u -> u.index(indices.messages()).id(id)
                        .action(a -> a.doc(Map.of("ticket", ticket)))));
            }
            return b;
        }));
        var failed = response.items().stream().filter(i -> i.error() != null && i.status() != 404).toList();
        if (!failed.isEmpty()) {
            throw StoreErrors.itemsFailed("move messages to ticket " + ticket, failed);
        }
    }

    /**
     * Replaces the given fields of a stored message (a partial-document update: the fields not named stay); false
     * if there is no message with this id.
     */
    public boolean change(String id, Map<String, Object> fields) {
        try {
            client.update(u -> u.index(indices.messages()).id(id).doc(fields), TicketMessage.class);
            return true;
        }
        catch (Exception e) {
            if (e instanceof co.elastic.clients.elasticsearch._types.ElasticsearchException ee && ee.status() == 404) {
                return false;
            }
            throw StoreErrors.failure("change message " + id, e);
        }
    }

    /** The messages with these ids, in the given order, by realtime multi-get (no refresh needed). */
    public List<TicketMessage> findAll(List<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        MgetResponse<TicketMessage> response = StoreErrors.call("read messages",
                () -> client.mget(m -> m.index(indices.messages()).ids(ids), TicketMessage.class));
        return response.docs().stream()
                .filter(d -> d.isResult() && d.result().found())
                .map(d -> d.result().source())
                .filter(Objects::nonNull)
                .toList();
    }
}
