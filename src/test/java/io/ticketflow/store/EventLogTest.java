package io.ticketflow.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import io.ticketflow.testing.Await;
import io.ticketflow.testing.ElasticsearchNode;
import io.ticketflow.testing.TestSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The buffered event log against a real Elasticsearch node: batches, the flush interval, back-pressure, shutdown. */
@ExtendWith(ElasticsearchNode.class)
class EventLogTest {

    private static final Duration NEVER = Duration.ofHours(1);
    private static TestStores stores;

    @BeforeAll
    static void stores() {
        stores = new TestStores("ev-" + UUID.randomUUID().toString().substring(0, 8));
    }

    @AfterAll
    static void close() throws IOException {
        stores.close();
    }

    @Test
    void eventsAreWrittenWithinTheFlushIntervalWithoutAnyoneFlushing() {
        EventLog events = new EventLog(stores.client, stores.indices, new EventsProperties(Duration.ofMillis(200), 500,
                null));
        try {
            for (int i = 0; i < 3; i++) {
                events.record("received", "100", "raw-" + i, 1, "periodic");
            }
            Await.until("three events searchable", Duration.ofSeconds(10), () -> count("100") == 3 ? true : null);
        }
        finally {
            events.close();
        }
    }

    @Test
    void aFullBatchIsWrittenAtOnceAndFlushWritesTheRest() {
        EventLog events = new EventLog(stores.client, stores.indices, new EventsProperties(NEVER, 100, null));
        try {
            for (int i = 0; i < 250; i++) {
                events.record("received", "200", "raw-" + i, 1, "batch " + i);
            }
            // full batches go out without waiting for the (hour-long) interval; what is left waits for it or a flush
            Await.until("the full batches", Duration.ofSeconds(10), () -> count("200") >= 200 ? true : null);
            events.flush();
            assertThat(count("200")).isEqualTo(250);
        }
        finally {
            events.close();
        }
    }

    @Test
    void aFullBufferMakesCallersWriteNothingIsDropped() throws Exception {
        // a buffer of 20 against 4 threads recording 1000 events: callers keep finding it full and write batches
        EventLog events = new EventLog(stores.client, stores.indices, new EventsProperties(NEVER, 10, 20));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Void>> writers = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                String ticket = "300";
                writers.add(() -> {
                    for (int i = 0; i < 250; i++) {
                        events.record("screened", ticket, "raw-" + i, 0, "burst");
                    }
                    return null;
                });
            }
            for (Future<Void> f : pool.invokeAll(writers)) {
                f.get();
            }
            events.flush();
            assertThat(count("300")).isEqualTo(1000);
        }
        finally {
            pool.shutdown();
            events.close();
        }
    }

    @Test
    void closingWritesWhatIsBufferedAndLaterEventsAreStillWritten() {
        EventLog events = new EventLog(stores.client, stores.indices, new EventsProperties(NEVER, 500, null));
        for (int i = 0; i < 5; i++) {
            events.record(EventLog.Event.of("replied", "400", null, 3, "before shutdown"));
        }
        events.close();
        assertThat(count("400")).isEqualTo(5);
        events.recordChange("corrected", "400", "triage.queue", "a", "b");
        assertThat(count("400")).as("written directly once closed").isEqualTo(6);
    }

    @Test
    void anUnreachableStoreNeverFailsTheCaller() throws IOException {
        ElasticsearchClient client = TestStores.unreachable("ev-nowhere");
        EventLog events = new EventLog(client, new Indices(TestSettings.elasticsearch(null, "ev-nowhere")),
                new EventsProperties(NEVER, 2, 2));
        try {
            assertThatCode(() -> {
                for (int i = 0; i < 5; i++) {
                    events.record("received", "500", "raw-" + i, 0, "store down");
                }
                events.flush();
            }).doesNotThrowAnyException();
        }
        finally {
            events.close();
            client._transport().close();
        }
    }

    private static long count(String ticket) {
        try {
            stores.client.indices().refresh(r -> r.index(stores.indices.events()));
            return stores.client.count(c -> c.index(stores.indices.events())
                    .query(q -> q.term(t -> t.field("ticket").value(FieldValue.of(ticket))))).count();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
