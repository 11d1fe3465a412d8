package io.ticketflow.testing;

import io.ticketflow.store.ElasticsearchProperties;

/** Settings records as tests build them by hand: what a test names, the shipped defaults for the rest. */
public final class TestSettings {

    private TestSettings() {
    }

    /** The store under an index prefix of the test's own, on a single node (no replicas), default batching. */
    public static ElasticsearchProperties elasticsearch(String url, String indexPrefix) {
        return new ElasticsearchProperties(url, indexPrefix, 0, null);
    }
}
