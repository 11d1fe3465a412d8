package io.ticketflow.respond;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch._types.FieldValue;
import io.ticketflow.lifecycle.TicketLifecycle;
import io.ticketflow.lifecycle.TicketMerge;
import io.ticketflow.store.EventLog;
import io.ticketflow.testing.ElasticsearchNode;
import io.ticketflow.ticket.Ticket;
import io.ticketflow.ticket.TicketStatus;
import jakarta.mail.internet.MimeMessage;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The SLA clock on real parts (Elasticsearch, GreenMail, the shipped config/sla.yml) with a clock the test moves:
 * pending pauses it and leaving pending pushes the due times by the paused business time (nights, weekends and
 * holidays do not count); a customer's reply after the first response owes a next response that an agent's reply
 * satisfies; escalation notices come before the breach, each step once even with two schedulers; every pause, resume,
 * warning and breach is an event.
 */
@ExtendWith(ElasticsearchNode.class)
class SlaClockTest {

    /** Monday 2 March 2026, 10:00 in Berlin (office calendar: Mon-Fri 08-18 Berlin). */
    private static final Instant MONDAY = Instant.parse("2026-03-02T09:00:00Z");
    private static RespondFixture f;

    @BeforeAll
    static void setUp() throws Exception {
        f = new RespondFixture(MONDAY, LoopProtectionProperties.defaults());
    }

    @AfterAll
    static void tearDown() throws Exception {
        f.close();
    }

    @Test
    void pendingPausesTheClockAndTheCustomersReplyPushesTheDueTimesByThePausedBusinessTime() throws Exception {
        f.clock.set(MONDAY);
        String customer = RespondFixture.unique("paused");
        Ticket t = f.newTicket(customer, "Invoice address wrong", "billing", "high");
        // high: first response 4 business hours (Mon 14:00 Berlin), resolution 24 (Wed 14:00 Berlin)
        assertThat(t.sla().firstResponseDueAt()).isEqualTo(Instant.parse("2026-03-02T13:00:00Z"));
        assertThat(t.sla().resolutionDueAt()).isEqualTo(Instant.parse("2026-03-04T13:00:00Z"));
        assertThat(t.clock().breached()).isZero();

        f.clock.set(Instant.parse("2026-03-02T10:00:00Z"));
        Ticket pending = f.lifecycle.change(t.number(), changes(TicketStatus.PENDING));
        assertThat(pending.clock().pausedAt()).isEqualTo(Instant.parse("2026-03-02T10:00:00Z"));

        // the first-response due time passes while the ticket waits on the customer: no escalation, no breach
        f.sweepAt(Instant.parse("2026-03-02T13:30:00Z"));
        f.sweepAt(Instant.parse("2026-03-02T16:00:00Z"));
        assertThat(f.ticket(t).triage().level()).isNull();
        assertThat(f.ticket(t).sla().firstResponseBreached()).isNull();
        assertThat(noticesTo("billing-team@ticketflow.local", t)).isEmpty();

        // the customer answers Tuesday 10:00 Berlin: paused Mon 11-18 and Tue 8-10 = 9 business hours
        f.clock.set(Instant.parse("2026-03-03T09:00:00Z"));
        Ticket resumed = f.lifecycle.customerReplied(t.number());
        assertThat(resumed.status()).isEqualTo(TicketStatus.OPEN);
        assertThat(resumed.clock().pausedAt()).isNull();
        assertThat(resumed.clock().pausedMinutes()).isEqualTo(540);
        assertThat(resumed.clock().pauses()).isEqualTo(1);
        // Mon 14:00 + 9 business hours = Tue 13:00 Berlin; Wed 14:00 + 9 = Thu 13:00 Berlin
        assertThat(resumed.sla().firstResponseDueAt()).isEqualTo(Instant.parse("2026-03-03T12:00:00Z"));
        assertThat(resumed.sla().resolutionDueAt()).isEqualTo(Instant.parse("2026-03-05T12:00:00Z"));
        assertThat(resumed.clock().nextResponseDueAt()).as("no first response yet: nothing next").isNull();

        List<EventLog.Event> paused = events(t, "sla.paused");
        assertThat(paused).hasSize(1);
        assertThat(paused.get(0).to()).isEqualTo("pending");
        List<EventLog.Event> resumedEvents = events(t, "sla.resumed");
        assertThat(resumedEvents).hasSize(1);
        assertThat(resumedEvents.get(0).durationMs()).isEqualTo(9 * 3_600_000L);

        // a status change from pending to solved (as an alert's recovery does it) ends the pause the same way
        f.lifecycle.change(t.number(), changes(TicketStatus.PENDING));
        f.clock.set(Instant.parse("2026-03-03T10:00:00Z"));
        TicketLifecycle.Change solved = f.lifecycle.apply(t.number(), x -> x, x -> TicketStatus.SOLVED);
        assertThat(solved.statusChanged()).isTrue();
        assertThat(solved.after().clock().pausedAt()).isNull();
        assertThat(solved.after().clock().pausedMinutes()).isEqualTo(540 + 60);
        assertThat(solved.after().sla().resolutionBreached()).isNull();
        assertThat(events(t, "sla.paused")).hasSize(2);
        assertThat(events(t, "sla.resumed")).hasSize(2);
        assertThat(events(t, "sla.breached")).isEmpty();
    }

    @Test
    void aMergedTicketsClockStopsThePauseEndsAndNoNextResponseIsOwed() throws Exception {
        f.clock.set(MONDAY);
        Ticket paused = f.newTicket(RespondFixture.unique("merge-src"), "Printer", "billing", "normal");
        Ticket owing = f.newTicket(RespondFixture.unique("merge-src2"), "Printer again", "billing", "high");
        Ticket target = f.newTicket(RespondFixture.unique("merge-dst"), "Printer too", "billing", "normal");
        f.clock.set(Instant.parse("2026-03-02T10:00:00Z"));
        f.lifecycle.change(paused.number(), changes(TicketStatus.PENDING));
        f.lifecycle.responded(owing.number(), null);
        f.clock.set(Instant.parse("2026-03-02T10:30:00Z"));
        assertThat(f.lifecycle.customerReplied(owing.number()).clock().nextResponseDueAt()).isNotNull();

        f.clock.set(Instant.parse("2026-03-02T11:00:00Z"));
        TicketMerge merge = new TicketMerge(f.tickets, f.messages, f.events, f.lifecycle);
        merge.merge(paused.number(), target.number());
        merge.merge(owing.number(), target.number());

        Ticket wasPaused = f.ticket(paused);
        assertThat(wasPaused.status()).isEqualTo(TicketStatus.MERGED);
        assertThat(wasPaused.links().mergedInto()).isEqualTo(target.number());
        assertThat(wasPaused.clock().pausedAt()).as("a merged ticket waits for nobody").isNull();
        assertThat(wasPaused.clock().pausedMinutes()).isEqualTo(60);
        assertThat(wasPaused.lifecycle().statusChangedAt()).isEqualTo(Instant.parse("2026-03-02T11:00:00Z"));
        assertThat(events(paused, "sla.resumed")).hasSize(1);
        Ticket wasOwing = f.ticket(owing);
        assertThat(wasOwing.status()).isEqualTo(TicketStatus.MERGED);
        assertThat(wasOwing.clock().nextResponseDueAt()).as("the target answers now").isNull();
        assertThat(f.ticket(target).links().mergedFrom()).containsExactly(paused.number(), owing.number());
    }

    @Test
    void aPauseOverChristmasCountsOnlyBusinessHours() throws Exception {
        // Wednesday 23 Dec 2026, 10:00 Berlin; normal: first response in 8 business hours = 18:00 the same day
        f.clock.set(Instant.parse("2026-12-23T09:00:00Z"));
        Ticket t = f.newTicket(RespondFixture.unique("xmas"), "Contract renewal", "billing", "normal");
        assertThat(t.sla().firstResponseDueAt()).isEqualTo(Instant.parse("2026-12-23T17:00:00Z"));

        f.clock.set(Instant.parse("2026-12-23T16:00:00Z"));
        f.lifecycle.change(t.number(), changes(TicketStatus.PENDING));
        // back on Monday 28 Dec 10:00 Berlin: 24-26 Dec are holidays, 27 is a Sunday: 1 h + 2 h paused
        f.clock.set(Instant.parse("2026-12-28T09:00:00Z"));
        Ticket resumed = f.lifecycle.change(t.number(), changes(TicketStatus.OPEN));
        assertThat(resumed.clock().pausedMinutes()).isEqualTo(180);
        assertThat(resumed.sla().firstResponseDueAt()).as("the one business hour that was left, from now")
                .isEqualTo(Instant.parse("2026-12-28T10:00:00Z"));
    }

    @Test
    void aReplyAfterTheFirstResponseOwesANextResponseThatTheAgentsReplySatisfiesOrThatBreaches() throws Exception {
        f.clock.set(MONDAY);
        String customer = RespondFixture.unique("next");
        Ticket t = f.newTicket(customer, "Refund status", "billing", "high");
        f.clock.set(Instant.parse("2026-03-02T09:30:00Z"));
        f.lifecycle.responded(t.number(), null);

        f.clock.set(Instant.parse("2026-03-02T10:00:00Z"));
        Ticket owed = f.lifecycle.customerReplied(f.ticket(t));
        // high: next response in 4 business hours: 11:00 Berlin + 4 h = 15:00 Berlin
        assertThat(owed.clock().nextResponseDueAt()).isEqualTo(Instant.parse("2026-03-02T14:00:00Z"));
        assertThat(owed.clock().nextResponseRound()).isEqualTo(1);
        f.clock.set(Instant.parse("2026-03-02T10:10:00Z"));
        assertThat(f.lifecycle.customerReplied(t.number()).clock().nextResponseDueAt())
                .as("a second mail before the answer keeps the due time").isEqualTo(owed.clock().nextResponseDueAt());

        f.sweepAt(Instant.parse("2026-03-02T12:59:00Z"));
        assertThat(noticesTo("billing-team@ticketflow.local", t)).isEmpty();
        f.sweepAt(Instant.parse("2026-03-02T13:01:00Z"));
        f.sweepAt(Instant.parse("2026-03-02T13:20:00Z"));
        assertThat(noticesTo("billing-team@ticketflow.local", t)).hasSize(1);
        assertThat(f.ticket(t).triage().level()).isEqualTo("L1");
        List<EventLog.Event> warnings = events(t, "sla.warning");
        assertThat(warnings).hasSize(1);
        assertThat(warnings.get(0).field()).isEqualTo("nextResponse");

        f.clock.set(Instant.parse("2026-03-02T13:30:00Z"));
        Ticket answered = f.lifecycle.responded(t.number(), null);
        assertThat(answered.clock().nextResponseDueAt()).isNull();
        assertThat(answered.clock().nextResponseMinutes()).isEqualTo(210);
        assertThat(answered.clock().nextResponseBreached()).isNull();
        assertThat(answered.clock().breached()).isZero();
        f.sweepAt(Instant.parse("2026-03-02T14:30:00Z"));
        assertThat(events(t, "sla.breached")).as("answered in time").isEmpty();

        // second round: 15:00 Berlin + 4 business hours = Tuesday 09:00 Berlin; nobody answers
        f.clock.set(Instant.parse("2026-03-02T14:00:00Z"));
        assertThat(f.lifecycle.customerReplied(t.number()).clock().nextResponseDueAt())
                .isEqualTo(Instant.parse("2026-03-03T08:00:00Z"));
        f.sweepAt(Instant.parse("2026-03-03T08:01:00Z"));
        f.sweepAt(Instant.parse("2026-03-03T09:00:00Z"));
        Ticket late = f.ticket(t);
        assertThat(late.triage().level()).isEqualTo("L2");
        assertThat(late.clock().nextResponseBreached()).isTrue();
        assertThat(late.clock().nextResponseBreaches()).isEqualTo(1);
        assertThat(late.clock().breached()).isEqualTo(1);
        assertThat(late.sla().escalated()).contains("nextResponse1:0", "nextResponse2:0", "nextResponse2:1");
        List<EventLog.Event> breaches = events(t, "sla.breached");
        assertThat(breaches).hasSize(1);
        assertThat(breaches.get(0).field()).isEqualTo("nextResponse");
        assertThat(breaches.get(0).to()).isEqualTo("2026-03-03T08:00:00Z");
        assertThat(noticesTo("billing-team@ticketflow.local", t)).extracting(SlaClockTest::subject)
                .hasSize(3).last().asString().contains("Escalated to L2");

        f.clock.set(Instant.parse("2026-03-03T09:30:00Z"));
        Ticket answeredLate = f.lifecycle.responded(t.number(), null);
        assertThat(answeredLate.clock().nextResponseMinutes()).isEqualTo(19 * 60 + 30);
        assertThat(answeredLate.clock().nextResponseBreaches()).as("the breach is counted once").isEqualTo(1);
        assertThat(events(t, "sla.breached")).hasSize(1);
    }

    @Test
    void escalationAtEightyPercentOfTheTargetWarnsOnceBeforeTheBreachThenL2() throws Exception {
        f.clock.set(MONDAY);
        Ticket t = f.newTicket(RespondFixture.unique("incident"), "Checkout down", "incidents", "high");
        // incident policy, round the clock: first response in 1 h; 80 % gone = 12 minutes before due
        assertThat(t.sla().firstResponseDueAt()).isEqualTo(Instant.parse("2026-03-02T10:00:00Z"));

        f.twoSweepsAt(Instant.parse("2026-03-02T09:47:00Z"));
        assertThat(f.ticket(t).triage().level()).isNull();
        f.twoSweepsAt(Instant.parse("2026-03-02T09:48:00Z"));
        f.twoSweepsAt(Instant.parse("2026-03-02T09:55:00Z"));
        assertThat(f.ticket(t).triage().level()).isEqualTo("L1");
        assertThat(noticesTo("oncall@ticketflow.local", t)).hasSize(1);
        assertThat(events(t, "sla.warning")).hasSize(1);
        assertThat(events(t, "sla.breached")).isEmpty();

        f.twoSweepsAt(Instant.parse("2026-03-02T10:00:00Z"));
        f.twoSweepsAt(Instant.parse("2026-03-02T10:05:00Z"));
        Ticket l2 = f.ticket(t);
        assertThat(l2.triage().level()).isEqualTo("L2");
        assertThat(l2.sla().firstResponseBreached()).isTrue();
        assertThat(l2.clock().breached()).isEqualTo(1);
        assertThat(noticesTo("oncall@ticketflow.local", t)).extracting(SlaClockTest::subject)
                .satisfiesExactly(s -> assertThat(s).contains("Escalated to L1"), s -> assertThat(s).contains("Escalated to L2"));
        List<EventLog.Event> escalated = events(t, "escalated");
        assertThat(escalated).extracting(e -> e.from() + "->" + e.to()).containsExactlyInAnyOrder("L0->L1", "L1->L2");
        List<EventLog.Event> breaches = events(t, "sla.breached");
        assertThat(breaches).hasSize(1);
        assertThat(breaches.get(0).field()).isEqualTo("firstResponse");
        assertThat(events(t, "sla.warning")).hasSize(1);
    }

    private static TicketLifecycle.Changes changes(TicketStatus status) {
        return new TicketLifecycle.Changes(status.label(), null, null, null, null, null);
    }

    private static String subject(MimeMessage m) {
        try {
            return m.getSubject();
        }
        catch (Exception e) {
            return "";
        }
    }

    private static List<MimeMessage> noticesTo(String address, Ticket t) {
        // numbers repeat across fixtures (each has its own counters) that share one mail server: the subject tells
        return RespondFixture.mailsTo(address).stream().filter(m -> subject(m).contains("[TF#" + t.number() + "]")
                && subject(m).contains(t.subject())).toList();
    }

    private static List<EventLog.Event> events(Ticket t, String type) throws Exception {
        f.events.flush();
        f.stores.refresh();
        return f.stores.client.search(s -> s.index(f.stores.indices.events()).size(100)
                .query(q -> q.bool(b -> b.filter(x -> x.term(m -> m.field("ticket").value(FieldValue.of(t.number()))))
                        .filter(x -> x.term(m -> m.field("type").value(FieldValue.of(type)))))), EventLog.Event.class)
                .hits().hits().stream().map(h -> h.source()).toList();
    }
}
