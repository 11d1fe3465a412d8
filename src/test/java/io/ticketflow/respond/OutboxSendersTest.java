package io.ticketflow.respond;

import static org.assertj.core.api.Assertions.assertThat;

import io.ticketflow.store.OutboxEntry;
import io.ticketflow.testing.ElasticsearchNode;
import io.ticketflow.ticket.Ticket;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Several sender threads: one recipient's mails leave in the order they were recorded, each mail once, and the
 * {@code sent} marks of senders that have nothing more to send go to the store together.
 */
@ExtendWith(ElasticsearchNode.class)
class OutboxSendersTest {

    private static RespondFixture f;

    @BeforeAll
    static void setUp() throws Exception {
        f = new RespondFixture(Instant.parse("2026-03-02T09:00:00Z"), LoopProtectionProperties.defaults());
    }

    @AfterAll
    static void tearDown() throws Exception {
        f.close();
    }

    @Test
    void aRecipientsMailsLeaveInTheOrderTheyWereRecordedWhileItsFirstMailIsSlow() throws Exception {
        OutboxDispatcher senders = f.dispatcher(new OutboxProperties(1000, 4, null, null));
        Outbox outbox = new Outbox(f.outboxStore, f.messageIds, senders, OutboxProperties.defaults(), f.clock);
        String customer = RespondFixture.unique("ordered");
        // the first mail's conversation is slow: an idle sender must not send the later ones before it
        AtomicBoolean first = new AtomicBoolean(true);
        f.smtp.beforeMail(n -> {
            if (first.getAndSet(false)) {
                pause(Duration.ofMillis(800));
            }
        });
        try {
            for (String name : List.of("one", "two", "three")) {
                enqueue(outbox, customer, name);
            }
            assertThat(senders.awaitIdle(Duration.ofSeconds(30))).isTrue();
        }
        finally {
            f.smtp.beforeMail(null);
        }

        List<String> subjects = new ArrayList<>();
        for (MimeMessage m : RespondFixture.mailsTo(customer)) {
            subjects.add(m.getSubject().replaceAll(".*Re: ", ""));
        }
        assertThat(subjects).containsExactly("one", "two", "three");
    }

    @Test
    void theMarksOfSendersWithNothingMoreToSendGoInOneBulkAndEachMailIsSentOnce() throws Exception {
        // four senders, a wait far longer than the test: the marks go once every sender holds one
        OutboxProperties properties = new OutboxProperties(1000, 4, null, null, null, Duration.ofSeconds(60));
        OutboxDispatcher senders = f.dispatcher(properties);
        Outbox outbox = new Outbox(f.outboxStore, f.messageIds, senders, properties, f.clock);
        List<String> customers = onePerSender(4);
        List<String> ids = new ArrayList<>();
        long bulksBefore;
        f.smtp.hold();
        try {
            for (String customer : customers) {
                ids.add(enqueue(outbox, customer, "marked"));
            }
            // the entries are written; what follows in the outbox index are the senders' marks
            bulksBefore = outboxShardBulks();
        }
        finally {
            f.smtp.release();
        }
        assertThat(senders.awaitIdle(Duration.ofSeconds(30))).isTrue();

        assertThat(outboxShardBulks() - bulksBefore).isEqualTo(1);
        for (int i = 0; i < ids.size(); i++) {
            assertThat(f.outboxStore.find(ids.get(i)).value().state()).isEqualTo(OutboxEntry.SENT);
            assertThat(RespondFixture.mailsTo(customers.get(i))).hasSize(1);
        }
    }

    @Test
    void manyMailsToFewRecipientsOverFourSendersAreEachSentOnceAndInOrder() throws Exception {
        OutboxProperties properties = new OutboxProperties(1000, 4, null, null, null, Duration.ofMillis(50));
        OutboxDispatcher senders = f.dispatcher(properties);
        Outbox outbox = new Outbox(f.outboxStore, f.messageIds, senders, properties, f.clock);
        List<String> customers = List.of(RespondFixture.unique("many-a"), RespondFixture.unique("many-b"),
                RespondFixture.unique("many-c"));
        List<String> ids = new ArrayList<>();
        for (int round = 0; round < 5; round++) {
            for (String customer : customers) {
                ids.add(enqueue(outbox, customer, "r" + round));
            }
        }
        assertThat(senders.awaitIdle(Duration.ofSeconds(60))).isTrue();

        for (String id : ids) {
            assertThat(f.outboxStore.find(id).value().state()).isEqualTo(OutboxEntry.SENT);
        }
        for (String customer : customers) {
            List<String> subjects = new ArrayList<>();
            for (MimeMessage m : RespondFixture.mailsTo(customer)) {
                subjects.add(m.getSubject().replaceAll(".*Re: ", ""));
            }
            assertThat(subjects).containsExactly("r0", "r1", "r2", "r3", "r4");
        }
    }

    /** Records and hands over an acknowledgement to the customer on a new ticket; its outbox id. */
    private static String enqueue(Outbox outbox, String customer, String name) {
        Ticket t = f.newTicket(customer, "Queued " + name, null, null);
        OutgoingMail mail = f.composer.compose(t, customer, new TemplateRenderer.Rendered("Re: " + name, "text", null),
                name + "-" + t.number() + "@client.example", List.of(), OutgoingMail.AUTO_REPLIED);
        assertThat(outbox.enqueue(t.number(), MailPurpose.ACKNOWLEDGEMENT, mail)).isTrue();
        return Outbox.id(t.number(), MailPurpose.ACKNOWLEDGEMENT);
    }

    /** Recipients that fall to different senders (a recipient's sender is fixed by its address). */
    private static List<String> onePerSender(int senders) {
        String[] byQueue = new String[senders];
        int found = 0;
        while (found < senders) {
            String customer = RespondFixture.unique("marks");
            int queue = Math.floorMod(customer.toLowerCase(Locale.ROOT).hashCode(), senders);
            if (byQueue[queue] == null) {
                byQueue[queue] = customer;
                found++;
            }
        }
        return List.of(byQueue);
    }

    /** Shard-level bulks the outbox index has taken (one node, one shard). */
    private static long outboxShardBulks() throws Exception {
        var response = f.stores.restClient.performRequest(
                new org.elasticsearch.client.Request("GET", "/" + f.stores.indices.outbox() + "/_stats/bulk"));
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.getEntity().getContent())
                .path("_all").path("primaries").path("bulk").path("total_operations").asLong();
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
