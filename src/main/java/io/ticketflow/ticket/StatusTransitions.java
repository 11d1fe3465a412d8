package io.ticketflow.ticket;

import java.time.Duration;
import java.time.Instant;

/**
 * What a status change means for a ticket's life-cycle times, so that status, times and SLA flags always agree:
 * solving records the resolution (and a late one breaches the SLA), closing records the closing time, reopening a
 * solved or closed ticket counts the reopen and clears the resolution. Pure: the caller writes the result.
 */
public final class StatusTransitions {

    private StatusTransitions() {
    }

    /** The ticket in its next status, with the life-cycle times that status change means. */
    public static Ticket to(Ticket t, TicketStatus status, Instant now) {
        Ticket.Lifecycle l = t.lifecycle();
        Instant resolvedAt = l.resolvedAt();
        Long resolutionMinutes = l.resolutionMinutes();
        Instant closedAt = l.closedAt();
        Integer reopened = l.reopened();
        Instant satisfaction = l.satisfactionRequestedAt();
        boolean wasDone = t.status().isDone();
        if (status == TicketStatus.SOLVED || status == TicketStatus.CLOSED && resolvedAt == null) {
            resolvedAt = now;
            resolutionMinutes = Duration.between(t.createdAt(), now).toMinutes();
            satisfaction = status == TicketStatus.SOLVED ? null : satisfaction;
        }
        if (status == TicketStatus.CLOSED) {
            closedAt = now;
        }
        if (wasDone && (status == TicketStatus.OPEN || status == TicketStatus.PENDING)) {
            reopened = (reopened == null ? 0 : reopened) + 1;
            resolvedAt = null;
            resolutionMinutes = null;
        }
        Ticket next = t.withStatus(status).withLifecycle(new Ticket.Lifecycle(l.firstResponseAt(), l.firstResponseMinutes(),
                resolvedAt, resolutionMinutes, closedAt, reopened, now, 0, satisfaction));
        Ticket.Sla s = next.sla();
        if (resolvedAt != null && s.resolutionDueAt() != null && resolvedAt.isAfter(s.resolutionDueAt())
                && !Boolean.TRUE.equals(s.resolutionBreached())) {
            next = next.withSla(new Ticket.Sla(s.policy(), s.firstResponseDueAt(), s.resolutionDueAt(),
                    s.firstResponseBreached(), true, s.escalations(), s.escalated()));
        }
        return next;
    }
}
