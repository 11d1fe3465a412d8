package io.ticketflow.store;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.ticketflow.testing.ElasticsearchNode;
import io.ticketflow.testing.TestSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.elasticsearch.client.RestClient;

/** The store's own client and indices on the shared test node, under a prefix of the test's choosing. */
public final class TestStores implements AutoCloseable {

    public final RestClient restClient;
    public final ElasticsearchClient client;
    public final Indices indices;

    public TestStores(String prefix) {
        ElasticsearchProperties properties = TestSettings.elasticsearch(ElasticsearchNode.url(), prefix);
        ElasticsearchClientConfiguration configuration = new ElasticsearchClientConfiguration();
        this.restClient = configuration.elasticsearchRestClient(properties);
        this.client = configuration.elasticsearchClient(restClient, properties);
        this.indices = new Indices(properties);
        new IndexTemplates(client, indices, properties).install();
    }

    /** The application's client for these settings (closing its transport closes its connections). */
    static ElasticsearchClient clientFor(ElasticsearchProperties properties) {
        ElasticsearchClientConfiguration configuration = new ElasticsearchClientConfiguration();
        return configuration.elasticsearchClient(configuration.elasticsearchRestClient(properties), properties);
    }

    /** A client of a cluster that is not there (port 9, discard). */
    static ElasticsearchClient unreachable(String prefix) {
        return clientFor(TestSettings.elasticsearch("http://127.0.0.1:9", prefix));
    }

    /** Makes everything written so far visible to search (the scheduler's queries are near-real-time). */
    public void refresh() {
        try {
            client.indices().refresh(r -> r.index(indices.tickets(), indices.outbox(), indices.events()));
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        client._transport().close();
        restClient.close();
    }
}
