package io.ticketflow.store;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.GetResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.elasticsearch.core.search.Hit;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.DependsOn;
import org.springframework.stereotype.Component;

/** The outbox: outgoing mail is written here first (create-only), then sent, then marked sent. */
@Component
@DependsOn("indexTemplates")
public class OutboxStore {

    private static final Logger log = LoggerFactory.getLogger(OutboxStore.class);

    private final ElasticsearchClient client;
    private final Indices indices;

    public OutboxStore(ElasticsearchClient client, Indices indices) {
        this.client = client;
        this.indices = indices;
    }

    /**
     * Records the entry; null if an entry with that id (same ticket and purpose) already exists. The version comes from
     * the create response, so a sender can claim the entry without reading it back.
     */
    public Versioned<OutboxEntry> create(OutboxEntry entry) {
        try {
            var created = client.create(c -> c.index(indices.outbox()).id(entry.id()).document(entry));
            return new Versioned<>(entry, created.seqNo(), created.primaryTerm());
        }
        catch (Exception e) {
            if (StoreErrors.isConflict(e)) {
                return null;
            }
            throw StoreErrors.failure("record outgoing mail " + entry.id(), e);
        }
    }

    public Versioned<OutboxEntry> find(String id) {
        GetResponse<OutboxEntry> got = StoreErrors.call("read outbox entry",
                () -> client.get(g -> g.index(indices.outbox()).id(id), OutboxEntry.class));
        return got.found() ? new Versioned<>(got.source(), got.seqNo(), got.primaryTerm()) : null;
    }

    /** Replaces the entry if unchanged since read; null if another instance changed it first. */
    public Versioned<OutboxEntry> update(Versioned<OutboxEntry> current, OutboxEntry next) {
        try {
            var written = client.index(i -> i.index(indices.outbox()).id(next.id()).document(next)
                    .ifSeqNo(current.seqNo()).ifPrimaryTerm(current.primaryTerm()));
            return new Versioned<>(next, written.seqNo(), written.primaryTerm());
        }
        catch (Exception e) {
            if (StoreErrors.isConflict(e)) {
                return null;
            }
            throw StoreErrors.failure("update outbox entry " + next.id(), e);
        }
    }

    /**
     * Replaces each entry if unchanged since read, in one bulk request; per entry the new version, or null if another
     * instance changed it first (or its write failed: logged, and treated like a lost race).
     */
    public List<Versioned<OutboxEntry>> updateAll(List<Versioned<OutboxEntry>> currents, List<OutboxEntry> nexts) {
        if (currents.isEmpty()) {
            return List.of();
        }
        List<BulkOperation> operations = new ArrayList<>(currents.size());
        for (int i = 0; i < currents.size(); i++) {
            Versioned<OutboxEntry> current = currents.get(i);
            OutboxEntry next = nexts.get(i);
            operations.add(BulkOperation.of(o -> o.index(x -> x.id(next.id()).document(next)
                    .ifSeqNo(current.seqNo()).ifPrimaryTerm(current.primaryTerm()))));
        }
        BulkResponse response = StoreErrors.call("update outgoing mail",
                () -> client.bulk(b -> b.index(indices.outbox()).operations(operations)));
        List<Versioned<OutboxEntry>> written = new ArrayList<>(currents.size());
        for (int i = 0; i < currents.size(); i++) {
            BulkResponseItem item = response.items().get(i);
            if (item.error() == null && item.seqNo() != null && item.primaryTerm() != null) {
                written.add(new Versioned<>(nexts.get(i), item.seqNo(), item.primaryTerm()));
                continue;
            }
            if (item.status() != 409) {
                log.warn("Could not update outbox entry {}: {}", item.id(),
                        item.error() == null ? "no version in the answer" : item.error().reason());
            }
            written.add(null);
        }
        return written;
    }

    /**
     * Entries due for a (re)try, with the version the search saw: pending ones whose retry time has come, and ones whose
     * sender's claim expired (it crashed while sending). Search is fine here: a just-written entry is sent by its
     * writer's dispatcher and only due for this sweep after the hand-off grace, and a stale hit (sent meanwhile) has an
     * old version, so claiming it fails without a read.
     */
    public List<Versioned<OutboxEntry>> due(Instant now, int max) {
        var response = StoreErrors.call("list pending outgoing mail", () -> client.search(s -> s
                .index(indices.outbox())
                .query(q -> q.bool(b -> b
                        .filter(f -> f.terms(t -> t.field("state").terms(v -> v.value(List.of(
                                FieldValue.of(OutboxEntry.PENDING), FieldValue.of(OutboxEntry.SENDING))))))
                        .filter(f -> f.range(r -> r.date(d -> d.field("nextAttemptAt").lte(now.toString()))))))
                .seqNoPrimaryTerm(true)
                .size(max), OutboxEntry.class));
        return response.hits().hits().stream()
                .map(h -> new Versioned<>(h.source(), h.seqNo(), h.primaryTerm())).toList();
    }

    /** All entries of a ticket (state visible per ticket). */
    public List<OutboxEntry> forTicket(String ticket) {
        var response = StoreErrors.call("list outgoing mail of a ticket", () -> client.search(s -> s
                .index(indices.outbox())
                .query(q -> q.term(t -> t.field("ticket").value(FieldValue.of(ticket))))
                .size(100), OutboxEntry.class));
        return response.hits().hits().stream().map(Hit::source).toList();
    }
}
