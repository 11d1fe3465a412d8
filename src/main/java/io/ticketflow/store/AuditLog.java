package io.ticketflow.store;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.SortOrder;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.DependsOn;
import org.springframework.stereotype.Component;

/**
 * The audit log (index kind {@code audit}): who changed what and when. Written one entry at a time, synchronously:
 * changes by people are rare, and an entry should be durable when the change is answered. Entries are create-only;
 * an entry with a deterministic id (e.g. a token's creation, seen by every instance that reads the token file) is
 * written once however often it is recorded.
 */
@Component
@DependsOn("indexTemplates")
public class AuditLog {

    private static final Logger log = LoggerFactory.getLogger(AuditLog.class);

    private final ElasticsearchClient client;
    private final Indices indices;

    public AuditLog(ElasticsearchClient client, Indices indices) {
        this.client = client;
        this.indices = indices;
    }

    /** Records an entry under a new id. A failure to write is logged with the entry, never hidden. */
    public void record(AuditEntry entry) {
        record(UUID.randomUUID().toString(), entry);
    }

    /** Records an entry once under this id; true if it was new. */
    public boolean record(String id, AuditEntry entry) {
        try {
            StoreErrors.call("write an audit entry", () -> client.create(c -> c.index(indices.audit()).id(id).document(entry)));
            return true;
        }
        catch (RuntimeException e) {
            if (StoreErrors.isConflict(e)) {
                return false;
            }
            // the change itself is done; the log line keeps the entry for the admin
            log.error("Audit entry could not be written: {} ({})", entry, e.getMessage());
            return false;
        }
    }

    /** The latest entries, newest first (refreshes the index first: for tests and admin tools, not for hot paths). */
    public List<AuditEntry> latest(int size) {
        return StoreErrors.call("read the audit log", () -> {
            client.indices().refresh(r -> r.index(indices.audit()));
            return client.search(s -> s.index(indices.audit()).size(size).sort(o -> o.field(f -> f.field("at")
                    .order(SortOrder.Desc))), AuditEntry.class).hits().hits().stream().map(h -> h.source()).toList();
        });
    }
}
