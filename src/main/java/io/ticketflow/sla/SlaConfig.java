package io.ticketflow.sla;

import java.util.Map;

/**
 * Everything in {@code config/sla.yml}: calendars, policies, which queue uses which policy and where its escalation
 * notices go, and the follow-up delays for pending and solved tickets.
 */
public record SlaConfig(String defaultPolicy, String escalationAddress, Map<String, BusinessCalendar> calendars,
        Map<String, SlaPolicy> policies, Map<String, Queue> queues, Followups followups) {

    /**
     * A queue's policy, the address of the team behind it (escalation notices) and its business calendar (hours and
     * holidays; null: the policy's calendar).
     */
    public record Queue(String policy, String address, String calendar) {
        public Queue(String policy, String address) {
            this(policy, address, null);
        }
    }

    /**
     * Follow-ups for tickets waiting on the customer and for solved tickets.
     *
     * @param reminderAfterDays  business days pending before a reminder
     * @param reminders          how many reminders at most (each after {@code reminderAfterDays})
     * @param autoCloseAfterDays business days after the last reminder before the ticket is closed with a notice
     *                           (0: never auto-close)
     * @param satisfaction       send a satisfaction request when a ticket is solved
     */
    public record Followups(int reminderAfterDays, int reminders, int autoCloseAfterDays, boolean satisfaction) {
        public static final Followups DEFAULT = new Followups(3, 1, 4, true);
    }

    public SlaPolicy policy(String name) {
        return name == null ? null : policies.get(name);
    }
}
