package io.ticketflow.respond;

import io.ticketflow.ticket.Ticket;
import io.ticketflow.ticket.TicketMessage;
import java.time.ZoneId;
import java.util.List;

/**
 * The history summary of a notice to the team (an escalation): status, triage, SLA due times and breaches, and the
 * last messages, oldest first; what the next level or a manager needs to take a ticket over without opening it.
 */
final class TicketHistory {

    /** Messages listed, the newest ones. */
    static final int LAST_MESSAGES = 5;
    private static final int EXCERPT = 300;

    private TicketHistory() {
    }

    static String summary(Ticket ticket, List<TicketMessage> thread, ZoneId zone) {
        StringBuilder out = new StringBuilder();
        Ticket.Sla sla = ticket.sla();
        Ticket.Triage tr = ticket.triage();
        out.append("Status:              ").append(ticket.status() == null ? "" : ticket.status().label()).append('\n');
        out.append("Queue / level:       ").append(tr.queue()).append(" / ").append(tr.level()).append('\n');
        out.append("Priority:            ").append(tr.priority()).append('\n');
        out.append("Assignee:            ").append(tr.assignee() == null ? "-" : tr.assignee()).append('\n');
        out.append("Opened:              ").append(MailModels.format(ticket.createdAt(), zone)).append('\n');
        out.append("First response due:  ").append(MailModels.format(sla.firstResponseDueAt(), zone))
                .append(Boolean.TRUE.equals(sla.firstResponseBreached()) ? " (breached)" : "")
                .append(ticket.lifecycle().firstResponseAt() == null ? ""
                        : " (answered " + MailModels.format(ticket.lifecycle().firstResponseAt(), zone) + ")")
                .append('\n');
        out.append("Resolution due:      ").append(MailModels.format(sla.resolutionDueAt(), zone))
                .append(Boolean.TRUE.equals(sla.resolutionBreached()) ? " (breached)" : "").append('\n');
        List<TicketMessage> last = thread.subList(Math.max(0, thread.size() - LAST_MESSAGES), thread.size());
        out.append("\nLast ").append(last.size()).append(" of ").append(thread.size()).append(" messages:\n");
        for (TicketMessage m : last) {
            String body = m.newContent() != null && !m.newContent().isBlank() ? m.newContent() : m.text();
            body = body == null ? "" : body.strip().replaceAll("\\s+", " ");
            out.append("- ").append(MailModels.format(m.receivedAt(), zone)).append(' ').append(m.direction())
                    .append(' ').append(m.from()).append(": ")
                    .append(body.length() > EXCERPT ? body.substring(0, EXCERPT) + " ..." : body).append('\n');
        }
        return out.toString().stripTrailing();
    }
}
