package io.ticketflow.sla;

import io.ticketflow.ticket.SlaClock;
import io.ticketflow.ticket.StatusTransitions;
import io.ticketflow.ticket.Ticket;
import io.ticketflow.ticket.TicketStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What the SLA clock does when a ticket changes, in business time of the ticket's calendar. Pure: the life cycle
 * calls it inside its compare-and-set writes and records the events the difference means.
 * <ul>
 * <li>pending (waiting on the customer) pauses the clock; leaving pending (a customer reply, an agent setting it open,
 * solved or closed) resumes it and pushes every due time still running by the paused business time;</li>
 * <li>a customer's reply on a ticket that has had its first response owes a next response, due after the priority's
 * next-response target; the next agent reply satisfies it (solving or closing ends it unanswered);</li>
 * <li>breach flags: first response, resolution, next response (per round), and {@code clock.breached} for the rate.</li>
 * </ul>
 */
public final class SlaClocks {

    public static final String FIRST_RESPONSE = "firstResponse";
    public static final String NEXT_RESPONSE = "nextResponse";
    public static final String RESOLUTION = "resolution";

    private final SlaPolicies slas;

    public SlaClocks(SlaPolicies slas) {
        this.slas = slas;
    }

    /** A new ticket: due times from its creation, the clock running, nothing breached. */
    public Ticket started(Ticket t) {
        return settled(slas.withDueTimes(t));
    }

    /** The ticket in its next status ({@link StatusTransitions}) with the clock paused, resumed or its round ended. */
    public Ticket moved(Ticket t, TicketStatus status, Instant now) {
        Ticket next = t.clock().isPaused() && status != TicketStatus.PENDING ? resumed(t, now) : t;
        next = StatusTransitions.to(next, status, now);
        if (status == TicketStatus.PENDING && !next.clock().isPaused()) {
            next = next.withClock(next.clock().pausing(now));
        }
        // done, or merged (the target's clock runs on): nothing more is owed on this ticket
        if ((status.isDone() || status == TicketStatus.MERGED) && next.clock().nextResponseDueAt() != null) {
            next = next.withClock(next.clock().answered(null, false));
        }
        return settled(next);
    }

    /** Whether a customer's reply changes the ticket (reopens it, or starts a next-response round). */
    public static boolean changesOnReply(Ticket t) {
        return reopensOnReply(t) || owesNextResponse(t);
    }

    /** A customer wrote: a pending or solved ticket is open again, and an answered one owes a next response. */
    public Ticket customerReplied(Ticket t, Instant now) {
        Ticket next = reopensOnReply(t) ? moved(t, TicketStatus.OPEN, now) : t;
        if (owesNextResponse(next)) {
            Duration target = slas.targetsFor(next).nextResponse();
            next = next.withClock(next.clock().awaitingAnswer(now, slas.calendarFor(next).plusBusinessTime(now, target)));
        }
        return settled(next);
    }

    /** An agent answered: the first response (once, late: breached), and the next response owed, if any. */
    public Ticket agentResponded(Ticket t, Instant now) {
        Ticket next = t;
        Ticket.Lifecycle l = t.lifecycle();
        if (l.firstResponseAt() == null) {
            long minutes = Duration.between(t.createdAt(), now).toMinutes();
            next = next.withLifecycle(new Ticket.Lifecycle(now, minutes, l.resolvedAt(), l.resolutionMinutes(),
                    l.closedAt(), l.reopened(), l.statusChangedAt(), l.reminders(), l.satisfactionRequestedAt()));
            Ticket.Sla s = next.sla();
            if (s.firstResponseDueAt() != null && now.isAfter(s.firstResponseDueAt())) {
                next = next.withSla(new Ticket.Sla(s.policy(), s.firstResponseDueAt(), s.resolutionDueAt(), true,
                        s.resolutionBreached(), s.escalations(), s.escalated()));
            }
        }
        SlaClock c = next.clock();
        if (c.nextResponseDueAt() != null) {
            Instant since = c.nextResponseSince() != null ? c.nextResponseSince() : now;
            next = next.withClock(c.answered(Duration.between(since, now).toMinutes(), now.isAfter(c.nextResponseDueAt())));
        }
        return settled(next);
    }

    /** The due time of a running target (null when it is not running: answered, solved, paused). */
    public static Instant dueOf(Ticket t, String target) {
        if (t.clock().isPaused() || t.status() != TicketStatus.NEW && t.status() != TicketStatus.OPEN) {
            return null;
        }
        return switch (target) {
            case FIRST_RESPONSE -> t.lifecycle().firstResponseAt() == null ? t.sla().firstResponseDueAt() : null;
            case NEXT_RESPONSE -> t.clock().nextResponseDueAt();
            case RESOLUTION -> t.lifecycle().resolvedAt() == null ? t.sla().resolutionDueAt() : null;
            default -> throw new IllegalArgumentException("no SLA target " + target);
        };
    }

    /** The full target duration (for escalation steps given as a share of it). */
    public Duration targetOf(Ticket t, String target) {
        SlaPolicy.Targets targets = slas.targetsFor(t);
        return switch (target) {
            case FIRST_RESPONSE -> targets.firstResponse();
            case NEXT_RESPONSE -> targets.nextResponse();
            default -> targets.resolution();
        };
    }

    /** The target flagged as missed if it is still running and its due time has passed (each once). */
    public Ticket missed(Ticket t, String target, Instant now) {
        Instant due = dueOf(t, target);
        if (due == null || now.isBefore(due)) {
            return t;
        }
        Ticket.Sla s = t.sla();
        Ticket next = switch (target) {
            case FIRST_RESPONSE -> Boolean.TRUE.equals(s.firstResponseBreached()) ? t
                    : t.withSla(new Ticket.Sla(s.policy(), s.firstResponseDueAt(), s.resolutionDueAt(), true,
                            s.resolutionBreached(), s.escalations(), s.escalated()));
            case RESOLUTION -> Boolean.TRUE.equals(s.resolutionBreached()) ? t
                    : t.withSla(new Ticket.Sla(s.policy(), s.firstResponseDueAt(), s.resolutionDueAt(),
                            s.firstResponseBreached(), true, s.escalations(), s.escalated()));
            default -> Boolean.TRUE.equals(t.clock().nextResponseBreached()) ? t
                    : t.withClock(t.clock().nextResponseMissed());
        };
        return settled(next);
    }

    /** One escalation step taken (once: {@code stepKey} is remembered), the level raised, never lowered. */
    public static Ticket escalated(Ticket t, String stepKey, String level) {
        if (t.sla().escalated().contains(stepKey)) {
            return t;
        }
        String current = t.triage().level() == null ? "L0" : t.triage().level();
        Ticket.Triage tr = t.triage();
        List<String> done = new ArrayList<>(t.sla().escalated());
        done.add(stepKey);
        Ticket.Sla s = t.sla();
        return t.withTriage(new Ticket.Triage(tr.queue(), level.compareTo(current) > 0 ? level : current, tr.priority(),
                        tr.category(), tr.type(), tr.language(), tr.assigneeGroup(), tr.assignee(), tr.needsReview()))
                .withSla(new Ticket.Sla(s.policy(), s.firstResponseDueAt(), s.resolutionDueAt(), s.firstResponseBreached(),
                        s.resolutionBreached(), (s.escalations() == null ? 0 : s.escalations()) + 1, done));
    }

    /** {@code clock.breached} agrees with the breach flags. */
    public static Ticket settled(Ticket t) {
        Ticket.Sla s = t.sla();
        Integer n = t.clock().nextResponseBreaches();
        int flag = Boolean.TRUE.equals(s.firstResponseBreached()) || Boolean.TRUE.equals(s.resolutionBreached())
                || n != null && n > 0 ? 1 : 0;
        return t.clock().breached() != null && t.clock().breached() == flag ? t : t.withClock(t.clock().withBreached(flag));
    }

    /** The pause ends: the running due times move on by the business time it lasted. */
    private Ticket resumed(Ticket t, Instant now) {
        BusinessCalendar calendar = slas.calendarFor(t);
        Duration paused = calendar.businessTimeBetween(t.clock().pausedAt(), now);
        Ticket.Sla s = t.sla();
        Instant first = t.lifecycle().firstResponseAt() == null ? push(calendar, s.firstResponseDueAt(), paused)
                : s.firstResponseDueAt();
        Instant resolution = t.lifecycle().resolvedAt() == null ? push(calendar, s.resolutionDueAt(), paused)
                : s.resolutionDueAt();
        return t.withSla(new Ticket.Sla(s.policy(), first, resolution, s.firstResponseBreached(), s.resolutionBreached(),
                        s.escalations(), s.escalated()))
                .withClock(t.clock().resumed(paused, push(calendar, t.clock().nextResponseDueAt(), paused)));
    }

    private static Instant push(BusinessCalendar calendar, Instant due, Duration by) {
        return due == null || by.isZero() ? due : calendar.plusBusinessTime(due, by);
    }

    private static boolean reopensOnReply(Ticket t) {
        return t.status() == TicketStatus.PENDING || t.status() == TicketStatus.SOLVED;
    }

    private static boolean owesNextResponse(Ticket t) {
        return t.lifecycle().firstResponseAt() != null && t.clock().nextResponseDueAt() == null
                && t.status() != TicketStatus.CLOSED && t.status() != TicketStatus.MERGED;
    }
}
