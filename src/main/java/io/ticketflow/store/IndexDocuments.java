package io.ticketflow.store;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.elasticsearch.core.search.Hit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Finding and deleting documents by query in any of our indices, for erasure and retention. The integration-test
 * distribution of Elasticsearch has no delete-by-query (a module), so deleting is search, then bulk delete by id,
 * repeated after a refresh until nothing matches.
 */
@Component
public class IndexDocuments {

    private static final int PAGE = 500;
    /** Rounds of search + delete; each deletes up to a page, so this bounds one call to 200 000 documents. */
    private static final int MAX_ROUNDS = 400;

    private final ElasticsearchClient client;

    public IndexDocuments(ElasticsearchClient client) {
        this.client = client;
    }

    /** A document as stored. */
    public record Doc(String index, String id, Map<String, Object> source) {

        public Object get(String field) {
            return source == null ? null : source.get(field);
        }
    }

    /** Every document matching the query, at most {@code max}, paged in order of {@code sortField} (a keyword). */
    @SuppressWarnings({ "rawtypes", "unchecked" })
    public List<Doc> find(String index, Query query, String sortField, int max) {
        refresh(index);
        List<Doc> found = new ArrayList<>();
        List<FieldValue> after = null;
        while (found.size() < max) {
            List<FieldValue> from = after;
            SearchResponse<Map> page = StoreErrors.call("search " + index, () -> client.search(s -> {
                s.index(index).query(query).size(Math.min(PAGE, max - found.size()))
                        .sort(o -> o.field(f -> f.field(sortField).order(SortOrder.Asc)));
                if (from != null) {
                    s.searchAfter(from);
                }
                return s;
            }, Map.class));
            List<Hit<Map>> hits = page.hits().hits();
            for (Hit<Map> hit : hits) {
                found.add(new Doc(index, hit.id(), hit.source()));
            }
            if (hits.size() < PAGE || hits.isEmpty()) {
                break;
            }
            after = hits.get(hits.size() - 1).sort();
        }
        return found;
    }

    /** Deletes documents by id; ids already gone are fine. Returns how many were deleted. */
    public int delete(String index, Collection<String> ids) {
        List<String> all = List.copyOf(ids);
        int deleted = 0;
        for (int start = 0; start < all.size(); start += PAGE) {
            List<String> chunk = all.subList(start, Math.min(all.size(), start + PAGE));
            BulkResponse response = StoreErrors.call("delete from " + index, () -> client.bulk(b -> {
                chunk.forEach(id -> b.operations(op -> op.delete(d -> d.index(index).id(id))));
                return b;
            }));
            List<String> failed = new ArrayList<>();
            for (var item : response.items()) {
                if (item.error() != null && item.status() != 404) {
                    failed.add(item.id() + ": " + item.error().reason());
                }
                else if (item.status() == 200) {
                    deleted++;
                }
            }
            if (!failed.isEmpty()) {
                throw new StoreUnavailableException("could not delete from " + index + ": " + failed, null);
            }
        }
        return deleted;
    }

    /** Deletes every document matching the query (search + bulk delete, after a refresh, until none is left). */
    public int deleteMatching(String index, Query query) {
        int deleted = 0;
        for (int round = 0; round < MAX_ROUNDS; round++) {
            refresh(index);
            @SuppressWarnings("rawtypes")
            SearchResponse<Map> page = StoreErrors.call("search " + index, () -> client.search(s -> s.index(index)
                    .query(query).size(PAGE).source(src -> src.fetch(false)), Map.class));
            List<String> ids = page.hits().hits().stream().map(Hit::id).toList();
            if (ids.isEmpty()) {
                return deleted;
            }
            deleted += delete(index, ids);
        }
        throw new StoreUnavailableException("still documents to delete in " + index + " after " + MAX_ROUNDS + " rounds",
                null);
    }

    /** Replaces some fields of a document (a partial update); a missing document is skipped. */
    public void update(String index, String id, Map<String, Object> fields) {
        try {
            client.update(u -> u.index(index).id(id).doc(fields), Map.class);
        }
        catch (Exception e) {
            if (!(e instanceof co.elastic.clients.elasticsearch._types.ElasticsearchException ee && ee.status() == 404)) {
                throw StoreErrors.failure("update " + index + "/" + id, e);
            }
        }
    }

    /**
     * Partial updates of many documents (search + bulk, since update-by-query needs painless, which the minimal
     * distribution lacks); documents gone meanwhile are skipped. Returns how many were updated.
     */
    public int updateAll(String index, Map<String, Map<String, Object>> fieldsById) {
        List<Map.Entry<String, Map<String, Object>>> all = List.copyOf(fieldsById.entrySet());
        int updated = 0;
        for (int start = 0; start < all.size(); start += PAGE) {
            List<Map.Entry<String, Map<String, Object>>> chunk = all.subList(start, Math.min(all.size(), start + PAGE));
            // visible to searches when this returns: lists and Kibana show the change as soon as it is answered
            BulkResponse response = StoreErrors.call("update " + index, () -> client.bulk(b -> {
                b.refresh(co.elastic.clients.elasticsearch._types.Refresh.WaitFor);
                chunk.forEach(e -> b.operations(op -> op.update(u -> u.index(index).id(e.getKey())
                        .action(a -> a.doc(e.getValue())))));
                return b;
            }));
            List<BulkResponseItem> failed = new ArrayList<>();
            for (var item : response.items()) {
                if (item.error() != null && item.status() != 404) {
                    failed.add(item);
                }
                else if (item.error() == null) {
                    updated++;
                }
            }
            if (!failed.isEmpty()) {
                throw StoreErrors.itemsFailed("update " + index, failed);
            }
        }
        return updated;
    }

    public void refresh(String index) {
        StoreErrors.call("refresh " + index, () -> client.indices().refresh(r -> r.index(index)));
    }

    /** A terms query on a keyword field. */
    public static Query terms(String field, Collection<String> values) {
        List<FieldValue> v = values.stream().map(FieldValue::of).toList();
        return Query.of(q -> q.terms(t -> t.field(field).terms(tv -> tv.value(v))));
    }
}
