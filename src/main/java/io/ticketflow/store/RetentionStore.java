package io.ticketflow.store;

import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import io.ticketflow.store.IndexDocuments.Doc;
import java.time.Instant;
import java.util.List;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Deletes what is older than the retention allows: raw records (the delivered bytes; the parsed messages stay on
 * their tickets) and closed tickets with everything that belongs to them. Each call removes at most one batch, so a
 * pass stays short; the next pass continues.
 */
@Component
public class RetentionStore {

    private static final int TICKETS_PER_PASS = 200;
    private static final int RAW_PER_PASS = 5_000;

    private final IndexDocuments docs;
    private final Indices indices;
    private final LookupCaches caches;

    public RetentionStore(IndexDocuments docs, Indices indices) {
        this(docs, indices, LookupCaches.NONE);
    }

    @Autowired
    public RetentionStore(IndexDocuments docs, Indices indices, LookupCaches caches) {
        this.docs = docs;
        this.indices = indices;
        this.caches = caches;
    }

    /**
     * Deletes raw records received before the cutoff, except those still being processed (state {@code received}):
     * their message is not on a ticket yet.
     */
    public int deleteRawReceivedBefore(Instant cutoff) {
        List<String> ids = docs.find(indices.raw(), Query.of(q -> q.bool(b -> b
                .filter(f -> f.range(r -> r.date(d -> d.field("receivedAt").lt(cutoff.toString()))))
                .mustNot(m -> m.term(t -> t.field("state").value(RawRecord.RECEIVED))))), "id", RAW_PER_PASS)
                .stream().map(Doc::id).toList();
        return deleteRaw(ids);
    }

    /**
     * A raw record and its bytes. The bytes go first: if a pass stops between the two, the record is still found by the
     * next pass, while bytes without their record would be found by nothing and kept for ever.
     */
    private int deleteRaw(List<String> ids) {
        docs.delete(indices.rawBytes(), ids);
        return docs.delete(indices.raw(), ids);
    }

    /** Deletes up to a batch of tickets closed before the cutoff, with their messages, raw records and entries. */
    public int deleteTicketsClosedBefore(Instant cutoff) {
        List<String> numbers = docs.find(indices.tickets(), Query.of(q -> q.bool(b -> b
                .filter(f -> f.term(t -> t.field("status").value("closed")))
                .filter(f -> f.range(r -> r.date(d -> d.field("lifecycle.closedAt").lt(cutoff.toString())))))),
                "number", TICKETS_PER_PASS).stream().map(Doc::id).toList();
        if (numbers.isEmpty()) {
            return 0;
        }
        Query ofTickets = IndexDocuments.terms("ticket", numbers);
        // an inbound message's id is its raw record's id; only the record of the opening message names the ticket
        List<String> messages = docs.find(indices.messages(), ofTickets, "id", CustomerRecords.MAX_PER_INDEX).stream()
                .map(Doc::id).toList();
        deleteRaw(messages);
        deleteRaw(docs.find(indices.raw(), ofTickets, "id", CustomerRecords.MAX_PER_INDEX).stream().map(Doc::id).toList());
        docs.deleteMatching(indices.messages(), ofTickets);
        docs.deleteMatching(indices.outbox(), ofTickets);
        docs.deleteMatching(indices.messageIds(), ofTickets);
        docs.deleteMatching(indices.events(), ofTickets);
        int deleted = docs.delete(indices.tickets(), numbers);
        caches.deletedTickets(numbers);
        return deleted;
    }
}
