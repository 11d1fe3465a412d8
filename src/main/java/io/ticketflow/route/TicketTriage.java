package io.ticketflow.route;

import io.ticketflow.classify.Classification;
import io.ticketflow.classify.Prediction;
import io.ticketflow.respond.MailModels;
import io.ticketflow.store.Ticket;
import java.util.LinkedHashSet;
import java.util.List;

/** Writes a new ticket's triage, SLA policy and tags from its first message's classification and routing decision. */
public final class TicketTriage {

    private TicketTriage() {
    }

    /** The decision's knowledge-base suggestions as the acknowledgement template sees them (a link or a title). */
    public static List<MailModels.FaqArticle> faqArticles(RoutingDecision routing) {
        return routing.faqArticles().stream()
                .map(f -> f.startsWith("http://") || f.startsWith("https://") ? new MailModels.FaqArticle(f, f, null)
                        : new MailModels.FaqArticle(f, null, null))
                .toList();
    }

    public static Ticket apply(Ticket ticket, Classification classification, RoutingDecision routing) {
        Prediction category = classification.category();
        Prediction type = classification.type();
        Ticket.Triage triage = new Ticket.Triage(routing.queue(), routing.level(), routing.priority(),
                category == null ? null : category.label(), type == null ? null : type.label(), classification.language(),
                routing.assigneeGroup(), ticket.triage().assignee(), classification.needsReview());
        LinkedHashSet<String> tags = new LinkedHashSet<>(ticket.tags());
        tags.addAll(routing.tags());
        Ticket.Sla sla = ticket.sla();
        // only the policy: the SLA engine (followup) computes the due times from it, the queue and the priority
        return ticket.withTriage(triage)
                .withSla(new Ticket.Sla(routing.slaPolicy(), sla.firstResponseDueAt(), sla.resolutionDueAt(),
                        sla.firstResponseBreached(), sla.resolutionBreached(), sla.escalations(), sla.escalated()))
                .withTags(List.copyOf(tags));
    }
}
