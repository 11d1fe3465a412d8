package io.ticketflow.lifecycle;

import io.ticketflow.sla.SlaClocks;
import io.ticketflow.sla.SlaPolicies;
import io.ticketflow.store.EventLog;
import io.ticketflow.ticket.Ticket;
import java.time.Instant;
import java.time.format.DateTimeFormatter;

/**
 * The events of the SLA clock, read off the difference between two versions of a ticket, so every path that changes a
 * ticket (an agent, a customer's reply, the follow-up sweep, an alert's recovery) records them the same way:
 * {@code sla.paused}, {@code sla.resumed} (durationMs: the paused business time) and {@code sla.breached} (field: the
 * target, to: its due time). {@code sla.warning} is the sweep's: only it knows a notice was due.
 */
final class SlaEvents {

    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z");

    private final EventLog events;
    private final SlaPolicies slas;

    SlaEvents(EventLog events, SlaPolicies slas) {
        this.events = events;
        this.slas = slas;
    }

    void record(Ticket before, Ticket after) {
        String number = after.number();
        if (!before.clock().isPaused() && after.clock().isPaused()) {
            events.record(EventLog.Event.of("sla.paused", number, null, 0, "SLA clock paused: waiting on the customer")
                    .withChange("status", before.status().label(), after.status().label()));
        }
        if (before.clock().isPaused() && !after.clock().isPaused()) {
            long minutes = after.clock().paused().minus(before.clock().paused()).toMinutes();
            events.record(EventLog.Event.of("sla.resumed", number, null, minutes * 60_000, "SLA clock resumed after "
                    + minutes + " business minutes; due times moved on by as much")
                    .withChange("status", before.status().label(), after.status().label()));
        }
        for (String target : new String[] { SlaClocks.FIRST_RESPONSE, SlaClocks.NEXT_RESPONSE, SlaClocks.RESOLUTION }) {
            if (newlyBreached(before, after, target)) {
                Instant due = due(after, target) != null ? due(after, target) : due(before, target);
                events.record(EventLog.Event.of("sla.breached", number, null, 0, label(target) + " due "
                        + (due == null ? "?" : SHOWN.format(due.atZone(slas.calendarFor(after).zone()))))
                        .withChange(target, null, due == null ? null : due.toString()));
            }
        }
    }

    static boolean newlyBreached(Ticket before, Ticket after, String target) {
        return switch (target) {
            case SlaClocks.FIRST_RESPONSE -> !Boolean.TRUE.equals(before.sla().firstResponseBreached())
                    && Boolean.TRUE.equals(after.sla().firstResponseBreached());
            case SlaClocks.RESOLUTION -> !Boolean.TRUE.equals(before.sla().resolutionBreached())
                    && Boolean.TRUE.equals(after.sla().resolutionBreached());
            default -> count(after.clock().nextResponseBreaches()) > count(before.clock().nextResponseBreaches());
        };
    }

    static String label(String target) {
        return switch (target) {
            case SlaClocks.FIRST_RESPONSE -> "first response";
            case SlaClocks.NEXT_RESPONSE -> "next response";
            default -> "resolution";
        };
    }

    private static Instant due(Ticket t, String target) {
        return switch (target) {
            case SlaClocks.FIRST_RESPONSE -> t.sla().firstResponseDueAt();
            case SlaClocks.NEXT_RESPONSE -> t.clock().nextResponseDueAt();
            default -> t.sla().resolutionDueAt();
        };
    }

    private static int count(Integer n) {
        return n == null ? 0 : n;
    }
}
