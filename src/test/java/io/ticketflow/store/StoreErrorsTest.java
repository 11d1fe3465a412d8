package io.ticketflow.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchException;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.Refresh;
import io.ticketflow.testing.ElasticsearchNode;
import io.ticketflow.testing.TestSettings;
import java.util.Map;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.RestClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Against the real node: a document Elasticsearch refuses for its content is a {@link DocumentRejectedException}
 * naming the index and Elasticsearch's reason, on the batched path and on a request of its own; an outage (nobody
 * listening, a write block) stays {@link StoreUnavailableException}.
 */
@ExtendWith(ElasticsearchNode.class)
class StoreErrorsTest {

    private static final String INDEX = "store-errors-test";
    private static final String IMMENSE = "x".repeat(40_000);

    private static RestClient rest;
    private static ElasticsearchClient client;

    @BeforeAll
    static void connect() throws Exception {
        ElasticsearchProperties properties = TestSettings.elasticsearch(ElasticsearchNode.url(), "unused");
        ElasticsearchClientConfiguration configuration = new ElasticsearchClientConfiguration();
        rest = configuration.elasticsearchRestClient(properties);
        client = configuration.elasticsearchClient(rest, properties);
        Request create = new Request("PUT", "/" + INDEX);
        create.setJsonEntity("{\"mappings\":{\"properties\":{\"to\":{\"type\":\"keyword\"},\"n\":{\"type\":\"long\"}}}}");
        rest.performRequest(create);
    }

    @AfterAll
    static void close() throws Exception {
        rest.performRequest(new Request("DELETE", "/" + INDEX));
        client._transport().close();
    }

    @Test
    void anImmenseKeywordTermIsARefusedDocumentOnTheBatchedPath() {
        Exception e = catchException(() -> client.index(i -> i.index(INDEX).id("immense").document(Map.of("to", IMMENSE))));

        RuntimeException failure = StoreErrors.failure("store message immense", e);
        assertThat(failure).isInstanceOf(DocumentRejectedException.class)
                .isNotInstanceOf(StoreUnavailableException.class);
        assertThat(((DocumentRejectedException) failure).index()).isEqualTo(INDEX);
        assertThat(failure.getMessage()).contains("store message immense", "index " + INDEX,
                "document_parsing_exception", "[to]", "immense term");
        assertThat(failure.getMessage()).hasSizeLessThan(1200);
    }

    @Test
    void aValueTheMappingCannotParseIsARefusedDocumentOnARequestOfItsOwn() {
        // refresh=true cannot be batched: this request goes straight to Elasticsearch
        Exception e = catchException(() -> client.index(i -> i.index(INDEX).id("unparseable").refresh(Refresh.True)
                .document(Map.of("n", "not a number"))));

        RuntimeException failure = StoreErrors.failure("store message unparseable", e);
        assertThat(failure).isInstanceOf(DocumentRejectedException.class);
        assertThat(failure.getMessage()).contains(INDEX, "document_parsing_exception", "[n]");
    }

    @Test
    void aRefusedDocumentThroughCallIsRejectedToo() {
        Exception e = catchException(() -> StoreErrors.call("link identity",
                () -> client.index(i -> i.index(INDEX).id("call").document(Map.of("n", "NaN?")))));

        assertThat(e).isInstanceOf(DocumentRejectedException.class).hasMessageContaining("link identity");
    }

    @Test
    void aBulkWhoseFailedItemsAreAllRefusedDocumentsIsRejectedNotUnavailable() throws Exception {
        client.index(i -> i.index(INDEX).id("u1").refresh(Refresh.True).document(Map.of("n", 1)));
        client.index(i -> i.index(INDEX).id("u2").refresh(Refresh.True).document(Map.of("n", 2)));

        Exception e = catchException(() -> new IndexDocuments(client).updateAll(INDEX,
                Map.of("u1", Map.of("n", "not a number"), "u2", Map.of("n", 3), "gone", Map.of("n", 4))));

        assertThat(e).isInstanceOf(DocumentRejectedException.class)
                .hasMessageContaining("update " + INDEX, "in index " + INDEX, "u1: document_parsing_exception")
                .hasMessageNotContaining("u2");
        assertThat(client.get(g -> g.index(INDEX).id("u2"), Map.class).source().get("n")).isEqualTo(3);
    }

    @Test
    void aWriteBlockIsAnOutageNotARefusedDocument() throws Exception {
        String blocked = INDEX + "-blocked";
        rest.performRequest(new Request("PUT", "/" + blocked));
        Request block = new Request("PUT", "/" + blocked + "/_settings");
        block.setJsonEntity("{\"index.blocks.write\":true}");
        rest.performRequest(block);
        try {
            Exception e = catchException(() -> client.index(i -> i.index(blocked).id("b").document(Map.of("n", 1))));
            assertThat(StoreErrors.failure("store message b", e)).isInstanceOf(StoreUnavailableException.class);
            assertThat(catchException(() -> StoreErrors.call("link identity",
                    () -> client.index(i -> i.index(blocked).id("c").document(Map.of("n", 1))))))
                    .isInstanceOf(StoreUnavailableException.class);
        }
        finally {
            rest.performRequest(new Request("DELETE", "/" + blocked));
        }
    }

    @Test
    void nobodyListeningIsAnOutage() throws Exception {
        ElasticsearchProperties properties = TestSettings.elasticsearch("http://127.0.0.1:1", "unused");
        ElasticsearchClientConfiguration configuration = new ElasticsearchClientConfiguration();
        RestClient deadRest = configuration.elasticsearchRestClient(properties);
        ElasticsearchClient dead = configuration.elasticsearchClient(deadRest, properties);
        try {
            Exception e = catchException(() -> dead.index(i -> i.index(INDEX).id("gone").document(Map.of("to", IMMENSE))));
            assertThat(StoreErrors.failure("store message gone", e)).isInstanceOf(StoreUnavailableException.class);
        }
        finally {
            dead._transport().close();
        }
    }
}
