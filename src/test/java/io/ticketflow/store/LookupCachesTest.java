package io.ticketflow.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ticketflow.ticket.TicketMessage;
import java.io.IOException;
import java.util.List;
import java.util.UUID;
import org.elasticsearch.client.Request;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Erasure and retention run on one instance, but every instance caches Message-IDs: the deleting instance leaves a
 * notice in the store, and the others forget their caches when they see it, so none of them threads a new mail onto
 * an erased ticket by a cached id (before, only by the cache's max-age of an hour).
 */
class LookupCachesTest {

    private static final TestStores STORES = new TestStores("caches-" + UUID.randomUUID().toString().substring(0, 8));

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    /** One instance's caching stores and its eviction notices. */
    private static final class Instance {
        final MessageIdIndex ids = new MessageIdIndex(STORES.client, STORES.indices, LookupCacheProperties.defaults());
        final TicketStore tickets = new TicketStore(STORES.client, STORES.indices, LookupCacheProperties.defaults());
        final ConversationIndex conversations = new ConversationIndex(STORES.client, STORES.indices,
                LookupCacheProperties.defaults());
        final LookupCaches caches = new LookupCaches(ids, tickets, conversations,
                new EvictionNotices(STORES.client, STORES.indices));
    }

    @AfterAll
    static void close() throws IOException {
        STORES.close();
    }

    @Test
    void anotherInstanceForgetsWhatTheDeletingInstanceDeletedOnceItSeesTheNotice() throws IOException {
        Instance a = new Instance();
        Instance b = new Instance();
        a.caches.checkNotices();
        b.caches.checkNotices();
        String id = "<erased-" + run + "@client.example>";
        a.ids.register(id, "700001", TicketMessage.INBOUND);
        assertThat(b.ids.find(id).ticket()).as("b read it once and holds it now").isEqualTo("700001");

        // a erases: the Message-ID document goes, a's own caches forget it at once
        new IndexDocuments(STORES.client).delete(STORES.indices.messageIds(), List.of(MessageIdIndex.key(id)));
        a.caches.deleted(List.of("700001"), List.of(), List.of(id));
        assertThat(a.ids.find(id)).isNull();

        assertThat(b.caches.checkNotices()).as("b sees a's notice").isTrue();
        assertThat(b.ids.find(id)).as("b no longer threads by the erased id").isNull();
        assertThat(b.caches.checkNotices()).as("nothing new since").isFalse();
    }

    @Test
    void aNewInstanceForgetsAtItsFirstCheckAndAnInstanceNeedNotFollowItsOwnNotice() throws IOException {
        Instance a = new Instance();
        a.caches.checkNotices();
        a.caches.deleted(List.of("700002"), List.of(), List.of());
        assertThat(a.caches.checkNotices()).as("its own notice: it forgot at once already").isFalse();

        // what an instance cached before its first check may predate a notice it never saw
        Instance late = new Instance();
        String id = "<kept-" + run + "@client.example>";
        late.ids.register(id, "700003", TicketMessage.INBOUND);
        assertThat(late.caches.checkNotices()).isTrue();
        long before = gets();
        assertThat(late.ids.find(id).ticket()).isEqualTo("700003");
        assertThat(gets()).as("read from the store again").isEqualTo(before + 1);
    }

    private static long gets() throws IOException {
        var response = STORES.restClient.performRequest(new Request("GET", "/" + STORES.indices.messageIds()
                + "/_stats/get"));
        return new ObjectMapper().readTree(response.getEntity().getContent()).path("_all").path("total").path("get")
                .path("total").asLong();
    }
}
