package io.ticketflow.lifecycle;

import io.ticketflow.sla.SlaPolicies;
import io.ticketflow.store.EventLog;
import io.ticketflow.store.TicketStore;
import io.ticketflow.store.Versioned;
import io.ticketflow.ticket.LifecycleException;
import io.ticketflow.ticket.LifecycleException.Kind;
import io.ticketflow.sla.SlaClocks;
import io.ticketflow.ticket.Ticket;
import io.ticketflow.ticket.TicketStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * The ticket life cycle: new → open → pending (waiting on the customer) → solved → closed, with the times KPIs need.
 * Status changes go through here so that status, life-cycle times and SLA flags always agree: an agent's first reply
 * records the first response, solving records the resolution, a customer reply reopens a pending or solved ticket,
 * an agent's correction of queue, level, priority or category is recorded as an event (classifier training reads
 * them) and a new priority or queue recomputes the due times. Every status change of a stored ticket goes through
 * {@link #moved}, which also runs the SLA clock ({@link SlaClocks}: pending pauses it, leaving pending resumes it and
 * pushes the due times); {@link SlaEvents} records what changed (sla.paused, sla.resumed, sla.breached).
 */
@Component
public class TicketLifecycle {

    private static final Pattern LEVEL = Pattern.compile("L[0-9]");

    private final TicketStore tickets;
    private final SlaPolicies slas;
    private final EventLog events;
    private final Clock clock;
    private final SlaClocks clocks;
    private final SlaEvents slaEvents;

    public TicketLifecycle(TicketStore tickets, SlaPolicies slas, EventLog events, Clock clock) {
        this.tickets = tickets;
        this.slas = slas;
        this.events = events;
        this.clock = clock;
        this.clocks = new SlaClocks(slas);
        this.slaEvents = new SlaEvents(events, slas);
    }

    /** A stored ticket before and after one change (the version the successful write started from). */
    public record Change(Ticket before, Ticket after) {
        public boolean statusChanged() {
            return before.status() != after.status();
        }
    }

    /**
     * The one status change of a ticket being written (call it inside a {@link TicketStore#update}): life-cycle times,
     * SLA flags and the SLA clock. Callers then hand before and after to {@link #recordSla}, or use {@link #apply}.
     */
    public Ticket moved(Ticket current, TicketStatus status, Instant now) {
        return clocks.moved(current, status, now);
    }

    /** The SLA events the change between two versions of a ticket means (pause, resume, breaches). */
    public void recordSla(Ticket before, Ticket after) {
        slaEvents.record(before, after);
    }

    /**
     * A change of a stored ticket that may move its status: {@code edit}, then the status {@code target} picks for the
     * edited ticket (null: it stays) through {@link #moved}; SLA events recorded. Status events are the caller's (it
     * knows why: an alert's recovery, an auto-close).
     */
    public Change apply(String number, UnaryOperator<Ticket> edit, Function<Ticket, TicketStatus> target) {
        Instant now = clock.instant();
        Ticket[] before = new Ticket[1];
        Ticket after = tickets.update(number, current -> {
            before[0] = current;
            Ticket next = edit.apply(current);
            TicketStatus status = target.apply(next);
            return status == null || status == next.status() ? next : moved(next, status, now);
        });
        Ticket was = before[0] == null ? after : before[0];
        slaEvents.record(was, after);
        return new Change(was, after);
    }

    /** An escalation step of the follow-up sweep: the level raised once per step key; null if taken already. */
    public Change escalated(String number, String stepKey, String level) {
        Change c = apply(number, t -> SlaClocks.escalated(t, stepKey, level), t -> null);
        if (c.before().sla().escalated().contains(stepKey) || !c.after().sla().escalated().contains(stepKey)) {
            return null;
        }
        events.recordChange("escalated", number, "level", c.before().triage().level() == null ? "L0"
                : c.before().triage().level(), c.after().triage().level());
        return c;
    }

    /** A running target whose due time has passed is flagged (event sla.breached); true if this call flagged it. */
    public boolean breached(String number, String target) {
        Instant now = clock.instant();
        Change c = apply(number, t -> clocks.missed(t, target, now), t -> null);
        return SlaEvents.newlyBreached(c.before(), c.after(), target);
    }

    /** A new ticket before it is stored: its SLA policy and due times, counted from its creation, its clock running. */
    public Ticket opened(Ticket ticket) {
        Ticket.Lifecycle l = ticket.lifecycle();
        Ticket withTimes = l.statusChangedAt() != null ? ticket
                : ticket.withLifecycle(new Ticket.Lifecycle(l.firstResponseAt(), l.firstResponseMinutes(), l.resolvedAt(),
                        l.resolutionMinutes(), l.closedAt(), l.reopened(), ticket.createdAt(), l.reminders(),
                        l.satisfactionRequestedAt()));
        return clocks.started(withTimes);
    }

    /**
     * A customer wrote on the ticket: a pending or solved ticket is open again (a closed one stays closed), the SLA
     * clock runs again, and a ticket that has had its first response owes a next response.
     */
    public Ticket customerReplied(String number) {
        Instant now = clock.instant();
        Ticket[] before = new Ticket[1];
        Ticket t = tickets.update(number, current -> {
            before[0] = current;
            return clocks.customerReplied(current, now);
        });
        if (before[0] != null && before[0].status() != t.status()) {
            events.recordChange("reopened", number, "status", before[0].status().label(), t.status().label());
        }
        slaEvents.record(before[0] == null ? t : before[0], t);
        return t;
    }

    /** {@link #customerReplied(String)}, without a round trip when the reply changes nothing on the ticket as written. */
    public Ticket customerReplied(Ticket justWritten) {
        return SlaClocks.changesOnReply(justWritten) ? customerReplied(justWritten.number()) : justWritten;
    }

    /**
     * An agent answered: first response time (once), the next response owed (if any) satisfied, and the next status
     * (default: a new ticket becomes open).
     */
    public Ticket responded(String number, String nextStatus) {
        Instant now = clock.instant();
        TicketStatus requested = nextStatus == null ? null : requireStatus(nextStatus);
        Ticket[] before = new Ticket[1];
        Ticket t = tickets.update(number, current -> {
            before[0] = current;
            Ticket next = clocks.agentResponded(current, now);
            TicketStatus target = requested != null ? requested
                    : current.status() == TicketStatus.NEW ? TicketStatus.OPEN : null;
            return target == null || target == next.status() ? next : moved(next, target, now);
        });
        Ticket was = before[0] == null ? t : before[0];
        if (was.status() != t.status()) {
            events.recordChange("status-changed", number, "status", was.status().label(), t.status().label());
        }
        slaEvents.record(was, t);
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
        Ticket[] before = new Ticket[1];
        Ticket t = tickets.update(number, current -> {
            changed.clear();
            before[0] = current;
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
                result = moved(result, requested, now);
            }
            return result;
        });
        changed.forEach((field, fromTo) -> events.recordChange(field.equals("status") ? "status-changed" : "corrected",
                number, field, fromTo[0], fromTo[1]));
        slaEvents.record(before[0] == null ? t : before[0], t);
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
