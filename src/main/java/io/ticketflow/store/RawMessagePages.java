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
import java.util.List;
import java.util.Map;
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

    /** Where the next page starts; opaque to callers. */
    public record Cursor(List<FieldValue> after) {
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
     * @param states only these states (empty: any)
     * @param since  receivedAt at or after (null: no bound)
     * @param until  receivedAt before (null: no bound)
     * @param from   the previous page's {@link Page#next()}, or null for the first page
     */
    public Page page(List<String> states, Instant since, Instant until, Cursor from, int size) {
        List<Query> filters = RawMessageSearch.filters(states, since, until);
        SearchResponse<RawRecord> response = StoreErrors.call("page raw messages", () -> client.search(s -> {
            s.index(indices.raw()).query(q -> q.bool(b -> b.filter(filters)))
                    .source(src -> src.filter(f -> f.excludes("bytes"))).seqNoPrimaryTerm(true)
                    .sort(o -> o.field(f -> f.field("receivedAt").order(SortOrder.Asc)))
                    .sort(o -> o.field(f -> f.field("id").order(SortOrder.Asc))).size(size);
            if (from != null) {
                s.searchAfter(from.after());
            }
            return s;
        }, RawRecord.class));
        List<Hit<RawRecord>> hits = response.hits().hits();
        if (hits.isEmpty()) {
            return new Page(List.of(), null);
        }
        Map<String, byte[]> bytes = bytes(hits.stream().map(Hit::id).toList());
        List<Entry> entries = new ArrayList<>(hits.size());
        for (Hit<RawRecord> hit : hits) {
            Versioned<RawRecord> record = new Versioned<>(hit.source(), hit.seqNo(), hit.primaryTerm());
            entries.add(new Entry(record, bytes.get(hit.id())));
        }
        Cursor next = hits.size() < size ? null : new Cursor(hits.get(hits.size() - 1).sort());
        return new Page(entries, next);
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
