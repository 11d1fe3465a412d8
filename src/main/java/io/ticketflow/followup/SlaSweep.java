package io.ticketflow.followup;

import io.ticketflow.lifecycle.TicketLifecycle;
import io.ticketflow.respond.MailModels;
import io.ticketflow.respond.MailPurpose;
import io.ticketflow.respond.TicketMailer;
import io.ticketflow.sla.BusinessCalendar;
import io.ticketflow.sla.SlaClocks;
import io.ticketflow.sla.SlaPolicies;
import io.ticketflow.sla.SlaPolicy;
import io.ticketflow.store.EventLog;
import io.ticketflow.store.TicketStore;
import io.ticketflow.store.Versioned;
import io.ticketflow.ticket.Ticket;
import io.ticketflow.ticket.TicketStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The SLA part of a follow-up pass, for one ticket whose clock runs (new, open; never pending): for each running
 * target (first response, next response, resolution) the escalation steps whose lead has come (business time before
 * the due time, or a share of the target), each once per target (per round for the next response), then the breach
 * flag at the due time. A step before the due time is a notice before the breach ({@code sla.warning}). Level, flags
 * and their events go through the life cycle.
 */
final class SlaSweep {

    private static final List<String> TARGETS = List.of(SlaClocks.FIRST_RESPONSE, SlaClocks.NEXT_RESPONSE,
            SlaClocks.RESOLUTION);

    private final TicketStore tickets;
    private final SlaPolicies slas;
    private final SlaClocks clocks;
    private final TicketMailer mailer;
    private final TicketLifecycle lifecycle;
    private final EventLog events;

    SlaSweep(TicketStore tickets, SlaPolicies slas, TicketMailer mailer, TicketLifecycle lifecycle, EventLog events) {
        this.tickets = tickets;
        this.slas = slas;
        this.clocks = new SlaClocks(slas);
        this.mailer = mailer;
        this.lifecycle = lifecycle;
        this.events = events;
    }

    /**
     * Due times up to this instant may need a step now: the longest lead of any policy, counted forward in business
     * time of every calendar (a lead of one business hour on Friday evening reaches Monday morning).
     */
    Instant horizon(Instant now) {
        Duration lead = Duration.ZERO;
        for (SlaPolicy p : slas.config().policies().values()) {
            for (SlaPolicy.EscalationStep step : p.escalation()) {
                for (SlaPolicy.Targets t : p.targets().values()) {
                    for (Duration d : new Duration[] { t.firstResponse(), t.nextResponse(), t.resolution() }) {
                        Duration l = step.lead(d);
                        lead = l.compareTo(lead) > 0 ? l : lead;
                    }
                }
            }
        }
        Instant horizon = now;
        for (BusinessCalendar c : slas.config().calendars().values()) {
            Instant reach = c.plusBusinessTime(now, lead);
            horizon = reach.isAfter(horizon) ? reach : horizon;
        }
        return horizon;
    }

    /**
     * Whether {@link #run} would change anything on the ticket as given: due times to set, an escalation step whose
     * lead has come and that was not taken, or a breach not flagged yet. Decided on a near-real-time copy of the
     * ticket; what it misses (a change of the last second) the next pass finds.
     */
    boolean hasWork(Ticket ticket, Instant now) {
        if (!clockRuns(ticket)) {
            return false;
        }
        if (dueTimesMissing(ticket)) {
            return true;
        }
        SlaPolicy policy = slas.policyFor(ticket);
        BusinessCalendar calendar = slas.calendarFor(ticket);
        for (String target : TARGETS) {
            Instant due = SlaClocks.dueOf(ticket, target);
            if (due == null) {
                continue;
            }
            for (int i = 0; i < policy.escalation().size(); i++) {
                if (stepDue(ticket, policy, calendar, target, due, i, now)) {
                    return true;
                }
            }
            if (!now.isBefore(due) && !clocks.missed(ticket, target, now).equals(ticket)) {
                return true;
            }
        }
        return false;
    }

    /** counts: [2] escalations, [3] breaches, [5] due times set (as in {@link FollowupSweep.Report}). */
    void run(String number, Instant now, int[] counts) {
        Versioned<Ticket> found = tickets.find(number);
        if (found == null) {
            return;
        }
        Ticket ticket = found.value();
        if (!clockRuns(ticket)) {
            return;
        }
        if (dueTimesMissing(ticket)) {
            tickets.update(number, t -> dueTimesMissing(t) ? t.withSla(slas.recomputed(t)) : t);
            counts[5]++;
            ticket = tickets.find(number).value();
        }
        SlaPolicy policy = slas.policyFor(ticket);
        BusinessCalendar calendar = slas.calendarFor(ticket);
        for (String target : TARGETS) {
            Instant due = SlaClocks.dueOf(ticket, target);
            if (due == null) {
                continue;
            }
            for (int i = 0; i < policy.escalation().size(); i++) {
                if (stepDue(ticket, policy, calendar, target, due, i, now)) {
                    SlaPolicy.EscalationStep step = policy.escalation().get(i);
                    escalate(ticket, target, stepKey(ticket, target), i, step.level(), due,
                            step.lead(clocks.targetOf(ticket, target)), now, counts);
                    ticket = tickets.find(number).value();
                }
            }
            if (!now.isBefore(due) && lifecycle.breached(number, target)) {
                counts[3]++;
            }
        }
    }

    /** New or open and not waiting on the customer: the tickets whose SLA clock runs. */
    private static boolean clockRuns(Ticket ticket) {
        return (ticket.status() == TicketStatus.NEW || ticket.status() == TicketStatus.OPEN) && !ticket.clock().isPaused();
    }

    /** A ticket without its first-response or resolution due time: the sweep sets them. */
    private static boolean dueTimesMissing(Ticket ticket) {
        return ticket.sla().firstResponseDueAt() == null || ticket.sla().resolutionDueAt() == null;
    }

    /** What a target's escalation steps are remembered under: next responses per round. */
    private static String stepKey(Ticket ticket, String target) {
        return target.equals(SlaClocks.NEXT_RESPONSE) ? target + ticket.clock().round() : target;
    }

    /** Escalation step {@code index} of the target: its lead has come and it was not taken yet. */
    private boolean stepDue(Ticket ticket, SlaPolicy policy, BusinessCalendar calendar, String target, Instant due,
            int index, Instant now) {
        Duration lead = policy.escalation().get(index).lead(clocks.targetOf(ticket, target));
        return reached(calendar, now, due, lead) && !ticket.sla().escalated().contains(stepKey(ticket, target) + ":" + index);
    }

    /** A positive lead is reached when no more business time than it is left; a negative one that long after due. */
    static boolean reached(BusinessCalendar calendar, Instant now, Instant due, Duration lead) {
        if ((!lead.isNegative() && !lead.isZero())) {
            return calendar.businessTimeBetween(now, due).compareTo(lead) <= 0;
        }
        return !now.isBefore(due) && calendar.businessTimeBetween(due, now).compareTo(lead.negated()) >= 0;
    }

    private void escalate(Ticket ticket, String target, String key, int index, String level, Instant due, Duration lead,
            Instant now, int[] counts) {
        String number = ticket.number();
        TicketLifecycle.Change change = lifecycle.escalated(number, key + ":" + index, level);
        if (change == null) {
            return;
        }
        counts[2]++;
        Ticket after = change.after();
        String label = label(target);
        String dueText = MailModels.format(due, slas.calendarFor(after).zone());
        String reason = (now.isBefore(due) ? label + " due " : label + " overdue since ") + dueText;
        if ((!lead.isNegative() && !lead.isZero()) && now.isBefore(due)) {
            events.record(EventLog.Event.of("sla.warning", number, null, 0, label + " due " + dueText
                    + ": escalated to " + after.triage().level() + " before the breach").withChange(target, null,
                            due.toString()));
        }
        TicketMailer.Result mail = mailer.toTeam(after, slas.escalationAddress(after), MailPurpose.ESCALATION,
                MailPurpose.ESCALATION + "-" + key + "-" + index, Map.of("escalationLevel", after.triage().level(),
                        "escalationReason", reason, "dueAt", dueText));
        if (!mail.queued()) {
            events.record("escalation-notice-not-sent", number, null, 0, mail.refusal());
        }
    }

    private static String label(String target) {
        return switch (target) {
            case SlaClocks.FIRST_RESPONSE -> "first response";
            case SlaClocks.NEXT_RESPONSE -> "next response";
            default -> "resolution";
        };
    }
}
