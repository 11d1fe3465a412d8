package io.ticketflow.ticket;

import io.ticketflow.vocabulary.Classification;
import io.ticketflow.vocabulary.Prediction;
import io.ticketflow.vocabulary.RoutingDecision;
import java.util.LinkedHashSet;
import java.util.List;

/** Writes a new ticket's triage, SLA policy and tags from its first message's classification and routing decision. */
public final class TicketTriage {

    private TicketTriage() {
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
