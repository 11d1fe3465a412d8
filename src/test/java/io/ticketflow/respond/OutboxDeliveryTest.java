package io.ticketflow.respond;

import static org.assertj.core.api.Assertions.assertThat;

import io.ticketflow.parse.MessageParser;
import io.ticketflow.store.OutboxEntry;
import io.ticketflow.store.Versioned;
import io.ticketflow.testing.Await;
import io.ticketflow.testing.ElasticsearchNode;
import io.ticketflow.ticket.Ticket;
import io.ticketflow.vocabulary.ParsedMessage;
import io.ticketflow.vocabulary.RawMessage;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The outbox against a real Elasticsearch node and GreenMail: SMTP down then up, a crash between recording and sending,
 * a crash while sending, two instances sweeping at once, and the headers every mail carries.
 */
@ExtendWith(ElasticsearchNode.class)
class OutboxDeliveryTest {

    private static RespondFixture f;

    @BeforeAll
    static void setUp() throws Exception {
        f = new RespondFixture(Instant.parse("2026-03-02T09:00:00Z"), LoopProtectionProperties.defaults());
    }

    @BeforeEach
    void smtpUp() throws Exception {
        f.smtp.up();
    }

    @AfterAll
    static void tearDown() throws Exception {
        f.close();
    }

    @Test
    void smtpDownThenUpDeliversEveryAcknowledgementExactlyOnce() throws Exception {
        f.smtp.down();
        List<String> customers = new ArrayList<>();
        List<Ticket> tickets = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String customer = RespondFixture.unique("down" + i);
            customers.add(customer);
            Ticket t = f.newTicket(customer, "SMTP is down " + i, null, null);
            tickets.add(t);
            assertThat(f.acknowledgements.acknowledge(t, inbound(customer, "SMTP is down " + i))).isNull();
        }
        f.awaitSent();
        for (Ticket t : tickets) {
            OutboxEntry e = f.outboxStore.find(Outbox.id(t.number(), MailPurpose.ACKNOWLEDGEMENT)).value();
            assertThat(e.state()).isEqualTo(OutboxEntry.PENDING);
            assertThat(e.attempts()).isEqualTo(1);
            assertThat(e.lastError()).isNotBlank();
            assertThat(e.nextAttemptAt()).isEqualTo(f.clock.instant().plus(OutboxSender.backoff(1)));
        }
        f.stores.refresh();
        assertThat(f.outboxSender.dispatchDue()).as("not due before the backoff").isZero();
        f.clock.advance(Duration.ofSeconds(6));
        f.stores.refresh();
        assertThat(f.outboxSender.dispatchDue()).as("still down").isZero();
        assertThat(f.outboxStore.find(Outbox.id(tickets.get(0).number(), MailPurpose.ACKNOWLEDGEMENT)).value().attempts())
                .isEqualTo(2);

        f.smtp.up();
        f.clock.advance(Duration.ofMinutes(1));
        f.stores.refresh();
        assertThat(f.outboxSender.dispatchDue()).isEqualTo(3);
        f.clock.advance(Duration.ofHours(1));
        f.stores.refresh();
        assertThat(f.outboxSender.dispatchDue()).as("nothing left to send").isZero();
        // the pipeline acknowledging the same ticket again (a retried message) queues nothing new
        assertThat(f.acknowledgements.acknowledge(tickets.get(0), inbound(customers.get(0), "SMTP is down 0"))).isNull();
        f.awaitSent();

        for (int i = 0; i < 3; i++) {
            assertThat(RespondFixture.mailsTo(customers.get(i))).as("mails to " + customers.get(i)).hasSize(1);
            OutboxEntry e = f.outboxStore.find(Outbox.id(tickets.get(i).number(), MailPurpose.ACKNOWLEDGEMENT)).value();
            assertThat(e.state()).isEqualTo(OutboxEntry.SENT);
            assertThat(e.sentAt()).isNotNull();
        }
    }

    @Test
    void entryRecordedBeforeACrashIsSentOnceAfterRestartEvenBySweepingInstancesRacing() throws Exception {
        String customer = RespondFixture.unique("restart");
        Ticket t = f.newTicket(customer, "Crash right after the outbox write", null, null);
        OutgoingMail mail = f.composer.compose(t, customer, new TemplateRenderer.Rendered("Re: crash", "text", null),
                "c1@client.example", List.of(), OutgoingMail.AUTO_REPLIED);
        // the process records the mail and dies before sending it
        assertThat(f.outbox.record(t.number(), MailPurpose.ACKNOWLEDGEMENT, mail)).isTrue();
        assertThat(RespondFixture.mailsTo(customer)).isEmpty();

        // two restarted instances sweep at the same moment, once the hand-off grace of the lost entry is over
        f.stores.refresh();
        OutboxSender a = f.anotherSender();
        OutboxSender b = f.anotherSender();
        assertThat(a.dispatchDue()).as("within the hand-off grace the entry is the dispatcher's").isZero();
        f.clock.advance(OutboxProperties.defaults().handoffGrace());
        f.stores.refresh();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Integer>> sweeps = pool.invokeAll(List.<Callable<Integer>>of(a::dispatchDue, b::dispatchDue));
            assertThat(sweeps.get(0).get() + sweeps.get(1).get()).isEqualTo(1);
        }
        finally {
            pool.shutdown();
        }
        f.clock.advance(Duration.ofHours(1));
        f.stores.refresh();
        assertThat(a.dispatchDue() + b.dispatchDue()).isZero();
        assertThat(RespondFixture.mailsTo(customer)).hasSize(1);
        assertThat(RespondFixture.mailsTo(customer).get(0).getMessageID()).isEqualTo("<" + mail.messageId() + ">");
    }

    @Test
    void entryOfASenderThatDiedMidSendWaitsForItsClaimThenIsSentWithTheSameMessageId() throws Exception {
        Recorded recorded = recordedOnly("midsend", "Crash while sending");
        String customer = recorded.customer();
        OutgoingMail mail = recorded.mail();
        String id = recorded.id();
        Versioned<OutboxEntry> entry = f.outboxStore.find(id);
        // a sender claimed it and died before SMTP answered
        f.outboxStore.update(entry, entry.value().claimedUntil(f.clock.instant().plus(OutboxSender.CLAIM)));

        f.stores.refresh();
        assertThat(f.anotherSender().dispatchDue()).as("claim still held").isZero();
        assertThat(RespondFixture.mailsTo(customer)).isEmpty();
        f.clock.advance(OutboxSender.CLAIM.plusSeconds(1));
        f.stores.refresh();
        assertThat(f.anotherSender().dispatchDue()).isEqualTo(1);
        assertThat(RespondFixture.mailsTo(customer)).hasSize(1);
        assertThat(RespondFixture.mailsTo(customer).get(0).getMessageID()).isEqualTo("<" + mail.messageId() + ">");
    }

    @Test
    void anEntryWrittenClaimedCostsTwoWritesAndALateSenderNeverSendsItAfterATakeover() throws Exception {
        // the common case: written claimed, sent by the dispatcher without a claim write, marked sent
        String customer = RespondFixture.unique("twowrites");
        Ticket t = f.newTicket(customer, "Two writes", null, null);
        long before = outboxWrites();
        assertThat(f.acknowledgements.acknowledge(t, inbound(customer, "Two writes"))).isNull();
        f.awaitSent();
        assertThat(outboxWrites() - before).as("outbox writes of one acknowledgement").isEqualTo(2);
        OutboxEntry sent = f.outboxStore.find(Outbox.id(t.number(), MailPurpose.ACKNOWLEDGEMENT)).value();
        assertThat(sent.state()).isEqualTo(OutboxEntry.SENT);
        assertThat(sent.attempts()).isEqualTo(1);
        assertThat(RespondFixture.mailsTo(customer)).hasSize(1);

        // entries that waited in their instance's queue (here: a dispatcher that takes nothing, the sender called late)
        OutboxDispatcher stopped = new OutboxDispatcher(f.anotherSender(), OutboxProperties.defaults());
        Outbox outbox = new Outbox(f.outboxStore, f.messageIds, stopped, OutboxProperties.defaults(), f.clock);
        Versioned<OutboxEntry> renewed = enqueued(outbox, "renewed");
        Versioned<OutboxEntry> takenOver = enqueued(outbox, "takenover");
        assertThat(takenOver.value().state()).isEqualTo(OutboxEntry.SENDING);
        // longer than the hand-off grace in the queue, so less than a whole claim left: the late sender claims it anew
        // (compare-and-set on the version as created) and sends it
        Duration grace = OutboxProperties.defaults().handoffGrace();
        Duration claim = OutboxProperties.defaults().claim();
        f.clock.advance(grace.plusSeconds(30));
        assertThat(f.anotherSender().sendHeld(List.of(renewed))).isEqualTo(1);
        // past its claim (grace + claim): another instance's retry timer takes it over and sends it; the late sender
        // then sends nothing
        f.clock.advance(claim.minusSeconds(29));
        f.stores.refresh();
        assertThat(f.anotherSender().dispatchDue()).isEqualTo(1);
        assertThat(f.anotherSender().sendHeld(List.of(takenOver))).isZero();
        f.clock.advance(Duration.ofHours(1));
        f.stores.refresh();
        assertThat(f.anotherSender().dispatchDue()).isZero();
        assertThat(RespondFixture.mailsTo(takenOver.value().to())).hasSize(1);
        assertThat(RespondFixture.mailsTo(renewed.value().to())).hasSize(1);
    }

    @Test
    void eachMailOfABatchIsMarkedSentBeforeTheNextOneIsSent() throws Exception {
        // three entries written claimed, handed to one sender together (one SMTP connection)
        OutboxDispatcher stopped = new OutboxDispatcher(f.anotherSender(), OutboxProperties.defaults());
        Outbox outbox = new Outbox(f.outboxStore, f.messageIds, stopped, OutboxProperties.defaults(), f.clock);
        List<Versioned<OutboxEntry>> batch = List.of(enqueued(outbox, "first"), enqueued(outbox, "second"),
                enqueued(outbox, "third"));
        List<String> previousState = java.util.Collections.synchronizedList(new ArrayList<>());
        // when the client starts the next mail, what does the store say about the one the server just took?
        f.smtp.beforeMail(n -> {
            if (n > 1) {
                previousState.add(f.outboxStore.find(batch.get(n - 2).value().id()).value().state());
            }
        });
        try {
            assertThat(f.anotherSender().sendHeld(batch)).isEqualTo(3);
        }
        finally {
            f.smtp.beforeMail(null);
        }

        // a crash at any moment could repeat only the mail in flight, never an earlier one of the connection
        assertThat(previousState).containsExactly(OutboxEntry.SENT, OutboxEntry.SENT);
        for (Versioned<OutboxEntry> entry : batch) {
            assertThat(f.outboxStore.find(entry.value().id()).value().state()).isEqualTo(OutboxEntry.SENT);
            assertThat(RespondFixture.mailsTo(entry.value().to())).hasSize(1);
        }
    }

    private static Versioned<OutboxEntry> enqueued(Outbox outbox, String name) {
        String customer = RespondFixture.unique(name);
        Ticket t = f.newTicket(customer, "Queued " + name, null, null);
        OutgoingMail mail = f.composer.compose(t, customer, new TemplateRenderer.Rendered("Re: " + name, "text", null),
                name + "@client.example", List.of(), OutgoingMail.AUTO_REPLIED);
        assertThat(outbox.enqueue(t.number(), MailPurpose.ACKNOWLEDGEMENT, mail)).isTrue();
        return f.outboxStore.find(Outbox.id(t.number(), MailPurpose.ACKNOWLEDGEMENT));
    }

    private static long outboxWrites() throws Exception {
        var response = f.stores.restClient.performRequest(
                new org.elasticsearch.client.Request("GET", "/" + f.stores.indices.outbox() + "/_stats/indexing"));
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.getEntity().getContent())
                .path("_all").path("total").path("indexing").path("index_total").asLong();
    }

    @Test
    void everyMailCarriesThreadingLoopAndBounceHeadersAndBothParts() throws Exception {
        String customer = RespondFixture.unique("headers");
        Ticket t = f.newTicket(customer, "Header check", null, null);
        ParsedMessage in = inbound(customer, "Header check\r\nBcc: evil@example.com");
        f.acknowledgements.acknowledge(t, in);
        f.awaitSent();

        MimeMessage ack = RespondFixture.mailsTo(customer).get(0);
        assertThat(ack.getMessageID()).matches("<tf\\." + t.number() + "\\.[0-9a-f]{16}\\.[0-9a-f]{20}@ticketflow\\.local>");
        assertThat(ack.getHeader("In-Reply-To", null)).isEqualTo("<" + in.messageId() + ">");
        assertThat(ack.getHeader("References", null)).contains("<" + in.messageId() + ">");
        assertThat(ack.getSubject()).startsWith("[TF#" + t.number() + "] Re: Header check");
        assertThat(ack.getHeader("Bcc")).isNull();
        assertThat(ack.getHeader("Auto-Submitted", null)).isEqualTo("auto-replied");
        assertThat(ack.getHeader("X-Auto-Response-Suppress", null)).isEqualTo("All");
        assertThat(ack.getHeader("X-Ticketflow-Loop", null)).isEqualTo("ticketflow");
        String returnPath = ack.getHeader("Return-Path", null);
        assertThat(returnPath).contains("bounces+" + t.number() + "-acknowledgement-");
        assertThat(f.bounces.verify(returnPath, customer).map(BounceAddress.Signed::ticket)).contains(t.number());
        assertThat(f.bounces.verify(returnPath, "someone-else@example.org")).isEmpty();
        assertThat(f.bounces.verify(returnPath.replaceAll("-[0-9a-f]{16}@", "-0000000000000000@"), customer)).isEmpty();
        assertThat(ack.isMimeType("multipart/alternative")).isTrue();
        Multipart parts = (Multipart) ack.getContent();
        assertThat(parts.getBodyPart(0).isMimeType("text/plain")).isTrue();
        assertThat(parts.getBodyPart(1).isMimeType("text/html")).isTrue();
        assertThat((String) parts.getBodyPart(1).getContent()).contains("[TF#" + t.number() + "]");
    }

    @Test
    void acknowledgingReturnsWithoutWaitingForSmtpAndTheMailIsSentOnceRightAfter() throws Exception {
        String customer = RespondFixture.unique("async");
        Ticket t = f.newTicket(customer, "Do not wait for SMTP", null, null);
        f.smtp.hold();
        try {
            // the SMTP server says nothing until released: an inline send would block acknowledge() for 15 s
            assertThat(f.acknowledgements.acknowledge(t, inbound(customer, "Do not wait for SMTP"))).isNull();
            Await.until("the sender in its SMTP conversation", Duration.ofSeconds(10), () -> f.smtp.held() > 0 ? 1 : null);
            assertThat(RespondFixture.mailsTo(customer)).isEmpty();
            assertThat(f.outboxStore.find(Outbox.id(t.number(), MailPurpose.ACKNOWLEDGEMENT)).value().state())
                    .as("claimed by the sender").isEqualTo(OutboxEntry.SENDING);
        }
        finally {
            f.smtp.release();
        }
        f.awaitSent();
        assertThat(RespondFixture.mailsTo(customer)).hasSize(1);
        OutboxEntry sent = f.outboxStore.find(Outbox.id(t.number(), MailPurpose.ACKNOWLEDGEMENT)).value();
        assertThat(sent.state()).isEqualTo(OutboxEntry.SENT);
        assertThat(sent.attempts()).isEqualTo(1);

        // neither the retry timer (after the grace) nor a retried pipeline sends it again
        f.clock.advance(OutboxProperties.defaults().handoffGrace().plusMinutes(1));
        f.stores.refresh();
        assertThat(f.outboxSender.dispatchDue()).isZero();
        assertThat(f.acknowledgements.acknowledge(t, inbound(customer, "Do not wait for SMTP"))).isNull();
        f.awaitSent();
        assertThat(RespondFixture.mailsTo(customer)).hasSize(1);
        // and the retry took no second loop-guard slot: the customer's next ticket is still acknowledged (2 per hour)
        Ticket next = f.newTicket(customer, "Another question", null, null);
        assertThat(f.acknowledgements.acknowledge(next, inbound(customer, "Another question"))).isNull();
        f.awaitSent();
        assertThat(RespondFixture.mailsTo(customer)).hasSize(2);
    }

    @Test
    void entryThatDidNotFitTheHandOffQueueIsSentByTheRetryTimerOnce() throws Exception {
        // one sender, room for one waiting entry: the third acknowledgement of a burst finds the queue full
        OutboxDispatcher small = f.dispatcher(new OutboxProperties(1, 1, null, null));
        Outbox outbox = new Outbox(f.outboxStore, f.messageIds, small, OutboxProperties.defaults(), f.clock);
        Acknowledgements acknowledgements = new Acknowledgements(f.templates, outbox, f.composer, f.models, f.loopGuard,
                f.identity, null);
        List<String> customers = new ArrayList<>();
        List<Ticket> tickets = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            customers.add(RespondFixture.unique("burst" + i));
            tickets.add(f.newTicket(customers.get(i), "Burst " + i, null, null));
        }
        f.smtp.hold();
        try {
            assertThat(acknowledgements.acknowledge(tickets.get(0), inbound(customers.get(0), "Burst 0"))).isNull();
            Await.until("the sender busy with the first mail", Duration.ofSeconds(10), () -> f.smtp.held() > 0 ? 1 : null);
            assertThat(acknowledgements.acknowledge(tickets.get(1), inbound(customers.get(1), "Burst 1"))).isNull();
            assertThat(acknowledgements.acknowledge(tickets.get(2), inbound(customers.get(2), "Burst 2")))
                    .as("a full queue never fails the mail").isNull();
            assertThat(small.counts().leftToTimer()).isEqualTo(1);
        }
        finally {
            f.smtp.release();
        }
        f.awaitSent();
        assertThat(RespondFixture.mailsTo(customers.get(0))).hasSize(1);
        assertThat(RespondFixture.mailsTo(customers.get(1))).hasSize(1);
        assertThat(RespondFixture.mailsTo(customers.get(2))).isEmpty();
        // written claimed by this instance for the hand-off grace plus a whole claim (no claim write when its sender
        // takes it): the retry timer waits for that claim to expire, as for a sender that died mid-send
        OutboxEntry left = f.outboxStore.find(Outbox.id(tickets.get(2).number(), MailPurpose.ACKNOWLEDGEMENT)).value();
        assertThat(left.state()).isEqualTo(OutboxEntry.SENDING);
        assertThat(left.attempts()).isZero();

        f.clock.advance(OutboxProperties.defaults().handoffGrace());
        f.stores.refresh();
        assertThat(f.anotherSender().dispatchDue()).as("claimed for longer than the hand-off grace").isZero();
        f.clock.advance(OutboxProperties.defaults().claim());
        f.stores.refresh();
        assertThat(f.anotherSender().dispatchDue()).isEqualTo(1);
        f.clock.advance(Duration.ofHours(1));
        f.stores.refresh();
        assertThat(f.anotherSender().dispatchDue()).isZero();
        for (String customer : customers) {
            assertThat(RespondFixture.mailsTo(customer)).as("mails to " + customer).hasSize(1);
        }
    }

    @Test
    void retryTimerSkipsAnEntryThatLooksPendingInAStaleSearchViewWithoutSendingItAgain() throws Exception {
        Recorded recorded = recordedOnly("stale", "Stale view");
        f.stores.refresh();
        refreshInterval("-1");
        try {
            // sent by one sender; the search view still shows it pending (no refresh since)
            assertThat(f.anotherSender().send(f.outboxStore.find(recorded.id()))).isTrue();
            f.clock.advance(OutboxProperties.defaults().handoffGrace());
            assertThat(f.outboxStore.due(f.clock.instant(), 100)).extracting(v -> v.value().id())
                    .as("the stale hit").contains(recorded.id());
            assertThat(f.anotherSender().dispatchDue()).isZero();
        }
        finally {
            refreshInterval("5s");
        }
        assertThat(RespondFixture.mailsTo(recorded.customer())).hasSize(1);
    }

    /** A customer's ticket whose acknowledgement was recorded and never handed to a sender (the process died). */
    private record Recorded(String customer, Ticket ticket, OutgoingMail mail) {
        String id() {
            return Outbox.id(ticket.number(), MailPurpose.ACKNOWLEDGEMENT);
        }
    }

    private static Recorded recordedOnly(String name, String subject) {
        String customer = RespondFixture.unique(name);
        Ticket t = f.newTicket(customer, subject, null, null);
        OutgoingMail mail = f.composer.compose(t, customer, new TemplateRenderer.Rendered("Re: " + subject, "text", null),
                null, List.of(), OutgoingMail.AUTO_REPLIED);
        assertThat(f.outbox.record(t.number(), MailPurpose.ACKNOWLEDGEMENT, mail)).isTrue();
        return new Recorded(customer, t, mail);
    }

    private static void refreshInterval(String interval) throws Exception {
        f.stores.client.indices().putSettings(p -> p.index(f.stores.indices.outbox())
                .settings(s -> s.refreshInterval(t -> t.time(interval))));
    }

    private static ParsedMessage inbound(String from, String subject) {
        String mail = "From: Customer <" + from + ">\r\nTo: support@ticketflow.local\r\nSubject: " + subject
                + "\r\nMessage-ID: <" + UUID.randomUUID() + "@client.example>\r\n\r\nHelp.\r\n";
        return new MessageParser().parse(RawMessage.of(mail.getBytes(StandardCharsets.UTF_8), "test", "test"));
    }
}
