package io.ticketflow.thread;

import io.ticketflow.screen.monitoring.MonitoringNotice;
import io.ticketflow.screen.monitoring.MonitoringProperties;
import io.ticketflow.store.ConversationIndex;
import io.ticketflow.store.MessageIdIndex;
import io.ticketflow.store.TicketStore;
import io.ticketflow.store.Versioned;
import io.ticketflow.ticket.Ticket;
import io.ticketflow.vocabulary.ThreadingDecision;
import io.ticketflow.vocabulary.ThreadingDecision.Method;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Threading for monitoring alerts: one open incident per alert identity (Alertmanager's fingerprint, or host and
 * service of a monitoring mail), whatever the subject or the sender's address say. A repeat or the recovery goes on the
 * open incident; a problem after the incident was resolved reopens it within the flapping window, and beyond it opens
 * a new incident linked to the last one. The identity points at its incident like a chat's conversation does.
 */
@Component
public class AlertThreader {

    /** The conversation "channel" of alert identities (apart from every chat channel's keys). */
    static final String KEYS = "alert";

    private final ConversationIndex identities;
    private final TicketStore tickets;
    private final MonitoringProperties properties;
    private final Clock clock;

    @Autowired
    public AlertThreader(ConversationIndex identities, TicketStore tickets, MonitoringProperties properties) {
        this(identities, tickets, properties, Clock.systemUTC());
    }

    AlertThreader(ConversationIndex identities, TicketStore tickets, MonitoringProperties properties, Clock clock) {
        this.identities = identities;
        this.tickets = tickets;
        this.properties = properties;
        this.clock = clock;
    }

    public ThreadingDecision thread(MonitoringNotice notice) {
        String evidence = "alert " + notice.identity();
        // always as stored: a resolved incident the pointer moved away from may be reopened later, so a cached
        // pointer could name an open incident that is no longer the alert's
        ConversationIndex.Found pointer = identities.findStored(KEYS, notice.identity());
        MessageIdIndex.Entry entry = pointer == null ? null : pointer.entry();
        if (entry == null) {
            return ThreadingDecision.newTicket(List.of());
        }
        Versioned<Ticket> found = MergeChain.follow(tickets, entry.ticket(), new StringBuilder());
        if (found == null) {
            return ThreadingDecision.newTicket(List.of(evidence + ": ticket " + entry.ticket() + " does not exist"));
        }
        Ticket incident = found.value();
        if (!incident.isSolvedOrClosed() || notice.recovered() || notice.note()) {
            // a repeat or the recovery of the open incident; a late recovery, an acknowledgement or a downtime notice
            // of a resolved one is only noted on it
            return append(incident, evidence, false);
        }
        Instant resolved = resolvedAt(incident);
        if (resolved != null && resolved.plus(properties.flappingWindow()).isAfter(clock.instant())) {
            return append(incident, evidence + " (flapping: a problem again within " + properties.flappingWindow()
                    + " of its recovery)", true);
        }
        return ThreadingDecision.newLinked(incident.number(), Method.CONVERSATION, evidence, List.of(evidence
                + ": incident " + incident.number() + " was resolved at " + resolved + ", longer ago than the flapping "
                + "window " + properties.flappingWindow() + ": a new incident linked to it"));
    }

    /** The identity's problems go to this incident from now on (called when the alert opened it). */
    public void remember(MonitoringNotice notice, String ticket) {
        identities.point(KEYS, notice.identity(), ticket);
    }

    private static ThreadingDecision append(Ticket incident, String evidence, boolean reopen) {
        return new ThreadingDecision(incident.number(), Method.CONVERSATION, evidence, Method.CONVERSATION.score(),
                List.of(), null, reopen, false);
    }

    private static Instant resolvedAt(Ticket t) {
        Ticket.Lifecycle l = t.lifecycle();
        return l.resolvedAt() != null ? l.resolvedAt() : l.closedAt() != null ? l.closedAt()
                : l.statusChangedAt() != null ? l.statusChangedAt() : t.updatedAt();
    }
}
