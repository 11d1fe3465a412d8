package io.ticketflow.sla;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One service-level policy of {@code config/sla.yml}: targets per priority, counted in its calendar's business time,
 * and the escalation steps taken before (or after) a target is missed.
 *
 * @param targets         priority → targets; {@code defaultPriority} is used for tickets without (or with an unknown)
 *                        priority
 * @param escalation      steps in order, each taken once per target
 */
public record SlaPolicy(String name, String calendar, String defaultPriority, Map<String, Targets> targets,
        List<EscalationStep> escalation) {

    /** First response and resolution targets of one priority (business time). */
    public record Targets(Duration firstResponse, Duration resolution) {
    }

    /**
     * An escalation: when the due time is {@code beforeDue} away (negative: that long overdue), raise the ticket to
     * {@code level} and notify the queue's address.
     */
    public record EscalationStep(Duration beforeDue, String level) {
    }

    public Targets targetsFor(String priority) {
        Targets t = priority == null ? null : targets.get(priority);
        return t != null ? t : targets.get(defaultPriority);
    }
}
