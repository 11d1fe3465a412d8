package io.ticketflow.thread;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ticketflow.parse.MessageParser;
import io.ticketflow.store.AddressStore;
import io.ticketflow.store.AutoReplyLedger;
import io.ticketflow.store.ConversationIndex;
import io.ticketflow.store.LookupCacheProperties;
import io.ticketflow.store.MessageIdIndex;
import io.ticketflow.store.TestStores;
import io.ticketflow.store.TicketStore;
import io.ticketflow.ticket.Ticket;
import io.ticketflow.ticket.TicketMessage;
import io.ticketflow.ticket.TicketStatus;
import io.ticketflow.vocabulary.ParsedMessage;
import io.ticketflow.vocabulary.RawMessage;
import io.ticketflow.vocabulary.ThreadingDecision;
import io.ticketflow.vocabulary.TicketflowIdentity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.elasticsearch.client.Request;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The in-process lookup caches (docs/threading.md, "Lookups without realtime GETs"), each instance with its own
 * caches on one Elasticsearch: what an instance wrote or read is found again without a GET (counted by Elasticsearch
 * itself), what it does not know is asked of the store, the caches are bounded, and a ticket is always read as stored
 * where threading decides on it, so a merge or a new participant made by another instance counts at once.
 */
class CachedLookupsTest {

    private static final TicketflowIdentity IDENTITY = new TicketflowIdentity(List.of("support@ticketflow.local"),
            "support@ticketflow.local", "Support", "ticketflow.local", "TF", "ticketflow", "");
    private static final TestStores STORES = new TestStores("lookups-" + UUID.randomUUID().toString().substring(0, 8));
    private static final AtomicInteger NUMBERS = new AtomicInteger(500_000);

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String alice = "alice-" + run + "@acme.example";
    private final Instance a = new Instance(LookupCacheProperties.defaults());
    private final Instance b = new Instance(LookupCacheProperties.defaults());

    /** One Ticketflow instance's stores (with their caches) and threader. */
    private static final class Instance {
        final MessageIdIndex ids;
        final TicketStore tickets;
        final ConversationIndex conversations;
        final Threader threader;
        final ConversationThreader chats;

        Instance(LookupCacheProperties lookups) {
            ids = new MessageIdIndex(STORES.client, STORES.indices, lookups);
            tickets = new TicketStore(STORES.client, STORES.indices, lookups);
            conversations = new ConversationIndex(STORES.client, STORES.indices, lookups);
            ThreadTokens tokens = new ThreadTokens(IDENTITY, () -> "s3cret");
            threader = new Threader(ids, tickets, new SubjectTag(IDENTITY), tokens,
                    new SenderCheck(ThreadingProperties.defaults(), IDENTITY), ThreadingProperties.defaults(), IDENTITY);
            chats = new ConversationThreader(conversations, tickets, ThreadingProperties.defaults());
        }
    }

    @AfterAll
    static void close() throws IOException {
        STORES.close();
    }

    @Test
    void aKnownMessageIdIsFoundWithoutAGetAndAnUnknownOneInTheStore() throws IOException {
        a.ids.register("<first-" + run + "@acme.example>", "100001", TicketMessage.INBOUND);
        long before = gets(STORES.indices.messageIds());
        assertThat(a.ids.find("<first-" + run + "@acme.example>").ticket()).isEqualTo("100001");
        assertThat(gets(STORES.indices.messageIds())).as("hit: no GET").isEqualTo(before);

        // the second instance never saw it: its miss asks the store and finds the first instance's write
        assertThat(b.ids.find("first-" + run + "@ACME.example").ticket()).isEqualTo("100001");
        assertThat(gets(STORES.indices.messageIds())).isEqualTo(before + 1);
        assertThat(b.ids.find("<first-" + run + "@acme.example>").ticket()).isEqualTo("100001");
        assertThat(gets(STORES.indices.messageIds())).as("now known to it as well").isEqualTo(before + 1);

        // an unknown id is asked every time: "not known" is never an answer from memory
        assertThat(a.ids.find("<nothing-" + run + "@acme.example>")).isNull();
        assertThat(a.ids.find("<nothing-" + run + "@acme.example>")).isNull();
        assertThat(gets(STORES.indices.messageIds())).isEqualTo(before + 3);
    }

    @Test
    void theCacheIsBoundedAndAnEvictedIdComesFromTheStore() throws IOException {
        MessageIdIndex small = new MessageIdIndex(STORES.client, STORES.indices,
                new LookupCacheProperties(2, null, null, null, null, null, null, null));
        for (int i = 1; i <= 3; i++) {
            small.register("<bounded-" + i + "-" + run + "@acme.example>", "10000" + i, TicketMessage.INBOUND);
        }
        long before = gets(STORES.indices.messageIds());
        assertThat(small.find("<bounded-3-" + run + "@acme.example>").ticket()).isEqualTo("100003");
        assertThat(small.find("<bounded-2-" + run + "@acme.example>").ticket()).isEqualTo("100002");
        assertThat(gets(STORES.indices.messageIds())).as("the two newest are held").isEqualTo(before);
        assertThat(small.find("<bounded-1-" + run + "@acme.example>").ticket()).isEqualTo("100001");
        assertThat(gets(STORES.indices.messageIds())).as("the oldest was evicted: read again").isEqualTo(before + 1);
    }

    @Test
    void anIdOnlyReferencedIsNotTakenFromMemoryOnceItsMessageArrivesElsewhere() {
        String parent = "<late-parent-" + run + "@acme.example>";
        a.ids.registerReferenced(parent, "100010");
        assertThat(a.ids.find(parent).direction()).isEqualTo(MessageIdIndex.REFERENCED);
        // the parent itself arrives on the other instance and takes its id over
        b.ids.register(parent, "100011", TicketMessage.INBOUND);
        assertThat(a.ids.find(parent).ticket()).isEqualTo("100011");
    }

    @Test
    void aReplyFollowsAMergeMadeByAnotherInstance() {
        String source = open(a, alice, "raw-s-" + run);
        String target = open(a, alice, "raw-t-" + run);
        String parent = "<parent-" + run + "@acme.example>";
        a.ids.register(parent, source, TicketMessage.INBOUND);
        assertThat(a.threader.thread(reply(alice, parent)).ticketNumber()).isEqualTo(source);

        b.tickets.update(source, t -> t.mergedInto(target));

        ThreadingDecision decision = a.threader.thread(reply(alice, parent));
        assertThat(decision.ticketNumber()).isEqualTo(target);
        assertThat(decision.evidence()).contains("ticket " + source + " was merged into " + target);
    }

    @Test
    void theSenderCheckSeesAParticipantAddedByAnotherInstance() {
        String number = open(a, alice, "raw-p-" + run);
        String parent = "<pp-" + run + "@acme.example>";
        a.ids.register(parent, number, TicketMessage.INBOUND);
        String bob = "bob-" + run + "@partner.example";
        assertThat(a.threader.thread(reply(bob, parent)).isNewTicket()).as("a stranger").isTrue();

        b.tickets.update(number, t -> t.withMessage("raw-bob-" + run, List.of(alice, bob), Instant.now()));

        assertThat(a.threader.thread(reply(bob, parent)).ticketNumber()).isEqualTo(number);
    }

    @Test
    void anUpdateStartsFromTheRememberedVersionAndRereadsWhenAnotherInstanceChangedTheTicket() throws IOException {
        String number = open(a, alice, "raw-u-" + run);
        long before = gets(STORES.indices.tickets());
        a.tickets.update(number, t -> t.withRelated("900001"));
        assertThat(gets(STORES.indices.tickets())).as("its own version: no GET").isEqualTo(before);

        b.tickets.update(number, t -> t.withRelated("900002"));
        a.tickets.update(number, t -> t.withRelated("900003"));
        assertThat(b.tickets.find(number).value().links().related()).containsExactly("900001", "900002", "900003");

        // a change that writes nothing on the remembered version is checked against the stored ticket
        b.tickets.update(number, t -> t.withTags(List.of("vip")));
        Ticket seen = a.tickets.update(number, t -> t.withTags(List.of("vip")));
        assertThat(seen.tags()).containsExactly("vip");
        assertThat(a.tickets.find(number).value().links().related()).hasSize(3);
    }

    @Test
    void aChatPointerMovedByAnotherInstanceIsReadAgainBeforeANewTicket() {
        String conversation = "chat-" + run;
        String old = open(a, alice, "raw-c1-" + run);
        Instant longAgo = Instant.now().minus(Duration.ofDays(400));
        a.tickets.update(old, t -> t.withStatus(TicketStatus.CLOSED).withLifecycle(
                new Ticket.Lifecycle(null, null, longAgo, null, longAgo, 0)));
        a.conversations.point("telegram", conversation, old);
        assertThat(a.chats.thread("telegram", conversation).relatedTo()).as("closed long ago: a new linked one")
                .isEqualTo(old);

        String newer = open(b, alice, "raw-c2-" + run);
        b.conversations.point("telegram", conversation, newer);

        ThreadingDecision decision = a.chats.thread("telegram", conversation);
        assertThat(decision.ticketNumber()).isEqualTo(newer);
    }

    @Test
    void theAutoReplyLedgerDecidesOnTheStoredEntryWhenAnotherInstanceChangedIt() throws IOException {
        AutoReplyLedger first = new AutoReplyLedger(STORES.client, STORES.indices, LookupCacheProperties.defaults());
        AutoReplyLedger second = new AutoReplyLedger(STORES.client, STORES.indices, LookupCacheProperties.defaults());
        String to = "carol-" + run + "@acme.example";
        Instant now = Instant.now();
        Instant since = now.minus(Duration.ofHours(1));
        long before = gets(STORES.indices.counters());
        // at most one automatic mail to the address, over both instances
        assertThat(first.reserve(to, new AutoReplyLedger.Send(now, "a", false, "k1"), since,
                sends -> sends.isEmpty() ? null : "full").refusal()).isNull();
        assertThat(gets(STORES.indices.counters())).as("a recipient new to the instance: no GET").isEqualTo(before);
        assertThat(second.reserve(to, new AutoReplyLedger.Send(now, "b", false, "k2"), since,
                sends -> sends.isEmpty() ? null : "full").refusal()).isEqualTo("full");
        assertThat(first.reserve(to, new AutoReplyLedger.Send(now, "a", false, "k1"), since,
                sends -> sends.isEmpty() ? null : "full").repeated()).isTrue();
    }

    @Test
    void aBounceIsKnownAtOnceToItsInstanceAndAfterARestartToAnyOther() {
        AddressStore first = new AddressStore(STORES.client, STORES.indices, LookupCacheProperties.defaults());
        String dave = "dave-" + run + "@acme.example";
        assertThat(first.find(dave)).isNull();
        first.markUndeliverable(dave, "550 no such user", "5.1.1", null, "raw-bounce-" + run);
        assertThat(first.find(dave.toUpperCase()).isUndeliverable()).isTrue();
        AddressStore restarted = new AddressStore(STORES.client, STORES.indices, LookupCacheProperties.defaults());
        assertThat(restarted.find(dave).isUndeliverable()).isTrue();
    }

    private static String open(Instance instance, String customer, String rawId) {
        String number = Integer.toString(NUMBERS.incrementAndGet());
        instance.tickets.createIfAbsent(Ticket.open(number, "mail", customer, "Alice", "Printer", Instant.now())
                .withMessage(rawId, List.of(customer, "support@ticketflow.local"), Instant.now()));
        return number;
    }

    private ParsedMessage reply(String from, String inReplyTo) {
        String mail = "From: " + from + "\r\nTo: support@ticketflow.local\r\nSubject: Re: Printer\r\n"
                + "Message-ID: <" + UUID.randomUUID() + "@acme.example>\r\nIn-Reply-To: " + inReplyTo + "\r\n"
                + "Date: Sun, 6 Dec 2026 10:00:00 +0000\r\n\r\nStill broken.\r\n";
        return new MessageParser().parse(RawMessage.of(mail.getBytes(StandardCharsets.UTF_8), "test", "test"));
    }

    /** Realtime GETs Elasticsearch has served on the index (a multi-get counts each document). */
    @Test
    void ticketNumbersComeFromBlocksPerInstanceUniqueOverBothWithOneCounterWritePerBlock() throws Exception {
        long before = indexOps(STORES.indices.counters());
        java.util.Set<String> numbers = java.util.concurrent.ConcurrentHashMap.newKeySet();
        List<String> firsts = new java.util.ArrayList<>();
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<List<String>>> runs = new java.util.ArrayList<>();
            for (Instance instance : List.of(a, b, a, b)) {
                runs.add(pool.submit(() -> {
                    List<String> mine = new java.util.ArrayList<>();
                    for (int i = 0; i < 20; i++) {
                        mine.add(instance.tickets.allocateNumber());
                    }
                    return mine;
                }));
            }
            for (var run : runs) {
                List<String> mine = run.get();
                numbers.addAll(mine);
                firsts.add(mine.get(0));
            }
        }
        finally {
            pool.shutdown();
        }
        assertThat(numbers).as("80 numbers over two instances, none twice").hasSize(80);
        // 40 numbers per instance: two blocks of 32 each, one counter write per block
        assertThat(indexOps(STORES.indices.counters()) - before).isEqualTo(4);
        String next = a.tickets.allocateNumber();
        assertThat(numbers).doesNotContain(next);
    }

    private static long indexOps(String alias) throws IOException {
        var response = STORES.restClient.performRequest(new Request("GET", "/" + alias + "/_stats/indexing"));
        return new ObjectMapper().readTree(response.getEntity().getContent()).path("_all").path("total")
                .path("indexing").path("index_total").asLong();
    }

    private static long gets(String alias) throws IOException {
        var response = STORES.restClient.performRequest(new Request("GET", "/" + alias + "/_stats/get"));
        return new ObjectMapper().readTree(response.getEntity().getContent()).path("_all").path("total").path("get")
                .path("total").asLong();
    }
}
