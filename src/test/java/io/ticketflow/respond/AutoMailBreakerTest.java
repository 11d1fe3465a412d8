package io.ticketflow.respond;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.Refresh;
import io.ticketflow.parse.MessageParser;
import io.ticketflow.store.AutoReplyLedger;
import io.ticketflow.store.EventLog;
import io.ticketflow.store.EventsProperties;
import io.ticketflow.store.OutboxEntry;
import io.ticketflow.testing.ElasticsearchNode;
import io.ticketflow.ticket.Ticket;
import io.ticketflow.vocabulary.ParsedMessage;
import io.ticketflow.vocabulary.RawMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

/**
 * The breakers per destination domain and per source on real parts (Elasticsearch node, GreenMail): one outsider's
 * flood trips its own domain or mailbox and nothing else, the trip is recorded once over two instances, health shows
 * it, and it resets after the window.
 */
@ExtendWith(ElasticsearchNode.class)
class AutoMailBreakerTest {

    private static final LoopProtectionProperties.Limit TEN_MINUTES_5 = new LoopProtectionProperties.Limit(
            Duration.ofMinutes(10), 5);
    private static final LoopProtectionProperties.Limit TEN_MINUTES_100 = new LoopProtectionProperties.Limit(
            Duration.ofMinutes(10), 100);
    private static RespondFixture f;

    @BeforeAll
    static void setUp() throws Exception {
        f = new RespondFixture(Instant.parse("2026-03-02T09:00:00Z"),
                LoopProtectionProperties.defaults().withBreakers(TEN_MINUTES_5, TEN_MINUTES_100));
    }

    @AfterAll
    static void tearDown() throws Exception {
        f.close();
    }

    /** The list of trips is shared by everything on the store, as in production: each test starts without one. */
    @BeforeEach
    void noTripsYet() throws Exception {
        f.stores.client.delete(d -> d.index(f.stores.indices.counters()).id("auto-mail-trips").refresh(Refresh.True));
    }

    @Test
    void aFloodFromOneDomainTripsOnlyThatDomain() throws Exception {
        String flood = domain("flood");
        String calm = domain("calm");
        String source = "imap/support-" + id();
        Ticket[] tickets = new Ticket[8];
        for (int i = 0; i < 8; i++) {
            tickets[i] = f.newTicket("user" + i + "@" + flood, "Flood " + i, null, null);
            String refusal = acknowledge(f.acknowledgements, tickets[i], source);
            if (i < 5) {
                assertThat(refusal).as("mail %d to %s", i, flood).isNull();
            }
            else {
                assertThat(refusal).as("mail %d to %s", i, flood).startsWith("breaker tripped for domain " + flood);
            }
        }
        // a subdomain is the same domain: random subdomains do not get around it
        Ticket sub = f.newTicket("someone@mail." + flood, "From a subdomain", null, null);
        assertThat(acknowledge(f.acknowledgements, sub, source)).startsWith("breaker tripped for domain " + flood);
        // the same mailbox, another domain: acknowledged as always
        Ticket other = f.newTicket("customer@" + calm, "A normal question", null, null);
        assertThat(acknowledge(f.acknowledgements, other, source)).isNull();
        f.awaitSent();

        for (int i = 0; i < 8; i++) {
            assertThat(RespondFixture.mailsTo("user" + i + "@" + flood)).as("mails to user" + i).hasSize(i < 5 ? 1 : 0);
        }
        assertThat(RespondFixture.mailsTo("someone@mail." + flood)).isEmpty();
        assertThat(RespondFixture.mailsTo("customer@" + calm)).hasSize(1);
        // the refused acknowledgement is kept, refused with the reason: the ticket's outgoing mail shows it
        OutboxEntry refused = f.outboxStore.find(Outbox.id(tickets[5].number(), MailPurpose.ACKNOWLEDGEMENT)).value();
        assertThat(refused.state()).isEqualTo(OutboxEntry.REFUSED);
        assertThat(refused.lastError()).startsWith("breaker tripped for domain " + flood);
        f.stores.refresh();
        assertThat(f.outboxStore.forTicket(tickets[5].number())).extracting(OutboxEntry::state)
                .containsExactly(OutboxEntry.REFUSED);
        assertThat(f.outboxSender.dispatchDue()).as("a refused mail is never sent later").isZero();
        assertThat(RespondFixture.mailsTo("user5@" + flood)).isEmpty();
    }

    @Test
    void aFloodThroughOneSourceTripsOnlyThatSource() throws Exception {
        String webform = "api/webform-" + id();
        String mailbox = "imap/support-" + id();
        LoopGuard guard = new LoopGuard(new AutoReplyLedger(f.stores.client, f.stores.indices),
                LoopProtectionProperties.defaults().withBreakers(TEN_MINUTES_5, TEN_MINUTES_5), f.identity,
                f.subjectTag, f.clock, f.events);
        Acknowledgements acknowledgements = new Acknowledgements(f.templates, f.outbox, f.composer, f.models, guard,
                f.identity, null);
        // every mail from a domain of its own: no domain breaker trips, only the source's
        for (int i = 0; i < 7; i++) {
            Ticket t = f.newTicket("someone@" + domain("sender" + i), "Form " + i, null, null);
            String refusal = acknowledge(acknowledgements, t, webform);
            if (i < 5) {
                assertThat(refusal).as("mail %d through %s", i, webform).isNull();
            }
            else {
                assertThat(refusal).as("mail %d through %s", i, webform)
                        .startsWith("breaker tripped for source " + webform);
            }
        }
        String elsewhere = "someone@" + domain("elsewhere");
        Ticket viaMailbox = f.newTicket(elsewhere, "Through the mailbox", null, null);
        assertThat(acknowledge(acknowledgements, viaMailbox, mailbox)).as("another source").isNull();
        f.awaitSent();
        assertThat(RespondFixture.mailsTo(elsewhere)).hasSize(1);
        assertThat(health(guard).getDetails().get("breakerTripped").toString())
                .contains("source:" + webform).doesNotContain("source:" + mailbox);
    }

    @Test
    void aTripIsRecordedOnceOverTwoInstancesShownByHealthAndResetAfterTheWindow() throws Exception {
        String flood = domain("burst");
        // a second instance on the same store and mail server, with an event log of its own
        EventLog otherEvents = new EventLog(f.stores.client, f.stores.indices, EventsProperties.defaults());
        try {
            LoopGuard otherGuard = new LoopGuard(new AutoReplyLedger(f.stores.client, f.stores.indices),
                    LoopProtectionProperties.defaults().withBreakers(TEN_MINUTES_5, TEN_MINUTES_100), f.identity,
                    f.subjectTag, f.clock, otherEvents);
            Acknowledgements other = new Acknowledgements(f.templates, f.outbox, f.composer, f.models, otherGuard,
                    f.identity, null);
            assertThat(health(f.loopGuard).getStatus()).isEqualTo(Status.UP);
            int sent = 0;
            for (int i = 0; i < 12; i++) {
                Ticket t = f.newTicket("b" + i + "@" + flood, "Burst " + i, null, null);
                sent += acknowledge(i % 2 == 0 ? f.acknowledgements : other, t, null) == null ? 1 : 0;
            }
            assertThat(sent).as("both instances together").isEqualTo(5);
            f.events.flush();
            otherEvents.flush();
            List<EventLog.Event> trips = trippedEvents(flood);
            assertThat(trips).as("one event per trip, not per refused mail nor per instance").hasSize(1);
            assertThat(trips.get(0).field()).isEqualTo("domain");
            assertThat(trips.get(0).detail()).startsWith("breaker tripped for domain " + flood);

            Instant since = f.clock.instant();
            for (LoopGuard instance : List.of(f.loopGuard, otherGuard)) {
                Health health = health(instance);
                assertThat(health.getStatus()).isEqualTo(RespondHealth.ALERT);
                @SuppressWarnings("unchecked")
                Map<String, Object> trip = ((List<Map<String, Object>>) health.getDetails().get("breakerTripped")).get(0);
                assertThat(trip).containsEntry("key", "domain:" + flood).containsEntry("since", since.toString())
                        .containsEntry("until", since.plus(Duration.ofMinutes(10)).toString());
            }

            f.clock.advance(Duration.ofMinutes(11));
            assertThat(health(f.loopGuard).getStatus()).as("reset after the window").isEqualTo(Status.UP);
            assertThat(health(otherGuard).getStatus()).isEqualTo(Status.UP);
            Ticket later = f.newTicket("later@" + flood, "After the flood", null, null);
            assertThat(acknowledge(other, later, null)).isNull();
            f.awaitSent();
            assertThat(RespondFixture.mailsTo("later@" + flood)).hasSize(1);
        }
        finally {
            otherEvents.close();
        }
    }

    @Test
    void slotsAreLeasedInChunksSoABusyDomainDoesNotCostAStoreWritePerMail() throws Exception {
        LoopProtectionProperties.Limit fiveHundred = new LoopProtectionProperties.Limit(Duration.ofMinutes(10), 500);
        LoopGuard guard = new LoopGuard(new AutoReplyLedger(f.stores.client, f.stores.indices),
                LoopProtectionProperties.defaults().withBreakers(fiveHundred, fiveHundred), f.identity, f.subjectTag,
                f.clock);
        String busy = domain("busy");
        for (int i = 0; i < 100; i++) {
            assertThat(guard.permit("c" + i + "@" + busy, "Question " + i, "imap/busy", null).refusal()).isNull();
        }
        // the document's version counts its writes: leases of 1, 2, 4, 8, then 10 (a 50th of the limit) at a time
        var doc = f.stores.client.get(g -> g.index(f.stores.indices.counters())
                .id("auto-mail-" + RawMessage.sha256Hex("domain:" + busy)), Map.class);
        assertThat(doc.version()).isBetween(5L, 20L);
    }

    @Test
    void theDomainOfAnAddressIsItsRegisteredDomain() {
        assertThat(AutoMailBreaker.domainOf("A@Mail.Example.COM")).isEqualTo("example.com");
        assertThat(AutoMailBreaker.domainOf("a@x.y.shop.co.uk")).isEqualTo("shop.co.uk");
        assertThat(AutoMailBreaker.domainOf("a@bmw.de")).isEqualTo("bmw.de");
        assertThat(AutoMailBreaker.domainOf("a@mail.bmw.de")).isEqualTo("bmw.de");
        assertThat(AutoMailBreaker.domainOf("nobody")).isNull();
    }

    private static String acknowledge(Acknowledgements acknowledgements, Ticket ticket, String source) {
        return acknowledgements.acknowledge(ticket, inbound(ticket.customer(), ticket.subject()), null, List.of(), source);
    }

    private static List<EventLog.Event> trippedEvents(String domain) throws Exception {
        f.stores.client.indices().refresh(r -> r.index(f.stores.indices.events()));
        return f.stores.client.search(s -> s.index(f.stores.indices.events()).size(100)
                .query(q -> q.bool(b -> b.filter(x -> x.term(m -> m.field("type").value(FieldValue.of("breaker.tripped"))))
                        .filter(x -> x.term(m -> m.field("to").value(FieldValue.of(domain)))))), EventLog.Event.class)
                .hits().hits().stream().map(h -> h.source()).toList();
    }

    private static Health health(LoopGuard guard) {
        return new RespondHealth(guard, f.templates, f.slas, null).health();
    }

    private static ParsedMessage inbound(String from, String subject) {
        String mail = "From: Customer <" + from + ">\r\nTo: support@ticketflow.local\r\nSubject: " + subject
                + "\r\nMessage-ID: <" + UUID.randomUUID() + "@client.example>\r\n\r\nHelp.\r\n";
        return new MessageParser().parse(RawMessage.of(mail.getBytes(StandardCharsets.UTF_8), "test", "test"));
    }

    private static String domain(String name) {
        return name + "-" + id() + ".example";
    }

    private static String id() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
