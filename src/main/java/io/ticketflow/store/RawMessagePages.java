package io.ticketflow.store;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.MgetResponse;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.mget.MultiGetResponseItem;
import co.elastic.clients.elasticsearch.core.search.Hit;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.context.annotation.DependsOn;
import org.springframework.stereotype.Component;

/**
 * Raw messages read a page at a time for a replay: one search for the records (with the versions a conditional update
 * needs) and one multi-get for their bytes, instead of two realtime GETs per message. Pages come in the order the
 * messages were received (then by id), so the messages of one conversation are replayed in their arrival order.
 * Search sees what was refreshed: callers that must see everything refresh first ({@link RawMessageSearch#refresh}).
 */
@Component
@DependsOn("indexTemplates")
public class RawMessagePages {

    private final ElasticsearchClient client;
    private final Indices indices;

    public RawMessagePages(ElasticsearchClient client, Indices indices) {
        this.client = client;
        this.indices = indices;
    }

    /** Where the next page starts (in the records, and in the kept messages without one); opaque to callers. */
    public record Cursor(List<FieldValue> after, List<FieldValue> afterKept) {
    }

    /**
     * A record as of the search and its bytes as delivered; {@code bytes} is null when they are not in the raw-bytes
     * index (a record stored before the split carries them inline: read it with {@link RawMessageStore#find}).
     */
    public record Entry(Versioned<RawRecord> record, byte[] bytes) {
    }

    /** One page and the cursor of the next (null after the last page). */
    public record Page(List<Entry> entries, Cursor next) {
    }

    /**
     * The records of the selection in arrival order. A message kept and never written again has no record document
     * yet, only the record its bytes document carries ({@link RawMessageStore}): when the selection includes received
     * messages, those are merged in, in the same order (the raw-bytes index searched by arrival time, each hit without
     * a record document of its own).
     *
     * @param states only these states (empty: any)
     * @param since  receivedAt at or after (null: no bound)
     * @param until  receivedAt before (null: no bound)
     * @param from   the previous page's {@link Page#next()}, or null for the first page
     */
    public Page page(List<String> states, Instant since, Instant until, Cursor from, int size) {
        return page(states, since, until, from, size, true);
    }

    /** Like {@link #page}, without reading the bytes (entries' bytes are null): for counting. */
    public Page records(List<String> states, Instant since, Instant until, Cursor from, int size) {
        return page(states, since, until, from, size, false);
    }

    private Page page(List<String> states, Instant since, Instant until, Cursor from, int size, boolean withBytes) {
        List<Hit<RawRecord>> hits = from != null && from.after() == null ? List.of()
                : search(indices.raw(), RawMessageSearch.filters(states, since, until), from == null ? null : from.after(),
                        size, RawRecord.class);
        boolean keptToo = states.isEmpty() || states.contains(RawRecord.RECEIVED);
        List<Hit<RawMessageStore.RawBytes>> kept = !keptToo || (from != null && from.afterKept() == null) ? List.of()
                : search(indices.rawBytes(), RawMessageSearch.filters(List.of(), since, until),
                        from == null ? null : from.afterKept(), size, RawMessageStore.RawBytes.class);
        SortedPages<RawRecord, RawMessageStore.RawBytes> now = SortedPages.of(hits, from == null ? null : from.after(),
                kept, from == null ? null : from.afterKept(), size);
        List<Hit<RawMessageStore.RawBytes>> unwritten = withoutRecord(now.second());
        List<Entry> entries = new ArrayList<>(now.first().size() + unwritten.size());
        int i = 0;
        int j = 0;
        while (i < now.first().size() || j < unwritten.size()) {
            if (j >= unwritten.size() || (i < now.first().size()
                    && SortedPages.compare(now.first().get(i).sort(), unwritten.get(j).sort()) <= 0)) {
                Hit<RawRecord> hit = now.first().get(i++);
                entries.add(new Entry(new Versioned<>(hit.source(), hit.seqNo(), hit.primaryTerm()), null));
            }
            else {
                Hit<RawMessageStore.RawBytes> hit = unwritten.get(j++);
                entries.add(new Entry(RawMessageStore.kept(hit.source().record()), null));
            }
        }
        if (withBytes && !entries.isEmpty()) {
            Map<String, byte[]> bytes = bytes(entries.stream().map(e -> e.record().value().id()).toList());
            entries.replaceAll(e -> new Entry(e.record(), bytes.get(e.record().value().id())));
        }
        return new Page(entries, now.ended() ? null : new Cursor(now.firstAfter(), now.secondAfter()));
    }

    private <T> List<Hit<T>> search(String index, List<Query> filters, List<FieldValue> after, int size, Class<T> type) {
        SearchResponse<T> response = StoreErrors.call("page raw messages", () -> client.search(s -> {
            s.index(index).query(q -> q.bool(b -> b.filter(filters)))
                    .source(src -> src.filter(f -> f.excludes("bytes"))).seqNoPrimaryTerm(true)
                    .sort(o -> o.field(f -> f.field("receivedAt").order(SortOrder.Asc)))
                    .sort(o -> o.field(f -> f.field("id").order(SortOrder.Asc))).size(size);
            if (after != null && !after.isEmpty()) {
                s.searchAfter(after);
            }
            return s;
        }, type));
        return response.hits().hits();
    }

    /**
     * The kept messages of these hits that have no record document: one search of the raw index for their ids, which
     * sees what the searches of the page see (refreshed before the replay). A record created since is seen here or
     * not; if not, the message is replayed as kept and its attempt meets the record (a create-only conflict) and goes
     * on from it, as for a received record that finishes while a replay runs.
     */
    private List<Hit<RawMessageStore.RawBytes>> withoutRecord(List<Hit<RawMessageStore.RawBytes>> kept) {
        List<Hit<RawMessageStore.RawBytes>> carrying = kept.stream()
                .filter(h -> h.source() != null && h.source().record() != null).toList();
        if (carrying.isEmpty()) {
            return List.of();
        }
        List<FieldValue> ids = carrying.stream().map(h -> FieldValue.of(h.id())).toList();
        SearchResponse<Void> got = StoreErrors.call("find raw records", () -> client.search(s -> s.index(indices.raw())
                .query(q -> q.terms(t -> t.field("id").terms(v -> v.value(ids)))).source(src -> src.fetch(false))
                .size(ids.size()), Void.class));
        Set<String> written = new HashSet<>();
        got.hits().hits().forEach(h -> written.add(h.id()));
        return carrying.stream().filter(h -> !written.contains(h.id())).toList();
    }

    /** The bytes of these ids from the raw-bytes index in one multi-get; ids without a document are left out. */
    private Map<String, byte[]> bytes(List<String> ids) {
        MgetResponse<RawMessageStore.RawBytes> got = StoreErrors.call("read raw messages' bytes",
                () -> client.mget(m -> m.index(indices.rawBytes()).ids(ids), RawMessageStore.RawBytes.class));
        Map<String, byte[]> bytes = new HashMap<>();
        for (MultiGetResponseItem<RawMessageStore.RawBytes> item : got.docs()) {
            if (item.isResult() && item.result().found() && item.result().source() != null
                    && item.result().source().bytes() != null) {
                bytes.put(item.result().id(), RawMessageStore.decode(item.result().id(), item.result().source().bytes()));
            }
        }
        return bytes;
    }
}
