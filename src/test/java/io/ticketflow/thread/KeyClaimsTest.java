package io.ticketflow.thread;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ticketflow.parse.MessageParser;
import io.ticketflow.store.LookupCacheProperties;
import io.ticketflow.store.MessageIdIndex;
import io.ticketflow.store.TestStores;
import io.ticketflow.store.TicketStore;
import io.ticketflow.ticket.Ticket;
import io.ticketflow.ticket.TicketMessage;
import io.ticketflow.vocabulary.ParsedMessage;
import io.ticketflow.vocabulary.RawMessage;
import io.ticketflow.vocabulary.ThreadingDecision;
import io.ticketflow.vocabulary.ThreadingDecision.Method;
import io.ticketflow.vocabulary.TicketflowIdentity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.elasticsearch.client.Request;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A new mail's own Message-ID and (sender, subject) pointer are claimed by create instead of read first
 * ({@link KeyClaims}); two instances with their own caches on one Elasticsearch. A claim that succeeds needs no GET
 * (counted by Elasticsearch itself) and is the key's write; a key that exists (a reply that came before its parent, a
 * ticket of the sender with that subject) is read and decides exactly as reading first did; a retry finds the number
 * its first attempt claimed.
 */
class KeyClaimsTest {

    private static final TicketflowIdentity IDENTITY = new TicketflowIdentity(List.of("support@ticketflow.local"),
            "support@ticketflow.local", "Support", "ticketflow.local", "TF", "ticketflow", "");
    private static final TestStores STORES = new TestStores("claims-" + UUID.randomUUID().toString().substring(0, 8));
    private static final AtomicInteger NUMBERS = new AtomicInteger(700_000);

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String alice = "alice-" + run + "@acme.example";
    private final Instance a = new Instance();
    private final Instance b = new Instance();

    private static final class Instance {
        final MessageIdIndex ids = new MessageIdIndex(STORES.client, STORES.indices, LookupCacheProperties.defaults());
        final TicketStore tickets = new TicketStore(STORES.client, STORES.indices, LookupCacheProperties.defaults());
        final Threader threader = new Threader(ids, tickets, new SubjectTag(IDENTITY),
                new ThreadTokens(IDENTITY, () -> "s3cret"), new SenderCheck(ThreadingProperties.defaults(), IDENTITY),
                ThreadingProperties.defaults(), IDENTITY);
    }

    @AfterAll
    static void close() throws IOException {
        STORES.close();
    }

    @Test
    void aNewMailClaimsItsKeysWithoutAGetAndItsTicketWritesThemNoMore() throws IOException {
        String id = "<new-" + run + "@acme.example>";
        ParsedMessage mail = mail(alice, "Printer " + run, id);
        long gets = gets();
        long ops = indexOps();

        Threader.Claimed claimed = a.threader.threadClaiming(mail);

        assertThat(claimed.decision().isNewTicket()).isTrue();
        assertThat(claimed.newTicketNumber()).isNotNull();
        assertThat(gets()).as("no GET on the message-ids").isEqualTo(gets);
        assertThat(indexOps() - ops).as("the own id and the subject pointer").isEqualTo(2);
        a.threader.remember(mail, claimed.newTicketNumber(), true);
        assertThat(indexOps() - ops).as("remembering writes nothing more").isEqualTo(2);
        // the other instance reads both keys from the store
        assertThat(b.ids.find(id).ticket()).isEqualTo(claimed.newTicketNumber());
        assertThat(b.ids.findSubject(alice, SubjectNormalizer.normalize("Printer " + run)).ticket())
                .isEqualTo(claimed.newTicketNumber());
    }

    @Test
    void aMailWhoseReplyCameFirstIsThreadedByReadingTheIdItCouldNotClaim() {
        String replyTicket = open(b, alice, "Printer " + run);
        String parent = "<parent-" + run + "@acme.example>";
        // the reply, on the other instance, referenced the parent before it arrived
        b.ids.registerReferenced(parent, replyTicket);
        ParsedMessage mail = mail(alice, "Printer " + run, parent);

        Threader.Claimed claimed = a.threader.threadClaiming(mail);

        assertThat(claimed.decision().ticketNumber()).isEqualTo(replyTicket);
        assertThat(claimed.decision().method()).isEqualTo(Method.REFERENCED_BY);
        assertThat(claimed.newTicketNumber()).isNull();
        a.threader.remember(mail, replyTicket, false);
        MessageIdIndex.Entry taken = b.ids.find(parent);
        assertThat(taken.direction()).as("the message took its id over").isEqualTo(TicketMessage.INBOUND);
        assertThat(taken.ticket()).isEqualTo(replyTicket);
    }

    @Test
    void theSendersTicketWithTheSameSubjectIsFoundThroughThePointerThatExists() {
        String subject = "Scanner " + run;
        String earlier = open(b, alice, subject);
        b.ids.pointSubject(alice, SubjectNormalizer.normalize(subject), earlier);
        String id = "<again-" + run + "@acme.example>";

        Threader.Claimed claimed = a.threader.threadClaiming(mail(alice, subject, id));

        assertThat(claimed.decision().ticketNumber()).isEqualTo(earlier);
        assertThat(claimed.decision().method()).isEqualTo(Method.SUBJECT);
        assertThat(claimed.newTicketNumber()).isNull();
        assertThat(b.ids.find(id).ticket()).as("the claimed own id follows the decision").isEqualTo(earlier);
        // reading first decides the same
        assertThat(b.threader.thread(mail(alice, subject, "<other-" + run + "@acme.example>")).ticketNumber())
                .isEqualTo(earlier);
    }

    @Test
    void aRetryOpensTheTicketUnderTheNumberItsFirstAttemptClaimed() {
        ParsedMessage mail = mail(alice, "Router " + run, "<crashed-" + run + "@acme.example>");
        String claimed = a.threader.threadClaiming(mail).newTicketNumber();
        // the attempt failed before the ticket was written; the retry (another instance) reads
        ThreadingDecision retry = b.threader.thread(mail);
        assertThat(retry.isNewTicket()).isTrue();
        assertThat(b.threader.claimedBefore(mail)).isEqualTo(claimed);

        b.tickets.createIfAbsent(Ticket.open(claimed, "mail", alice, "Alice", "Router", Instant.now()));
        assertThat(b.threader.claimedBefore(mail)).as("opened: nothing claimed is left").isNull();
    }

    private static String open(Instance instance, String customer, String subject) {
        String number = Integer.toString(NUMBERS.incrementAndGet());
        instance.tickets.createIfAbsent(Ticket.open(number, "mail", customer, "Alice", subject, Instant.now())
                .withMessage("raw-" + number, List.of(customer, "support@ticketflow.local"), Instant.now()));
        return number;
    }

    private static ParsedMessage mail(String from, String subject, String messageId) {
        String mail = "From: " + from + "\r\nTo: support@ticketflow.local\r\nSubject: " + subject + "\r\n"
                + "Message-ID: " + messageId + "\r\nDate: Mon, 7 Dec 2026 10:00:00 +0000\r\n\r\nIt is broken.\r\n";
        return new MessageParser().parse(RawMessage.of(mail.getBytes(StandardCharsets.UTF_8), "test", "test"));
    }

    private static long gets() throws IOException {
        return stat("get", "get", "total");
    }

    private static long indexOps() throws IOException {
        return stat("indexing", "indexing", "index_total");
    }

    private static long stat(String metric, String section, String field) throws IOException {
        var response = STORES.restClient.performRequest(new Request("GET", "/" + STORES.indices.messageIds() + "/_stats/"
                + metric));
        return new ObjectMapper().readTree(response.getEntity().getContent()).path("_all").path("total").path(section)
                .path(field).asLong();
    }
}
