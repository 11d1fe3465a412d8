package io.ticketflow.store;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.GetResponse;
import java.time.Instant;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The store's record that some instance deleted what lookup caches mirror (retention, erasure): one counters document
 * whose {@code _version} rises with every such deletion. An instance that sees it rise forgets its caches; the
 * document is written after the deletions, so whatever an instance reads after seeing it is the store without them.
 */
@Component
final class EvictionNotices {

    static final String ID = "lookup-caches-evicted";

    private final ElasticsearchClient client;
    private final Indices indices;

    EvictionNotices(ElasticsearchClient client, Indices indices) {
        this.client = client;
        this.indices = indices;
    }

    /** Tells the other instances; returns the notice's new version. */
    long publish() {
        return StoreErrors.call("publish lookup cache eviction", () -> client.index(i -> i.index(indices.counters())
                .id(ID).document(Map.of("name", ID, "at", Instant.now().toString())))).version();
    }

    /** The latest notice's version, 0 before the first (a realtime GET of a small document, sources off). */
    long latest() {
        GetResponse<Void> got = StoreErrors.call("read lookup cache evictions",
                () -> client.get(g -> g.index(indices.counters()).id(ID).source(s -> s.fetch(false)), Void.class));
        return got.found() && got.version() != null ? got.version() : 0;
    }
}
