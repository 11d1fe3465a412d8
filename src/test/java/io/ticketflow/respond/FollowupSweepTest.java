package io.ticketflow.respond;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch._types.FieldValue;
import io.ticketflow.lifecycle.TicketLifecycle;
import io.ticketflow.store.EventLog;
import io.ticketflow.testing.ElasticsearchNode;
import io.ticketflow.ticket.Ticket;
import io.ticketflow.ticket.TicketStatus;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The follow-up scheduler's passes with a clock the test moves, on a real Elasticsearch and GreenMail, with the
 * shipped config/sla.yml (office calendar Europe/Berlin, Mon-Fri 08-18; reminder after 3 business days, auto-close 4
 * business days later; high priority: first response in 4 business hours, escalation 1 hour before and at the due
 * time).
 */
@ExtendWith(ElasticsearchNode.class)
class FollowupSweepTest {

    /** Monday 2 March 2026, 10:00 in Berlin. */
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
    void pendingTicketGetsOneReminderAfterThreeBusinessDaysThenIsAutoClosedWithANotice() throws Exception {
        f.clock.set(MONDAY);
        String customer = RespondFixture.unique("pending");
        Ticket t = f.newTicket(customer, "Need the invoice copy", null, null);
        f.lifecycle.change(t.number(), changes(TicketStatus.PENDING));

        f.sweepAt(Instant.parse("2026-03-05T08:59:00Z"));
        assertThat(RespondFixture.mailsTo(customer)).as("Thursday 09:59 Berlin: not yet 3 business days").isEmpty();

        f.sweepAt(Instant.parse("2026-03-05T09:01:00Z"));
        List<MimeMessage> mails = RespondFixture.mailsTo(customer);
        assertThat(mails).hasSize(1);
        assertThat(mails.get(0).getSubject()).isEqualTo("[TF#" + t.number() + "] Waiting for your answer: Need the invoice copy");
        assertThat(mails.get(0).getHeader("Auto-Submitted", null)).isEqualTo("auto-generated");
        assertThat(f.ticket(t).lifecycle().reminders()).isEqualTo(1);

        f.sweepAt(Instant.parse("2026-03-06T12:00:00Z"));
        f.sweepAt(Instant.parse("2026-03-11T08:59:00Z"));
        assertThat(RespondFixture.mailsTo(customer)).as("one reminder only, no close before day 7").hasSize(1);
        assertThat(f.ticket(t).status()).isEqualTo(TicketStatus.PENDING);

        f.sweepAt(Instant.parse("2026-03-11T09:01:00Z"));
        f.sweepAt(Instant.parse("2026-03-11T10:00:00Z"));
        mails = RespondFixture.mailsTo(customer);
        assertThat(mails).hasSize(2);
        assertThat(mails.get(1).getSubject()).contains("Closed: Need the invoice copy");
        Ticket closed = f.ticket(t);
        assertThat(closed.status()).isEqualTo(TicketStatus.CLOSED);
        assertThat(closed.lifecycle().closedAt()).isEqualTo(Instant.parse("2026-03-11T09:01:00Z"));
        assertThat(events(t, "auto-closed")).hasSize(1);
    }

    @Test
    void customerReplyReopensAndThePendingClockStartsAgain() throws Exception {
        f.clock.set(MONDAY);
        String customer = RespondFixture.unique("reopen");
        Ticket t = f.newTicket(customer, "VPN drops", null, null);
        f.lifecycle.change(t.number(), changes(TicketStatus.PENDING));
        f.sweepAt(Instant.parse("2026-03-05T09:01:00Z"));
        assertThat(RespondFixture.mailsTo(customer)).hasSize(1);

        f.clock.set(Instant.parse("2026-03-05T10:00:00Z"));
        Ticket reopened = f.lifecycle.customerReplied(t.number());
        assertThat(reopened.status()).isEqualTo(TicketStatus.OPEN);
        assertThat(reopened.lifecycle().reminders()).isZero();
        f.lifecycle.change(t.number(), changes(TicketStatus.PENDING));

        f.sweepAt(Instant.parse("2026-03-10T09:30:00Z"));
        assertThat(RespondFixture.mailsTo(customer)).as("3 business days after the new pending period only").hasSize(1);
        f.sweepAt(Instant.parse("2026-03-10T10:01:00Z"));
        assertThat(RespondFixture.mailsTo(customer)).hasSize(2);
        assertThat(f.ticket(t).status()).isEqualTo(TicketStatus.PENDING);

        f.lifecycle.change(t.number(), changes(TicketStatus.SOLVED));
        Ticket again = f.lifecycle.customerReplied(t.number());
        assertThat(again.status()).isEqualTo(TicketStatus.OPEN);
        assertThat(again.lifecycle().reopened()).isEqualTo(1);
        assertThat(again.lifecycle().resolvedAt()).isNull();
        assertThat(events(t, "reopened")).hasSize(2);
    }

    @Test
    void approachingAndMissedFirstResponseEscalatesEachStepOnceEvenWithTwoSchedulers() throws Exception {
        f.clock.set(MONDAY);
        String customer = RespondFixture.unique("sla");
        Ticket t = f.newTicket(customer, "Payment failed", "billing", "high");
        assertThat(t.sla().policy()).isEqualTo("standard");
        assertThat(t.sla().firstResponseDueAt()).isEqualTo(Instant.parse("2026-03-02T13:00:00Z"));

        f.sweepAt(Instant.parse("2026-03-02T11:59:00Z"));
        assertThat(f.ticket(t).triage().level()).isNull();

        f.twoSweepsAt(Instant.parse("2026-03-02T12:01:00Z"));
        f.twoSweepsAt(Instant.parse("2026-03-02T12:30:00Z"));
        Ticket l1 = f.ticket(t);
        assertThat(l1.triage().level()).isEqualTo("L1");
        assertThat(l1.sla().firstResponseBreached()).isNull();
        assertThat(noticesFor(t)).hasSize(1);

        f.twoSweepsAt(Instant.parse("2026-03-02T13:01:00Z"));
        f.twoSweepsAt(Instant.parse("2026-03-02T14:00:00Z"));
        Ticket l2 = f.ticket(t);
        assertThat(l2.triage().level()).isEqualTo("L2");
        assertThat(l2.sla().firstResponseBreached()).isTrue();
        assertThat(l2.sla().escalations()).isEqualTo(2);
        assertThat(l2.sla().escalated()).containsExactly("firstResponse:0", "firstResponse:1");
        List<MimeMessage> notices = noticesFor(t);
        assertThat(notices).hasSize(2);
        assertThat(notices.get(0).getSubject()).contains("Escalated to L1");
        assertThat(notices.get(1).getSubject()).contains("Escalated to L2");
        // the next level gets the history with the reason: status, level, due times and the last messages
        String l2Notice = new String(notices.get(1).getRawInputStream().readAllBytes(),
                java.nio.charset.StandardCharsets.UTF_8);
        assertThat(l2Notice).contains("Queue / level:       billing / L2")
                .contains("First response due:  Mon 2 Mar 2026, 14:00 CET").containsPattern("Last \\d+ of \\d+ messages");
        assertThat(RespondFixture.mailsTo(customer)).as("the customer is not told").isEmpty();
        List<EventLog.Event> escalated = events(t, "escalated");
        assertThat(escalated).hasSize(2);
        assertThat(escalated).extracting(EventLog.Event::field).containsOnly("level");
        assertThat(escalated).extracting(EventLog.Event::to).containsExactlyInAnyOrder("L1", "L2");
        assertThat(events(t, "sla.breached")).hasSize(1);
    }

    @Test
    void solvedTicketGetsOneSatisfactionRequest() throws Exception {
        f.clock.set(MONDAY);
        String customer = RespondFixture.unique("solved");
        Ticket t = f.newTicket(customer, "Password reset", null, null);
        f.clock.set(MONDAY.plus(Duration.ofHours(2)));
        Ticket solved = f.lifecycle.change(t.number(), changes(TicketStatus.SOLVED));
        assertThat(solved.lifecycle().resolvedAt()).isEqualTo(MONDAY.plus(Duration.ofHours(2)));
        assertThat(solved.lifecycle().resolutionMinutes()).isEqualTo(120);

        f.twoSweepsAt(MONDAY.plus(Duration.ofHours(3)));
        f.twoSweepsAt(MONDAY.plus(Duration.ofHours(4)));
        List<MimeMessage> mails = RespondFixture.mailsTo(customer);
        assertThat(mails).hasSize(1);
        assertThat(mails.get(0).getSubject()).contains("How did we do?");
        assertThat(f.ticket(t).lifecycle().satisfactionRequestedAt()).isNotNull();
    }

    private static TicketLifecycle.Changes changes(TicketStatus status) {
        return new TicketLifecycle.Changes(status.label(), null, null, null, null, null);
    }

    private static List<MimeMessage> noticesFor(Ticket t) {
        return RespondFixture.mailsTo("billing-team@ticketflow.local").stream().filter(m -> {
            try {
                return m.getSubject().contains("[TF#" + t.number() + "]");
            }
            catch (Exception e) {
                return false;
            }
        }).toList();
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
