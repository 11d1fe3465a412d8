package io.ticketflow.store;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.GetResponse;
import io.ticketflow.ingest.RawMessage;
import java.time.Instant;
import java.util.Locale;
import org.springframework.context.annotation.DependsOn;
import org.springframework.stereotype.Component;

/**
 * Message-ID → ticket, one small document per id (document id = SHA-256 of the normalized Message-ID). Read by
 * realtime GET so a reply that arrives right after its parent always finds it, whatever the refresh interval.
 */
@Component
@DependsOn("indexTemplates")
public class MessageIdIndex {

    private final ElasticsearchClient client;
    private final Indices indices;

    public MessageIdIndex(ElasticsearchClient client, Indices indices) {
        this.client = client;
        this.indices = indices;
    }

    /** Records that a message id belongs to a ticket; the first owner of an id keeps it. */
    public void register(String messageId, String ticket, String direction) {
        if (messageId == null || messageId.isBlank()) {
            return;
        }
        Entry entry = new Entry(normalize(messageId), ticket, direction, Instant.now());
        try {
            client.create(c -> c.index(indices.messageIds()).id(key(messageId)).document(entry));
        }
        catch (Exception e) {
            if (!StoreErrors.isConflict(e)) {
                throw StoreErrors.unavailable("register message id", e);
            }
        }
    }

    /** The entry for a message id, or null if we have never seen it. */
    public Entry find(String messageId) {
        if (messageId == null || messageId.isBlank()) {
            return null;
        }
        GetResponse<Entry> got = StoreErrors.call("look up message id",
                () -> client.get(g -> g.index(indices.messageIds()).id(key(messageId)), Entry.class));
        return got.found() ? got.source() : null;
    }

    private static String normalize(String messageId) {
        String id = messageId.strip();
        if (id.startsWith("<") && id.endsWith(">")) {
            id = id.substring(1, id.length() - 1);
        }
        // the local part is case-sensitive in theory, but clients do change the domain's case
        int at = id.lastIndexOf('@');
        return at < 0 ? id : id.substring(0, at) + id.substring(at).toLowerCase(Locale.ROOT);
    }

    private static String key(String messageId) {
        return RawMessage.sha256Hex(normalize(messageId));
    }

    /** One known Message-ID. */
    public record Entry(String messageId, String ticket, String direction, Instant createdAt) {
    }
}
