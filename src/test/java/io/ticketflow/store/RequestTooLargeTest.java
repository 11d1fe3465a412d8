package io.ticketflow.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchException;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.Refresh;
import io.ticketflow.embedded.EmbeddedElasticsearch;
import io.ticketflow.embedded.EmbeddedElasticsearchSettings;
import io.ticketflow.testing.ElasticsearchNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.RestClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Against a real node of its own whose {@code http.max_content_length} is 1 MB (hosted clusters often allow 10 MB):
 * a coalesced bulk over the limit is split and written, a document too large on its own is refused as a
 * {@link DocumentRejectedException} naming its index (quarantined, never retried), on the batched path and on a
 * request of its own; before, the 413 counted as an outage and the same mail was offered again at every poll.
 */
@ExtendWith(ElasticsearchNode.class)
class RequestTooLargeTest {

    private static final String INDEX = "too-large-test";
    private static final int KB = 1024;

    private static EmbeddedElasticsearch node;
    private static Path nodeDir;
    private static RestClient rest;
    private static ElasticsearchClient client;

    @BeforeAll
    static void start() throws Exception {
        EmbeddedElasticsearch shared = ElasticsearchNode.node();
        assumeTrue(shared != null, "needs the embedded node's distribution (an external cluster is configured)");
        EmbeddedElasticsearchSettings settings = ElasticsearchNode.settings("too-large-" + ProcessHandle.current().pid())
                .withNodeName("too-large").withHeap("256m");
        nodeDir = settings.dataDir();
        deleteRecursively(nodeDir);
        // the launcher keeps a node's own config folder: this one is the shared node's plus the low limit
        Path config = nodeDir.resolve("config");
        try (Stream<Path> files = Files.walk(shared.dataDir().resolve("config"))) {
            for (Path from : files.toList()) {
                Path to = config.resolve(shared.dataDir().resolve("config").relativize(from).toString());
                if (Files.isDirectory(from)) {
                    Files.createDirectories(to);
                }
                else {
                    Files.copy(from, to);
                }
            }
        }
        Files.writeString(config.resolve("elasticsearch.yml"), "\nhttp.max_content_length: 1mb\n", StandardOpenOption.APPEND);
        node = EmbeddedElasticsearch.start(settings);
        // batches wait for company, so the writes below of five threads go as one bulk
        ElasticsearchProperties properties = new ElasticsearchProperties(node.url(), "too-large", 0,
                new ElasticsearchProperties.Batching(true, null, null, 1, Duration.ofMillis(500), null, null, null));
        ElasticsearchClientConfiguration configuration = new ElasticsearchClientConfiguration();
        rest = configuration.elasticsearchRestClient(properties);
        client = configuration.elasticsearchClient(rest, properties);
        Request create = new Request("PUT", "/" + INDEX);
        create.setJsonEntity("{\"mappings\":{\"dynamic\":false}}");
        rest.performRequest(create);
    }

    @AfterAll
    static void stop() throws Exception {
        if (client != null) {
            client._transport().close();
        }
        if (node != null) {
            node.close();
        }
        if (nodeDir != null) {
            deleteRecursively(nodeDir);
        }
    }

    @Test
    void aBulkOverTheLimitIsSplitAndOnlyTheDocumentTooLargeAloneIsRefused() throws Exception {
        List<String> ids = List.of("a", "b", "c", "d", "huge");
        ExecutorService threads = Executors.newFixedThreadPool(ids.size());
        List<CompletableFuture<Exception>> writes = new ArrayList<>();
        try {
            for (String id : ids) {
                // 4 x 300 KB + 1.5 MB together: over the 1 MB limit; the 300 KB ones fit two by two
                String text = "x".repeat((id.equals("huge") ? 1536 : 300) * KB);
                writes.add(CompletableFuture.supplyAsync(() -> catchException(() -> client.create(c -> c.index(INDEX)
                        .id(id).document(Map.of("text", text)))), threads));
            }
            for (int i = 0; i < 4; i++) {
                assertThat(writes.get(i).join()).as(ids.get(i)).isNull();
                String id = ids.get(i);
                assertThat(client.get(g -> g.index(INDEX).id(id), Map.class).found()).as(id).isTrue();
            }
            Exception huge = writes.get(4).join();
            RuntimeException failure = StoreErrors.failure("store message huge", huge);
            assertThat(failure).isInstanceOf(DocumentRejectedException.class)
                    .hasMessageContaining("store message huge", "in index " + INDEX, "http.max_content_length");
            assertThat(((DocumentRejectedException) failure).index()).isEqualTo(INDEX);
            assertThat(client.get(g -> g.index(INDEX).id("huge"), Map.class).found()).isFalse();
        }
        finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aDocumentTooLargeOnARequestOfItsOwnIsRefusedNotAnOutage() {
        // refresh=true cannot be batched: this request goes straight to Elasticsearch
        String text = "y".repeat(1536 * KB);
        Exception e = catchException(() -> StoreErrors.call("link identity", () -> client.index(i -> i.index(INDEX)
                .id("alone").refresh(Refresh.True).document(Map.of("text", text)))));

        assertThat(e).isInstanceOf(DocumentRejectedException.class).isNotInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("link identity", "413");
    }

    private static void deleteRecursively(Path dir) throws Exception {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
