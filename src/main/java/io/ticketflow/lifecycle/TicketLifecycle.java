package io.ticketflow.lifecycle;

import io.ticketflow.sla.SlaPolicies;
import io.ticketflow.store.EventLog;
import io.ticketflow.store.TicketStore;
import io.ticketflow.store.Versioned;
import io.ticketflow.ticket.LifecycleException;
import io.ticketflow.ticket.LifecycleException.Kind;
import io.ticketflow.ticket.StatusTransitions;
import io.ticketflow.ticket.Ticket;
import io.ticketflow.ticket.TicketStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * The ticket life cycle: new → open → pending (waiting on the customer) → solved → closed, with the times KPIs need.
 * Status changes go through here so that status, life-cycle times and SLA flags always agree: an agent's first reply
 * records the first response, solving records the resolution, a customer reply reopens a pending or solved ticket,
 * an agent's correction of queue, level, priority or category is recorded as an event (classifier training reads
 * them) and a new priority or queue recomputes the due times.
 */
@Component
public class TicketLifecycle {

    private static final Pattern LEVEL = Pattern.compile("L[0-9]");

    private final TicketStore tickets;
    private final SlaPolicies slas;
    private final EventLog events;
    private final Clock clock;

    public TicketLifecycle(TicketStore tickets, SlaPolicies slas, EventLog events, Clock clock) {
        this.tickets = tickets;
        this.slas = slas;
        this.events = events;
        this.clock = clock;
    }

    /** A new ticket before it is stored: its SLA policy and due times, counted from its creation. */
    public Ticket opened(Ticket ticket) {
        Ticket.Lifecycle l = ticket.lifecycle();
        Ticket withTimes = l.statusChangedAt() != null ? ticket
                : ticket.withLifecycle(new Ticket.Lifecycle(l.firstResponseAt(), l.firstResponseMinutes(), l.resolvedAt(),
                        l.resolutionMinutes(), l.closedAt(), l.reopened(), ticket.createdAt(), l.reminders(),
                        l.satisfactionRequestedAt()));
        return slas.withDueTimes(withTimes);
    }

    /** A customer wrote on the ticket: a pending or solved ticket is open again (a closed one stays closed). */
    public Ticket customerReplied(String number) {
        Instant now = clock.instant();
        TicketStatus[] was = new TicketStatus[1];
        Ticket t = tickets.update(number, current -> {
            was[0] = current.status();
            return reopensOnReply(current) ? StatusTransitions.to(current, TicketStatus.OPEN, now) : current;
        });
        if (was[0] != t.status()) {
            events.recordChange("reopened", number, "status", was[0].label(), t.status().label());
        }
        return t;
    }

    /** {@link #customerReplied(String)}, without a round trip when the ticket as just written is not waiting. */
    public Ticket customerReplied(Ticket justWritten) {
        return reopensOnReply(justWritten) ? customerReplied(justWritten.number()) : justWritten;
    }

    private static boolean reopensOnReply(Ticket ticket) {
        return ticket.status() == TicketStatus.PENDING || ticket.status() == TicketStatus.SOLVED;
    }

    /** An agent answered: first response time (once), and the next status (default: a new ticket becomes open). */
    public Ticket responded(String number, String nextStatus) {
        Instant now = clock.instant();
        TicketStatus requested = nextStatus == null ? null : requireStatus(nextStatus);
        TicketStatus[] was = new TicketStatus[1];
        Ticket t = tickets.update(number, current -> {
            was[0] = current.status();
            Ticket next = current;
            Ticket.Lifecycle l = current.lifecycle();
            if (l.firstResponseAt() == null) {
                long minutes = Duration.between(current.createdAt(), now).toMinutes();
                next = next.withLifecycle(new Ticket.Lifecycle(now, minutes, l.resolvedAt(), l.resolutionMinutes(),
                        l.closedAt(), l.reopened(), l.statusChangedAt(), l.reminders(), l.satisfactionRequestedAt()));
                Ticket.Sla s = next.sla();
                if (s.firstResponseDueAt() != null && now.isAfter(s.firstResponseDueAt())) {
                    next = next.withSla(new Ticket.Sla(s.policy(), s.firstResponseDueAt(), s.resolutionDueAt(), true,
                            s.resolutionBreached(), s.escalations(), s.escalated()));
                }
            }
            TicketStatus target = requested != null ? requested
                    : current.status() == TicketStatus.NEW ? TicketStatus.OPEN : null;
            return target == null || target == next.status() ? next : StatusTransitions.to(next, target, now);
        });
        if (was[0] != t.status()) {
            events.recordChange("status-changed", number, "status", was[0].label(), t.status().label());
        }
        return t;
    }

    /** The fields an agent may change with PATCH; null fields stay as they are. */
    public record Changes(String status, String queue, String level, String priority, String category, String assignee) {
    }

    /** Applies an agent's changes; corrections of triage fields are recorded as {@code corrected} events. */
    public Ticket change(String number, Changes changes) {
        Versioned<Ticket> found = tickets.find(number);
        if (found == null) {
            throw new LifecycleException(Kind.NOT_FOUND, "no ticket " + number);
        }
        TicketStatus requested = changes.status() == null ? null : requireStatus(changes.status());
        if (changes.level() != null && !LEVEL.matcher(changes.level()).matches()) {
            throw new LifecycleException(Kind.INVALID, "level must be L0, L1, L2 ... (got \"" + changes.level() + "\")");
        }
        for (String[] f : new String[][] { { "queue", changes.queue() }, { "priority", changes.priority() },
                { "category", changes.category() }, { "assignee", changes.assignee() } }) {
            if (f[1] != null && (f[1].isBlank() || f[1].length() > 200 || f[1].chars().anyMatch(Character::isISOControl))) {
                throw new LifecycleException(Kind.INVALID, f[0] + " must be a short single-line value");
            }
        }
        Instant now = clock.instant();
        Map<String, String[]> changed = new LinkedHashMap<>();
        Ticket t = tickets.update(number, current -> {
            changed.clear();
            if (current.status() == TicketStatus.CLOSED && requested != null && requested != TicketStatus.CLOSED) {
                throw new LifecycleException(Kind.CONFLICT, "ticket " + number + " is closed; closed tickets are final");
            }
            Ticket.Triage tr = current.triage();
            Ticket.Triage next = new Ticket.Triage(pick(changed, "queue", tr.queue(), changes.queue()),
                    pick(changed, "level", tr.level(), changes.level()),
                    pick(changed, "priority", tr.priority(), changes.priority()),
                    pick(changed, "category", tr.category(), changes.category()), tr.type(), tr.language(),
                    tr.assigneeGroup(), pick(changed, "assignee", tr.assignee(), changes.assignee()),
                    changed.containsKey("category") || changed.containsKey("priority") ? Boolean.FALSE : tr.needsReview());
            Ticket result = next.equals(tr) ? current : current.withTriage(next);
            if (changed.containsKey("priority") || changed.containsKey("queue")) {
                result = result.withSla(slas.recomputed(result));
            }
            if (requested != null && requested != current.status()) {
                changed.put("status", new String[] { current.status().label(), requested.label() });
                result = StatusTransitions.to(result, requested, now);
            }
            return result;
        });
        changed.forEach((field, fromTo) -> events.recordChange(field.equals("status") ? "status-changed" : "corrected",
                number, field, fromTo[0], fromTo[1]));
        return t;
    }

    private static String pick(Map<String, String[]> changed, String field, String current, String requested) {
        if (requested == null || requested.equals(current)) {
            return current;
        }
        changed.put(field, new String[] { current, requested });
        return requested;
    }

    /** The status an agent asked for; INVALID unless it is one an agent may set (every status but new). */
    public static TicketStatus requireStatus(String status) {
        return TicketStatus.AGENT_SETTABLE.stream().filter(s -> s.label().equals(status)).findFirst()
                .orElseThrow(() -> new LifecycleException(Kind.INVALID, "status must be one of "
                        + TicketStatus.AGENT_SETTABLE + " (got \"" + status + "\")"));
    }
}
