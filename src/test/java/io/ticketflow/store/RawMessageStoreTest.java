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
 * changes of a message (attempt, ticket number, outcome) rewrite only the small record.
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
        Versioned<RawRecord> numbered = store.replace(stored.record(), stored.record().value().withTicket("1042"));
        assertThat(store.update(numbered, numbered.value().finished("processed", "created", null, "<m@x>"))).isTrue();

        GetResponse<Map> record = stores.client.get(g -> g.index(stores.indices.raw()).id(raw.id()), Map.class);
        assertThat(record.source()).doesNotContainKey("bytes").containsEntry("ticket", "1042")
                .containsEntry("outcome", "created");
        assertThat(record.version()).isEqualTo(3);
        GetResponse<Map> bytes = stores.client.get(g -> g.index(stores.indices.rawBytes()).id(raw.id()), Map.class);
        assertThat(bytes.version()).as("the bytes document is written once").isEqualTo(1);

        RawRecord finished = store.find(raw.id()).value();
        assertThat(store.bytes(finished)).isEqualTo(raw.bytes());
        assertThat(store.message(finished).id()).isEqualTo(raw.id());
    }

    @Test
    @SuppressWarnings("rawtypes")
    void theSameBytesAgainKeepTheFirstCopy() throws IOException {
        RawMessage raw = mail("twice " + UUID.randomUUID());
        assertThat(store.saveForProcessing(raw).created()).isTrue();
        RawMessageStore.Stored again = store.saveForProcessing(raw);

        assertThat(again.created()).isFalse();
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
                raw.receivedAt());
        stores.client.index(i -> i.index(stores.indices.raw()).id(raw.id()).document(legacy));

        assertThat(store.bytes(store.find(raw.id()).value())).isEqualTo(raw.bytes());
    }

    @Test
    void missingBytesAreAClearError() throws IOException {
        RawMessage raw = mail("lost bytes " + UUID.randomUUID());
        store.save(raw);
        stores.client.delete(d -> d.index(stores.indices.rawBytes()).id(raw.id()));

        assertThatThrownBy(() -> store.bytes(store.find(raw.id()).value()))
                .hasMessageContaining(raw.id()).hasMessageContaining("missing");
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
