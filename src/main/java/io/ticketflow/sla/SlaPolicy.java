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
 * @param escalation      steps in order, each taken once per target (per round for the next response)
 */
public record SlaPolicy(String name, String calendar, String defaultPriority, Map<String, Targets> targets,
        List<EscalationStep> escalation) {

    /**
     * The targets of one priority (business time).
     *
     * @param nextResponse how soon an agent answers a customer's reply on a ticket that has had its first response
     */
    public record Targets(Duration firstResponse, Duration resolution, Duration nextResponse) {
        /** Without a next-response target of its own: the first-response target. */
        public Targets(Duration firstResponse, Duration resolution) {
            this(firstResponse, resolution, firstResponse);
        }
    }

    /**
     * An escalation: when the due time is {@code beforeDue} away (negative: that long overdue), or when {@code share}
     * of the target has passed (0.8: 80 %), raise the ticket to {@code level} and notify the queue's address.
     */
    public record EscalationStep(Duration beforeDue, Double share, String level) {
        public EscalationStep(Duration beforeDue, String level) {
            this(beforeDue, null, level);
        }

        /** Business time before the due time at which the step is taken (negative: after it) for a target. */
        public Duration lead(Duration target) {
            if (share == null) {
                return beforeDue == null ? Duration.ZERO : beforeDue;
            }
            return target == null ? Duration.ZERO : Duration.ofSeconds(Math.round(target.toSeconds() * (1 - share)));
        }
    }

    public Targets targetsFor(String priority) {
        Targets t = priority == null ? null : targets.get(priority);
        return t != null ? t : targets.get(defaultPriority);
    }
}
