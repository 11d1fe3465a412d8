package io.ticketflow.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch.core.GetResponse;
import co.elastic.clients.elasticsearch._types.WriteResponseBase;
import co.elastic.clients.elasticsearch.core.CreateRequest;
import co.elastic.clients.elasticsearch.core.IndexRequest;
import co.elastic.clients.elasticsearch.core.IndexResponse;
import co.elastic.clients.transport.JsonEndpoint;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ticketflow.testing.ElasticsearchNode;
import io.ticketflow.testing.TestSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.RestClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Concurrent single-document requests through the coalescing transport answer exactly as they would one by one:
 * same responses, same conflicts, same not-found, same failure when the cluster is gone.
 */
@ExtendWith(ElasticsearchNode.class)
class CoalescingTransportTest {

    private static final String INDEX = "coalescing-test";

    private static RestClient rest;
    private static ElasticsearchClient client;
    private static CountingRest counted;

    /** A document as the stores write them: a record. */
    record Doc(String name, int n) {
    }

    @BeforeAll
    static void connect() throws Exception {
        ElasticsearchProperties properties = TestSettings.elasticsearch(ElasticsearchNode.url(), "unused");
        ElasticsearchClientConfiguration configuration = new ElasticsearchClientConfiguration();
        rest = configuration.elasticsearchRestClient(properties);
        client = configuration.elasticsearchClient(rest, properties);
        counted = new CountingRest(rest);
        rest.performRequest(new Request("PUT", "/" + INDEX));
    }

    @AfterAll
    static void close() throws Exception {
        rest.performRequest(new Request("DELETE", "/" + INDEX));
        client._transport().close();
    }

    @Test
    void concurrentWritesGoOutAsFewerBulkRequestsAndEachGetsItsOwnAnswer() throws Exception {
        long bulksBefore = counted.bulkRequests();
        List<IndexResponse> answers = inParallel(64, i -> client.index(x -> x.index(INDEX).id("w" + i)
                .document(new Doc("w" + i, i))));

        assertThat(answers).extracting(IndexResponse::id).containsExactlyInAnyOrderElementsOf(
                java.util.stream.IntStream.range(0, 64).mapToObj(i -> "w" + i).toList());
        assertThat(answers).allSatisfy(a -> {
            assertThat(a.seqNo()).isNotNull();
            assertThat(a.primaryTerm()).isEqualTo(1L);
            assertThat(a.version()).isEqualTo(1L);
        });
        long bulks = counted.bulkRequests() - bulksBefore;
        assertThat(bulks).as("64 concurrent writes in fewer requests").isBetween(1L, 63L);

        GetResponse<Doc> got = client.get(g -> g.index(INDEX).id("w7"), Doc.class);
        assertThat(got.found()).isTrue();
        assertThat(got.source()).isEqualTo(new Doc("w7", 7));
        assertThat(got.seqNo()).isEqualTo(answers.stream().filter(a -> a.id().equals("w7")).findFirst().orElseThrow()
                .seqNo());
    }

    @Test
    void batchesAreCountedForTheMetricsEndpoint() throws Exception {
        var registry = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        ((CoalescingTransport) client._transport()).bindTo(registry);
        double before = registry.get("ticketflow.elasticsearch.batch.requests").tag("kind", "writes").functionCounter()
                .count();
        inParallel(10, i -> client.index(x -> x.index(INDEX).id("m" + i).document(new Doc("m" + i, i))));

        assertThat(registry.get("ticketflow.elasticsearch.batch.requests").tag("kind", "writes").functionCounter().count())
                .isEqualTo(before + 10);
        assertThat(registry.get("ticketflow.elasticsearch.batches").tag("kind", "writes").functionTimer().count())
                .isPositive();
    }

    @Test
    void createOnlyLetsExactlyOneOfManyConcurrentCreatesWinAndTheOthersSeeAConflict() throws Exception {
        AtomicInteger conflicts = new AtomicInteger();
        List<String> winners = inParallel(16, i -> {
            try {
                client.create(c -> c.index(INDEX).id("same").document(new Doc("writer" + i, i)));
                return "writer" + i;
            }
            catch (ElasticsearchException e) {
                assertThat(StoreErrors.isConflict(e)).isTrue();
                assertThat(e.status()).isEqualTo(409);
                conflicts.incrementAndGet();
                return null;
            }
        }).stream().filter(java.util.Objects::nonNull).toList();

        assertThat(winners).hasSize(1);
        assertThat(conflicts).hasValue(15);
        assertThat(client.get(g -> g.index(INDEX).id("same"), Doc.class).source().name()).isEqualTo(winners.get(0));
    }

    @Test
    void aStaleSequenceNumberIsAConflictAndTheCurrentOneWins() throws Exception {
        IndexResponse first = client.index(x -> x.index(INDEX).id("occ").document(new Doc("v1", 1)));
        client.index(x -> x.index(INDEX).id("occ").document(new Doc("v2", 2)).ifSeqNo(first.seqNo())
                .ifPrimaryTerm(first.primaryTerm()));

        assertThatThrownBy(() -> client.index(x -> x.index(INDEX).id("occ").document(new Doc("stale", 3))
                .ifSeqNo(first.seqNo()).ifPrimaryTerm(first.primaryTerm())))
                .isInstanceOfSatisfying(ElasticsearchException.class, e -> assertThat(StoreErrors.isConflict(e)).isTrue());
        assertThat(client.get(g -> g.index(INDEX).id("occ"), Doc.class).source()).isEqualTo(new Doc("v2", 2));
    }

    @Test
    void readsOfMissingDocumentsAndMissingIndicesAnswerLikeSingleGets() throws Exception {
        List<Boolean> found = inParallel(20, i -> client.get(g -> g.index(INDEX).id("absent" + i), Doc.class).found());
        assertThat(found).containsOnly(false);

        assertThatThrownBy(() -> client.get(g -> g.index("no-such-index-" + System.nanoTime()).id("x"), Doc.class))
                .isInstanceOfSatisfying(ElasticsearchException.class, e -> assertThat(e.status()).isEqualTo(404));
    }

    @Test
    void aMappingErrorFailsOnlyItsOwnItem() throws Exception {
        String strict = INDEX + "-strict";
        Request create = new Request("PUT", "/" + strict);
        create.setJsonEntity("{\"mappings\":{\"properties\":{\"n\":{\"type\":\"integer\"}}}}");
        rest.performRequest(create);
        try {
            List<String> outcomes = inParallel(10, i -> {
                try {
                    Object n = i == 3 ? "not a number" : i;
                    client.index(x -> x.index(strict).id("m" + i).document(Map.of("n", n)));
                    return "ok";
                }
                catch (ElasticsearchException e) {
                    return "error " + e.status();
                }
            });
            assertThat(outcomes).containsOnlyOnce("error 400").filteredOn("ok"::equals).hasSize(9);
        }
        finally {
            rest.performRequest(new Request("DELETE", "/" + strict));
        }
    }

    @Test
    void aWriteAnswerBuiltFromItsFieldsIsWhatTheClientsDeserializerMakesOfIt() throws Exception {
        ObjectMapper json = new ObjectMapper();
        BulkWireFormat format = new BulkWireFormat(client._transport().jsonpMapper(), json);
        String body = """
                {"create":{"_index":"%1$s","_id":"built-1"}}
                {"name":"one","n":1}
                {"index":{"_index":"%1$s","_id":"built-2"}}
                {"name":"two","n":2}
                {"index":{"_index":"%1$s","_id":"built-1"}}
                {"name":"one again","n":3}
                {"create":{"_index":"%1$s","_id":"built-1"}}
                {"name":"conflict","n":4}
                """.formatted(INDEX);
        List<JsonNode> items = bulk(format, body, "");
        assertThat(items).extracting(i -> i.path("status").asInt()).containsExactly(201, 201, 200, 409);
        // OCC: the same document again, guarded by the sequence number the last answer gave
        JsonNode last = items.get(2);
        items = new ArrayList<>(items);
        items.addAll(bulk(format, """
                {"index":{"_index":"%s","_id":"built-1","if_seq_no":%d,"if_primary_term":%d}}
                {"name":"guarded","n":5}
                """.formatted(INDEX, last.get("_seq_no").asLong(), last.get("_primary_term").asLong()), ""));
        assertThat(items.get(4).path("status").asInt()).isEqualTo(200);

        int compared = 0;
        for (JsonNode item : items) {
            for (var endpoint : List.of(CreateRequest._ENDPOINT, IndexRequest._ENDPOINT)) {
                var built = BulkWireFormat.written(item, (JsonEndpoint<?, ?, ?>) endpoint);
                if (item.path("status").asInt() >= 300) {
                    assertThat(built).as("an error item is not an answer").isNull();
                    continue;
                }
                var deserialized = format.deserialized(item, (JsonEndpoint<?, ?, ?>) endpoint);
                assertThat(built).isNotNull().hasSameClassAs(deserialized);
                WriteResponseBase a = (WriteResponseBase) built;
                WriteResponseBase b = (WriteResponseBase) deserialized;
                assertThat(a.toString()).isEqualTo(b.toString());
                assertThat(List.of(a.index(), a.id(), a.version(), a.result(), a.seqNo(), a.primaryTerm()))
                        .isEqualTo(List.of(b.index(), b.id(), b.version(), b.result(), b.seqNo(), b.primaryTerm()));
                assertThat(a.failureStore()).isEqualTo(b.failureStore());
                assertThat(a.forcedRefresh()).isEqualTo(b.forcedRefresh());
                for (var shards : List.of(List.of(a.shards().total(), b.shards().total()),
                        List.of(a.shards().successful(), b.shards().successful()),
                        List.of(a.shards().failed(), b.shards().failed()))) {
                    assertThat(shards.get(0)).isEqualTo(shards.get(1)).hasSameClassAs(shards.get(1));
                }
                assertThat(a.shards().skipped()).isEqualTo(b.shards().skipped());
                assertThat(a.shards().failures()).isEqualTo(b.shards().failures());
                compared++;
            }
        }
        assertThat(compared).isEqualTo(8);

        // an answer with a field the builder does not know goes to the deserializer
        JsonNode forced = bulk(format, """
                {"index":{"_index":"%s","_id":"built-3"}}
                {"name":"three","n":3}
                """.formatted(INDEX), "?refresh=true").get(0);
        assertThat(forced.has("forced_refresh")).isTrue();
        @SuppressWarnings("unchecked")
        var indexEndpoint = (JsonEndpoint<?, IndexResponse, ?>) (JsonEndpoint<?, ?, ?>) IndexRequest._ENDPOINT;
        assertThat(BulkWireFormat.written(forced, indexEndpoint)).isNull();
        assertThat(format.deserialized(forced, indexEndpoint).forcedRefresh()).isTrue();
    }

    private static List<JsonNode> bulk(BulkWireFormat format, String body, String query) throws Exception {
        Request request = new Request("POST", "/_bulk" + query);
        request.setEntity(new org.apache.http.entity.StringEntity(body,
                org.apache.http.entity.ContentType.create("application/x-ndjson", "UTF-8")));
        try (var in = rest.performRequest(request).getEntity().getContent()) {
            return format.bulkResults(in);
        }
    }

    @Test
    void anUnreachableClusterIsAnIoFailureTheStoresReportAsUnavailable() throws Exception {
        ElasticsearchClient dead = TestStores.unreachable("unused");
        try {
            assertThatThrownBy(() -> StoreErrors.call("write", () -> dead.index(x -> x.index(INDEX).id("d")
                    .document(new Doc("d", 0)))))
                    .isInstanceOf(StoreUnavailableException.class);
        }
        finally {
            dead._transport().close();
        }
    }

    private static <T> List<T> inParallel(int n, IndexedCall<T> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Callable<T>> tasks = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                tasks.add(() -> call.run(index));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> f : pool.invokeAll(tasks)) {
                results.add(f.get());
            }
            return results;
        }
        finally {
            pool.shutdownNow();
        }
    }

    @FunctionalInterface
    interface IndexedCall<T> {
        T run(int i) throws Exception;
    }

    /** The node's own count of bulk requests it has served (thread pool "write" completions are per shard). */
    private record CountingRest(RestClient rest) {

        long bulkRequests() throws Exception {
            var response = rest.performRequest(new Request("GET", "/_nodes/stats/http?filter_path=**.routes"));
            String body = new String(response.getEntity().getContent().readAllBytes());
            var node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(body);
            long[] count = {0};
            node.path("nodes").forEach(n -> count[0] += n.path("http").path("routes").path("/_bulk").path("requests")
                    .path("count").asLong());
            return count[0];
        }
    }
}
