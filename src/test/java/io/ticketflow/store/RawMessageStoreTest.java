package io.ticketflow.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import co.elastic.clients.elasticsearch.core.GetResponse;
import io.ticketflow.testing.ElasticsearchNode;
import io.ticketflow.vocabulary.RawMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The raw store keeps a message's bytes apart from its processing state: the bytes are written once, and the state
 * changes of a message (attempt, ticket number, outcome) rewrite only the small record. Keeping a message is one
 * write: the record as kept travels in the bytes document, and the record's own document is first written at the next
 * change.
 */
@ExtendWith(ElasticsearchNode.class)
class RawMessageStoreTest {

    private static TestStores stores;
    private static RawMessageStore store;

    @BeforeAll
    static void stores() {
        stores = new TestStores("raw-" + UUID.randomUUID().toString().substring(0, 8));
        store = new RawMessageStore(stores.client, stores.indices);
    }

    @AfterAll
    static void close() throws IOException {
        stores.close();
    }

    @Test
    @SuppressWarnings("rawtypes")
    void stateChangesNeverRewriteTheBytes() throws IOException {
        RawMessage raw = mail("state changes " + UUID.randomUUID());
        RawMessageStore.Stored stored = store.saveForProcessing(raw);
        assertThat(stored.created()).isTrue();
        assertThat(stores.client.get(g -> g.index(stores.indices.raw()).id(raw.id()), Map.class).found())
                .as("keeping writes only the bytes document").isFalse();
        assertThat(store.find(raw.id()).value().attempts()).isEqualTo(1);
        Versioned<RawRecord> numbered = store.replace(stored.record(), stored.record().value().withTicket("1042"));
        assertThat(store.update(numbered, numbered.value().finished("processed", "created", null, "<m@x>"))).isTrue();

        GetResponse<Map> record = stores.client.get(g -> g.index(stores.indices.raw()).id(raw.id()), Map.class);
        assertThat(record.source()).doesNotContainKey("bytes").containsEntry("ticket", "1042")
                .containsEntry("outcome", "created");
        assertThat(record.version()).as("created at the first change, then updated").isEqualTo(2);
        GetResponse<Map> bytes = stores.client.get(g -> g.index(stores.indices.rawBytes()).id(raw.id()), Map.class);
        assertThat(bytes.version()).as("the bytes document is written once").isEqualTo(1);

        RawRecord finished = store.find(raw.id()).value();
        assertThat(store.bytes(finished)).isEqualTo(raw.bytes());
        assertThat(store.message(finished).id()).isEqualTo(raw.id());
    }

    /**
     * The outcome's decision event travels in the finished record under the events index's field names (one document,
     * not two), reads back with the record, and a replay's reopening drops it until the new outcome writes its own.
     */
    @Test
    @SuppressWarnings({ "rawtypes", "unchecked" })
    void theFinishedRecordIsItsDecisionEventUntilAReplayReopensIt() throws IOException {
        RawMessage raw = mail("decision " + UUID.randomUUID());
        Versioned<RawRecord> kept = store.saveForProcessing(raw).record();
        assertThat(kept.value().decision()).isNull();
        EventLog.Event event = EventLog.Event.of("threaded", "100777", raw.id(), 42, "appended; rules [vip]")
                .withDecision("in-reply-to", 0.9, null).atStep("record outcome");
        Versioned<RawRecord> finished = store.replace(kept,
                kept.value().finished("processed", "appended", "appended", "<m@x>").withDecision(event));
        assertThat(finished).isNotNull();

        Map<String, Object> source = stores.client.get(g -> g.index(stores.indices.raw()).id(raw.id()), Map.class)
                .source();
        assertThat(source).containsEntry("type", "threaded").containsEntry("rawId", raw.id())
                .containsEntry("method", "in-reply-to").containsEntry("score", 0.9).containsEntry("durationMs", 42)
                .containsEntry("detail", "appended; rules [vip]").containsEntry("actor", "pipeline")
                .containsEntry("step", "record outcome").containsKey("at")
                .as("the record's ticket keeps its meaning: only a ticket the message opened").doesNotContainKey("ticket");
        RawRecord read = store.find(raw.id()).value();
        assertThat(read.decision()).isEqualTo(RawRecord.Decision.of(event));
        assertThat(read.decision().at()).isEqualTo(event.at());

        assertThat(store.update(store.find(raw.id()), read.reopened())).isTrue();
        Map<String, Object> reopened = stores.client.get(g -> g.index(stores.indices.raw()).id(raw.id()), Map.class)
                .source();
        assertThat(reopened).containsEntry("state", RawRecord.RECEIVED).doesNotContainKeys("type", "at", "durationMs",
                "detail", "method", "rawId");
        assertThat(store.find(raw.id()).value().decision()).isNull();
    }

    @Test
    @SuppressWarnings("rawtypes")
    void theSameBytesAgainKeepTheFirstCopy() throws IOException {
        RawMessage raw = mail("twice " + UUID.randomUUID());
        assertThat(store.saveForProcessing(raw).created()).isTrue();
        RawMessageStore.Stored again = store.saveForProcessing(raw);

        assertThat(again.created()).isFalse();
        assertThat(RawMessageStore.unwritten(again.record())).isTrue();
        assertThat(again.record().value().attempts()).isEqualTo(1);
        GetResponse<Map> bytes = stores.client.get(g -> g.index(stores.indices.rawBytes()).id(raw.id()), Map.class);
        assertThat(bytes.version()).isEqualTo(1);
    }

    @Test
    void aRecordStoredBeforeTheSplitStillHasItsBytesInline() throws IOException {
        RawMessage raw = mail("legacy " + UUID.randomUUID());
        String inline = java.util.Base64.getEncoder().encodeToString(gzip(raw.bytes()));
        RawRecord legacy = new RawRecord(raw.id(), "mail", "support", null, null, raw.receivedAt(), raw.bytes().length,
                inline, "gzip+base64", null, null, null, RawRecord.RECEIVED, null, null, null, null, 0, null,
                raw.receivedAt(), null);
        stores.client.index(i -> i.index(stores.indices.raw()).id(raw.id()).document(legacy));

        assertThat(store.bytes(store.find(raw.id()).value())).isEqualTo(raw.bytes());
    }

    @Test
    void missingBytesAreAClearError() throws IOException {
        RawMessage raw = mail("lost bytes " + UUID.randomUUID());
        Versioned<RawRecord> kept = store.save(raw);
        store.update(kept, kept.value().finished("screened", "screened", "test", null));
        stores.client.delete(d -> d.index(stores.indices.rawBytes()).id(raw.id()));

        assertThatThrownBy(() -> store.bytes(store.find(raw.id()).value()))
                .hasMessageContaining(raw.id()).hasMessageContaining("missing");
    }

    @Test
    void twoWritersOfAKeptRecordCreateItOnceAndTheSecondReReads() {
        RawMessage raw = mail("race " + UUID.randomUUID());
        Versioned<RawRecord> kept = store.saveForProcessing(raw).record();
        Versioned<RawRecord> second = store.saveForProcessing(raw).record();

        assertThat(store.replace(second, second.value().attemptStarted())).isNotNull();
        assertThat(store.replace(kept, kept.value().finished("processed", "created", null, null)))
                .as("the record document exists now: a create from the kept state conflicts").isNull();
        Versioned<RawRecord> latest = store.find(raw.id());
        assertThat(RawMessageStore.unwritten(latest)).isFalse();
        assertThat(latest.value().attempts()).isEqualTo(2);
    }

    @Test
    void pagesMergeKeptMessagesWithoutARecordDocumentInArrivalOrder() {
        java.time.Instant t0 = java.time.Instant.parse("2001-02-03T00:00:00Z");
        java.util.List<String> expected = new java.util.ArrayList<>();
        for (int i = 0; i < 7; i++) {
            RawMessage raw = at(mail("page " + i + " " + UUID.randomUUID()), t0.plusSeconds(i));
            Versioned<RawRecord> kept = store.saveForProcessing(raw).record();
            if (i % 3 == 1) {
                // its record document written (a failed attempt): found in the raw index
                store.update(kept, kept.value().attemptFailed("boom"));
            }
            else if (i % 3 == 2) {
                // finished: not in a selection of received messages
                store.update(kept, kept.value().finished("processed", "created", null, null));
                continue;
            }
            expected.add(raw.id());
        }
        new RawMessageSearch(stores.client, stores.indices).refresh();
        RawMessagePages pages = new RawMessagePages(stores.client, stores.indices);
        for (int size : new int[] { 1, 2, 3, 10 }) {
            java.util.List<String> seen = new java.util.ArrayList<>();
            RawMessagePages.Cursor cursor = null;
            do {
                RawMessagePages.Page page = pages.page(java.util.List.of(RawRecord.RECEIVED), t0,
                        t0.plusSeconds(60), cursor, size);
                for (RawMessagePages.Entry e : page.entries()) {
                    seen.add(e.record().value().id());
                    assertThat(e.bytes()).isNotNull();
                }
                cursor = page.next();
            }
            while (cursor != null);
            assertThat(seen).as("page size " + size).containsExactlyElementsOf(expected);
        }
    }

    private static RawMessage at(RawMessage raw, java.time.Instant receivedAt) {
        return new RawMessage(raw.channel(), raw.mailbox(), raw.bytes(), raw.contentType(), raw.externalId(),
                raw.conversationKey(), raw.uidValidity(), raw.uid(), receivedAt);
    }

    private static RawMessage mail(String subject) {
        String text = "From: a@example.com\r\nTo: support@example.com\r\nSubject: " + subject
                + "\r\nMessage-ID: <" + UUID.randomUUID() + "@example.com>\r\n\r\nHello\r\n";
        return RawMessage.of(text.getBytes(StandardCharsets.US_ASCII), "mail", "support");
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        var out = new java.io.ByteArrayOutputStream();
        try (var gz = new java.util.zip.GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }
}
