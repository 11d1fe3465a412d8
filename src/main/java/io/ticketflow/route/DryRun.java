package io.ticketflow.route;

import io.ticketflow.vocabulary.Classification;
import io.ticketflow.vocabulary.RoutingDecision;

/** The human-readable answer of a dry run: classification, rules matched, resulting fields. */
public final class DryRun {

    private DryRun() {
    }

    public static String describe(String subject, Classification c, RoutingDecision d) {
        StringBuilder s = new StringBuilder();
        s.append("subject: ").append(subject).append('\n');
        s.append("language: ").append(c.language()).append('\n');
        c.predictions().forEach((name, p) -> s.append(String.format("%s: %s (confidence %.2f%s)%n", name, p.label(),
                p.confidence(), p.belowThreshold() ? ", below threshold: needs review" : "")));
        s.append("rules matched: ").append(d.rulesMatched().isEmpty() ? "(none)" : String.join(", ", d.rulesMatched())).append('\n');
        if (d.refused()) {
            s.append(d.spam() ? "SPAM: " : "REJECTED: ").append(d.reason()).append(" (no ticket)\n");
        }
        s.append("queue: ").append(d.queue()).append('\n');
        s.append("level: ").append(d.level()).append('\n');
        s.append("priority: ").append(d.priority()).append('\n');
        s.append("sla: ").append(d.slaPolicy()).append('\n');
        s.append("assigneeGroup: ").append(d.assigneeGroup()).append('\n');
        s.append("tags: ").append(d.tags()).append('\n');
        s.append("acknowledgement: ").append(d.acknowledgementTemplate() == null ? "default" : d.acknowledgementTemplate()).append('\n');
        if (!d.faqArticles().isEmpty()) {
            s.append("faq: ").append(d.faqArticles()).append('\n');
        }
        return s.toString();
    }
}
