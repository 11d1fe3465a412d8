package io.ticketflow.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ticketflow.testing.ElasticsearchNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.elasticsearch.client.Request;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Ticket numbers come from blocks reserved per instance, of the configured size: unique over instances sharing one
 * counter, one counter write per block, and a fresh store still starts at 100001.
 */
@ExtendWith(ElasticsearchNode.class)
class TicketNumberBlocksTest {

    @Test
    void twoInstancesWithBlocksOfFiveNeverHandOutANumberTwiceAndWriteTheCounterOncePerBlock() throws Exception {
        try (TestStores stores = new TestStores("numbers-" + UUID.randomUUID().toString().substring(0, 8))) {
            TicketNumberProperties blocksOfFive = new TicketNumberProperties(5);
            TicketStore a = new TicketStore(stores.client, stores.indices, LookupCacheProperties.defaults(), blocksOfFive);
            TicketStore b = new TicketStore(stores.client, stores.indices, LookupCacheProperties.defaults(), blocksOfFive);
            assertThat(a.allocateNumber()).as("a fresh store starts at 100001").isEqualTo("100001");
            long before = indexOps(stores);

            Set<String> numbers = ConcurrentHashMap.newKeySet();
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<List<String>>> runs = new ArrayList<>();
                for (TicketStore instance : List.of(a, b, a, b)) {
                    runs.add(pool.submit(() -> {
                        List<String> mine = new ArrayList<>();
                        for (int i = 0; i < 12; i++) {
                            mine.add(instance.allocateNumber());
                        }
                        return mine;
                    }));
                }
                for (Future<List<String>> run : runs) {
                    numbers.addAll(run.get());
                }
            }
            finally {
                pool.shutdown();
            }
            assertThat(numbers).as("48 numbers over two instances, none twice").hasSize(48).doesNotContain("100001");
            // a: 4 left of its first block, then 20 more = 4 blocks; b: 24 = 5 blocks (the last one partly used)
            assertThat(indexOps(stores) - before).isEqualTo(9);
            assertThat(numbers.stream().mapToLong(Long::parseLong).max().getAsLong())
                    .as("ten blocks of five reserved in all").isLessThanOrEqualTo(100050);
        }
    }

    @Test
    void aBlockOfOneWritesTheCounterForEveryNumber() throws Exception {
        try (TestStores stores = new TestStores("numbers-" + UUID.randomUUID().toString().substring(0, 8))) {
            TicketStore one = new TicketStore(stores.client, stores.indices, LookupCacheProperties.defaults(),
                    new TicketNumberProperties(1));
            long before = indexOps(stores);
            assertThat(List.of(one.allocateNumber(), one.allocateNumber(), one.allocateNumber()))
                    .containsExactly("100001", "100002", "100003");
            assertThat(indexOps(stores) - before).isEqualTo(3);
        }
    }

    private static long indexOps(TestStores stores) throws IOException {
        var response = stores.restClient.performRequest(
                new Request("GET", "/" + stores.indices.counters() + "/_stats/indexing"));
        return new ObjectMapper().readTree(response.getEntity().getContent()).path("_all").path("total")
                .path("indexing").path("index_total").asLong();
    }
}
