package io.ticketflow.intake;

import io.ticketflow.lifecycle.TicketLifecycle;
import io.ticketflow.screen.monitoring.MonitoringNotice;
import io.ticketflow.screen.monitoring.MonitoringProperties;
import io.ticketflow.store.EventLog;
import io.ticketflow.thread.AlertThreader;
import io.ticketflow.ticket.Ticket;
import io.ticketflow.ticket.TicketStatus;
import io.ticketflow.vocabulary.ProcessingOutcome.Outcome;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code follow alert}: the incident follows its alert. An alert that opened an incident points its identity at it;
 * every notification leaves the alert's state, severity and labels on the ticket (fields analysts filter on); a
 * recovery resolves the open incident with an event saying so ({@code ticketflow.monitoring.on-recovery: resolve}), or
 * is only noted on it for an agent to decide ({@code note}). The status change goes through the life cycle like any
 * other (times, SLA flags, the SLA clock). Nothing here ever writes to the monitoring system.
 */
final class FollowAlert implements IntakeStep {

    private final AlertThreader alerts;
    private final TicketLifecycle lifecycle;
    private final EventLog events;
    private final MonitoringProperties properties;

    FollowAlert(AlertThreader alerts, TicketLifecycle lifecycle, EventLog events, MonitoringProperties properties) {
        this.alerts = alerts;
        this.lifecycle = lifecycle;
        this.events = events;
        this.properties = properties;
    }

    @Override
    public String name() {
        return "follow alert";
    }

    @Override
    public boolean appliesTo(MessageInProgress m) {
        return m.alert != null && (m.settled == Outcome.CREATED || m.settled == Outcome.APPENDED) && !m.edit;
    }

    @Override
    public void apply(MessageInProgress m) {
        MonitoringNotice notice = m.alert;
        if (m.settled == Outcome.CREATED) {
            alerts.remember(notice, m.ticketNumber);
        }
        boolean resolve = notice.recovered() && properties.onRecovery() == MonitoringProperties.OnRecovery.RESOLVE;
        Ticket.Alert state = new Ticket.Alert(notice.identity(), notice.format(), notice.recovered() ? "resolved" : "firing",
                notice.severityLabel(), labels(notice), m.raw.receivedAt());
        TicketLifecycle.Change change = lifecycle.apply(m.ticketNumber, t -> t.withAlert(state),
                t -> resolve && !t.isSolvedOrClosed() ? TicketStatus.SOLVED : null);
        m.ticket = change.after();
        if (change.statusChanged()) {
            events.record(EventLog.Event.of("status-changed", m.ticketNumber, m.raw.id(), m.millisSoFar(),
                    "incident resolved: " + notice.format() + " reports " + notice.identity() + " recovered")
                    .withChange("status", change.before().status().label(), m.ticket.status().label()).atStep(name()));
            m.reason.append("; incident resolved by the recovery of ").append(notice.identity());
        }
        else if (notice.recovered()) {
            m.reason.append("; recovery of ").append(notice.identity()).append(" noted, status left to an agent");
        }
    }

    /** Alertmanager's labels, or what a monitoring mail names (host, service). */
    private static Map<String, String> labels(MonitoringNotice notice) {
        if (!notice.labels().isEmpty()) {
            return notice.labels();
        }
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("host", notice.host());
        if (notice.service() != null) {
            labels.put("service", notice.service());
        }
        return labels;
    }
}
