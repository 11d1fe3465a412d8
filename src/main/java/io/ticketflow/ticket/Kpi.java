package io.ticketflow.ticket;

/**
 * Outcome flags of 1 or 0 (averaged in Kibana they are rates), derived from status, counts, lifecycle and SLA.
 *
 * @param reopened               1 once the ticket was reopened after a solution
 * @param firstContactResolution once solved: 1 when the customer wrote once and it was never reopened, else 0
 * @param slaBreached            1 when the first-response or resolution target was missed
 */
public record Kpi(Integer reopened, Integer firstContactResolution, Integer slaBreached) {

    static Kpi of(TicketStatus status, int inbound, Ticket.Lifecycle l, Ticket.Sla s) {
        boolean reopened = l.reopened() != null && l.reopened() > 0;
        Integer fcr = l.resolvedAt() == null || status == null || !status.isDone() ? null
                : !reopened && inbound <= 1 ? 1 : 0;
        boolean breached = Boolean.TRUE.equals(s.firstResponseBreached()) || Boolean.TRUE.equals(s.resolutionBreached());
        return new Kpi(reopened ? 1 : 0, fcr, breached ? 1 : 0);
    }
}
