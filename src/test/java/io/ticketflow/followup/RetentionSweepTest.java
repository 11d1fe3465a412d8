package io.ticketflow.followup;

import static org.assertj.core.api.Assertions.assertThat;

import io.ticketflow.store.AuditEntry;
import io.ticketflow.store.AuditLog;
import io.ticketflow.store.IndexDocuments;
import io.ticketflow.store.RetentionStore;
import io.ticketflow.store.TestStores;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Retention on a real node (an index prefix of its own): raw records older than raw-after and closed tickets older
 * than closed-tickets-after are deleted with what belongs to them; newer ones, open tickets and raw mail still being
 * processed stay; the pass is audited by counts.
 */
class RetentionSweepTest {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    private final TestStores stores = new TestStores("ret-" + UUID.randomUUID().toString().substring(0, 8));
    private final IndexDocuments docs = new IndexDocuments(stores.client);
    private final AuditLog audit = new AuditLog(stores.client, stores.indices);
    private final RetentionSweep sweep = new RetentionSweep(new RetentionStore(docs, stores.indices), audit,
            new RetentionProperties(Duration.ofDays(30), Duration.ofDays(365), null), Clock.fixed(NOW, ZoneOffset.UTC));

    @AfterEach
    void close() throws Exception {
        stores.close();
    }

    @Test
    void deletesOnlyWhatIsPastItsRetention() throws Exception {
        raw("old-raw", null, NOW.minus(Duration.ofDays(40)), "processed");
        raw("new-raw", null, NOW.minus(Duration.ofDays(1)), "processed");
        raw("old-in-progress", null, NOW.minus(Duration.ofDays(40)), "received");
        ticket("T1", "closed", NOW.minus(Duration.ofDays(400)));
        message("m1", "T1");
        raw("m1", "T1", NOW.minus(Duration.ofDays(2)), "processed");
        outbox("T1-acknowledgement", "T1");
        ticket("T2", "closed", NOW.minus(Duration.ofDays(10)));
        message("m2", "T2");
        ticket("T3", "open", null);

        String summary = sweep.run();

        assertThat(summary).contains("rawDeleted=1").contains("ticketsDeleted=1");
        assertThat(ids(stores.indices.raw())).containsExactlyInAnyOrder("new-raw", "old-in-progress");
        assertThat(ids(stores.indices.rawBytes())).as("the bytes go with their records")
                .containsExactlyInAnyOrder("new-raw", "old-in-progress");
        assertThat(ids(stores.indices.tickets(), "number")).containsExactlyInAnyOrder("T2", "T3");
        assertThat(ids(stores.indices.messages())).containsExactly("m2");
        assertThat(ids(stores.indices.outbox())).isEmpty();
        List<AuditEntry> entries = audit.latest(10);
        assertThat(entries).singleElement().satisfies(e -> {
            assertThat(e.action()).isEqualTo("retention.applied");
            assertThat(e.details()).isEqualTo(summary);
        });
        assertThat(sweep.run()).isNull();
    }

    private List<String> ids(String index) {
        return ids(index, "id");
    }

    private List<String> ids(String index, String sortField) {
        return docs.find(index, co.elastic.clients.elasticsearch._types.query_dsl.Query.of(q -> q.matchAll(m -> m)),
                sortField, 100).stream().map(IndexDocuments.Doc::id).toList();
    }

    private void raw(String id, String ticket, Instant received, String state) throws Exception {
        index(stores.indices.raw(), id, Map.of("id", id, "ticket", ticket == null ? "" : ticket, "receivedAt",
                received.toString(), "state", state));
        index(stores.indices.rawBytes(), id, Map.of("id", id, "receivedAt", received.toString(), "size", 2,
                "bytes", "H4sIAAAAAAAAA8tIzckHAIZsp2UCAAAA", "encoding", "gzip+base64"));
    }

    private void ticket(String number, String status, Instant closedAt) throws Exception {
        index(stores.indices.tickets(), number, closedAt == null ? Map.of("number", number, "status", status)
                : Map.of("number", number, "status", status, "lifecycle", Map.of("closedAt", closedAt.toString())));
    }

    private void message(String id, String ticket) throws Exception {
        index(stores.indices.messages(), id, Map.of("id", id, "ticket", ticket));
    }

    private void outbox(String id, String ticket) throws Exception {
        index(stores.indices.outbox(), id, Map.of("id", id, "ticket", ticket));
    }

    private void index(String index, String id, Map<String, Object> doc) throws Exception {
        stores.client.index(i -> i.index(index).id(id).document(doc));
    }
}
