package io.ticketflow.followup;

import io.ticketflow.lifecycle.TicketLifecycle;
import io.ticketflow.respond.MailPurpose;
import io.ticketflow.respond.TicketMailer;
import io.ticketflow.sla.BusinessCalendar;
import io.ticketflow.sla.SlaConfig;
import io.ticketflow.sla.SlaPolicies;
import io.ticketflow.store.EventLog;
import io.ticketflow.store.FollowupQueries;
import io.ticketflow.store.TicketStore;
import io.ticketflow.store.Versioned;
import io.ticketflow.ticket.Ticket;
import io.ticketflow.ticket.TicketStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * One pass of the follow-up scheduler: reminders and auto-close for pending tickets, SLA escalation and breach flags
 * for open ones ({@link SlaSweep}), satisfaction requests for solved ones. Safe to run on two instances at once (the scheduler normally
 * runs on one): every mail has an outbox key of ticket + purpose + round, and every ticket change is a compare-and-set
 * that re-checks its condition, so each step happens once. Mail is recorded before the ticket is marked, so a crash in
 * between repeats the step on the next pass and the outbox key drops the duplicate mail.
 */
@Component
public class FollowupSweep {

    private static final Logger log = LoggerFactory.getLogger(FollowupSweep.class);
    private static final int BATCH = 500;

    private final FollowupQueries queries;
    private final TicketStore tickets;
    private final SlaPolicies slas;
    private final TicketMailer mailer;
    private final TicketLifecycle lifecycle;
    private final EventLog events;
    private final Clock clock;
    private final SlaSweep slaSweep;

    public FollowupSweep(FollowupQueries queries, TicketStore tickets, SlaPolicies slas, TicketMailer mailer,
            TicketLifecycle lifecycle, EventLog events, Clock clock) {
        this.queries = queries;
        this.tickets = tickets;
        this.slas = slas;
        this.mailer = mailer;
        this.lifecycle = lifecycle;
        this.events = events;
        this.clock = clock;
        this.slaSweep = new SlaSweep(tickets, slas, mailer, lifecycle, events);
    }

    /** What one pass did, for logs and tests. */
    public record Report(int reminders, int autoClosed, int escalations, int breaches, int satisfactionRequests,
            int dueTimesSet) {
        public boolean isEmpty() {
            return reminders + autoClosed + escalations + breaches + satisfactionRequests + dueTimesSet == 0;
        }
    }

    public Report run() {
        Instant now = clock.instant();
        int[] counts = new int[6];
        for (String number : queries.inStatusSince(TicketStatus.PENDING, now, BATCH)) {
            guarded(number, () -> pending(number, now, counts));
        }
        for (Ticket seen : queries.slaCandidateTickets(slaSweep.horizon(now), BATCH)) {
            // most candidates have nothing due on this pass: only those with work are read (realtime) and changed
            if (slaSweep.hasWork(seen, now)) {
                guarded(seen.number(), () -> slaSweep.run(seen.number(), now, counts));
            }
        }
        if (slas.config().followups().satisfaction()) {
            for (String number : queries.solvedWithoutSatisfactionRequest(BATCH)) {
                guarded(number, () -> satisfaction(number, counts));
            }
        }
        Report report = new Report(counts[0], counts[1], counts[2], counts[3], counts[4], counts[5]);
        if (!report.isEmpty()) {
            log.info("Follow-ups: {}", report);
        }
        return report;
    }

    /** Reminder after N business days pending, then auto-close M business days after the last reminder. */
    private void pending(String number, Instant now, int[] counts) {
        Versioned<Ticket> found = tickets.find(number);
        if (found == null || found.value().status() != TicketStatus.PENDING) {
            return;
        }
        Ticket ticket = found.value();
        SlaConfig.Followups f = slas.config().followups();
        BusinessCalendar calendar = slas.calendarFor(ticket);
        Instant since = ticket.lifecycle().statusChangedAt();
        int sent = ticket.lifecycle().reminders() == null ? 0 : ticket.lifecycle().reminders();
        String period = Long.toString(since.getEpochSecond());
        if (sent < f.reminders()) {
            int round = sent + 1;
            if (now.isBefore(calendar.plusBusinessDays(since, f.reminderAfterDays() * round))) {
                return;
            }
            TicketMailer.Result mail = mailer.toCustomer(ticket, MailPurpose.REMINDER,
                    MailPurpose.REMINDER + "-" + period + "-" + round, Map.of("reminderRound", round));
            Ticket after = tickets.update(number, t -> samePendingPeriod(t, since) && reminders(t) == sent
                    ? t.withLifecycle(withReminders(t.lifecycle(), round)) : t);
            if (reminders(after) == round && samePendingPeriod(after, since)) {
                counts[0]++;
                events.record("reminded", number, null, 0, mail.queued() ? "reminder " + round + " to " + ticket.customer()
                        : "reminder " + round + " not sent: " + mail.refusal());
            }
            return;
        }
        if (f.autoCloseAfterDays() == 0) {
            return;
        }
        Instant closeAt = calendar.plusBusinessDays(since, f.reminderAfterDays() * f.reminders() + f.autoCloseAfterDays());
        if (now.isBefore(closeAt)) {
            return;
        }
        TicketMailer.Result mail = mailer.toCustomer(ticket, MailPurpose.AUTO_CLOSE, MailPurpose.AUTO_CLOSE + "-" + period,
                Map.of());
        TicketLifecycle.Change change = lifecycle.apply(number, t -> t,
                t -> samePendingPeriod(t, since) ? TicketStatus.CLOSED : null);
        if (change.statusChanged() && change.after().status() == TicketStatus.CLOSED) {
            counts[1]++;
            events.recordChange("auto-closed", number, "status", TicketStatus.PENDING.label(), TicketStatus.CLOSED.label());
            if (!mail.queued()) {
                events.record("auto-close-notice-suppressed", number, null, 0, mail.refusal());
            }
        }
    }

    private void satisfaction(String number, int[] counts) {
        Versioned<Ticket> found = tickets.find(number);
        if (found == null || found.value().status() != TicketStatus.SOLVED
                || found.value().lifecycle().satisfactionRequestedAt() != null) {
            return;
        }
        Ticket ticket = found.value();
        Instant solvedAt = ticket.lifecycle().resolvedAt() != null ? ticket.lifecycle().resolvedAt() : ticket.updatedAt();
        TicketMailer.Result mail = mailer.toCustomer(ticket, MailPurpose.SATISFACTION,
                MailPurpose.SATISFACTION + "-" + solvedAt.getEpochSecond(), Map.of());
        Instant now = clock.instant();
        tickets.update(number, t -> {
            Ticket.Lifecycle l = t.lifecycle();
            return t.status() == TicketStatus.SOLVED && l.satisfactionRequestedAt() == null
                    ? t.withLifecycle(new Ticket.Lifecycle(l.firstResponseAt(), l.firstResponseMinutes(), l.resolvedAt(),
                            l.resolutionMinutes(), l.closedAt(), l.reopened(), l.statusChangedAt(), l.reminders(), now))
                    : t;
        });
        counts[4]++;
        if (!mail.queued()) {
            events.record("satisfaction-request-suppressed", number, null, 0, mail.refusal());
        }
    }

    private void guarded(String number, Runnable step) {
        try {
            step.run();
        }
        catch (RuntimeException e) {
            if (io.ticketflow.store.StoreUnavailableException.isCauseOf(e)) {
                throw e;
            }
            // one bad ticket must not stop the follow-ups of all the others
            log.error("Follow-up of ticket {} failed: {}", number, e.toString(), e);
        }
    }

    private static boolean samePendingPeriod(Ticket t, Instant since) {
        return t.status() == TicketStatus.PENDING && since.equals(t.lifecycle().statusChangedAt());
    }

    private static int reminders(Ticket t) {
        return t.lifecycle().reminders() == null ? 0 : t.lifecycle().reminders();
    }

    private static Ticket.Lifecycle withReminders(Ticket.Lifecycle l, int n) {
        return new Ticket.Lifecycle(l.firstResponseAt(), l.firstResponseMinutes(), l.resolvedAt(), l.resolutionMinutes(),
                l.closedAt(), l.reopened(), l.statusChangedAt(), n, l.satisfactionRequestedAt());
    }
}
