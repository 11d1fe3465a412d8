package io.ticketflow.store;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.json.JsonData;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.context.annotation.DependsOn;
import org.springframework.stereotype.Component;

/**
 * Admin queries over the raw store (quarantine listing, replay selection). These use search, so a record written in
 * the last second may be missing until the next refresh; callers that must see everything refresh first.
 */
@Component
@DependsOn("indexTemplates")
public class RawMessageSearch {

    private final ElasticsearchClient client;
    private final Indices indices;

    public RawMessageSearch(ElasticsearchClient client, Indices indices) {
        this.client = client;
        this.indices = indices;
    }

    /**
     * Raw records (without their bytes) in id order, for paging with {@code after}.
     *
     * @param states only these states (empty: any)
     * @param since  receivedAt at or after (null: no bound)
     * @param until  receivedAt before (null: no bound)
     * @param after  the last id of the previous page, or null
     */
    public List<RawRecord> find(List<String> states, Instant since, Instant until, String after, int size) {
        List<Query> filters = filters(states, since, until);
        SearchResponse<RawRecord> response = StoreErrors.call("search raw messages", () -> client.search(s -> {
            s.index(indices.raw()).query(q -> q.bool(b -> b.filter(filters)))
                    .source(src -> src.filter(f -> f.excludes("bytes")))
                    .sort(o -> o.field(f -> f.field("id").order(SortOrder.Asc))).size(size);
            if (after != null) {
                s.searchAfter(FieldValue.of(after));
            }
            return s;
        }, RawRecord.class));
        return response.hits().hits().stream().map(Hit::source).toList();
    }

    /** The filters of a search by state and arrival time (also {@link RawMessagePages}'s). */
    static List<Query> filters(List<String> states, Instant since, Instant until) {
        List<Query> filters = new ArrayList<>();
        if (!states.isEmpty()) {
            filters.add(Query.of(q -> q.terms(t -> t.field("state")
                    .terms(v -> v.value(states.stream().map(FieldValue::of).toList())))));
        }
        if (since != null || until != null) {
            filters.add(Query.of(q -> q.range(r -> r.untyped(u -> {
                u.field("receivedAt");
                if (since != null) {
                    u.gte(JsonData.of(since.toString()));
                }
                if (until != null) {
                    u.lt(JsonData.of(until.toString()));
                }
                return u;
            }))));
        }
        return filters;
    }

    /**
     * Makes every write so far visible to {@link #find} and {@link RawMessagePages} (which also searches the kept
     * messages without a record document of their own, in the raw-bytes index).
     */
    public void refresh() {
        StoreErrors.call("refresh the raw store",
                () -> client.indices().refresh(r -> r.index(indices.raw(), indices.rawBytes())));
    }
}
