package io.ticketflow.store;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.search.Hit;
import io.ticketflow.ticket.Ticket;
import io.ticketflow.ticket.TicketStatus;
import java.time.Instant;
import java.util.List;
import org.springframework.context.annotation.DependsOn;
import org.springframework.stereotype.Component;

/**
 * The searches of the follow-up scheduler: candidates only (near-real-time search is fine for a sweep that runs again
 * in a minute); every candidate is re-read by realtime GET and changed with optimistic concurrency.
 */
@Component
@DependsOn("indexTemplates")
public class FollowupQueries {

    private final ElasticsearchClient client;
    private final Indices indices;

    public FollowupQueries(ElasticsearchClient client, Indices indices) {
        this.client = client;
        this.indices = indices;
    }

    /** Tickets in the status whose status changed at or before the time, oldest first. */
    public List<String> inStatusSince(TicketStatus status, Instant changedBefore, int max) {
        return numbers(Query.of(q -> q.bool(b -> b
                .filter(f -> f.term(t -> t.field("status").value(status.label())))
                .filter(f -> f.range(r -> r.date(d -> d.field("lifecycle.statusChangedAt").lte(changedBefore.toString())))))),
                "lifecycle.statusChangedAt", max);
    }

    /** Open tickets (new, open) with a due time (first or next response, resolution) before the horizon, or none yet. */
    public List<String> slaCandidates(Instant horizon, int max) {
        return numbers(slaQuery(horizon), "createdAt", max);
    }

    /**
     * {@link #slaCandidates}, each with the ticket as the search saw it (near-real-time): enough to tell that nothing
     * is due yet without a realtime GET of every candidate on every pass; a ticket with work is read again first.
     */
    public List<Ticket> slaCandidateTickets(Instant horizon, int max) {
        var response = StoreErrors.call("find tickets due for follow-up", () -> client.search(s -> s
                .index(indices.tickets())
                .query(slaQuery(horizon))
                .sort(o -> o.field(f -> f.field("createdAt").order(SortOrder.Asc).unmappedType(
                        co.elastic.clients.elasticsearch._types.mapping.FieldType.Date)))
                .size(max), Ticket.class));
        return response.hits().hits().stream().map(Hit::source).filter(t -> t != null && t.number() != null).toList();
    }

    private static Query slaQuery(Instant horizon) {
        return Query.of(q -> q.bool(b -> b
                .filter(f -> f.terms(t -> t.field("status").terms(v -> v.value(List.of(FieldValue.of(TicketStatus.NEW.label()),
                        FieldValue.of(TicketStatus.OPEN.label()))))))
                .minimumShouldMatch("1")
                .should(s -> s.range(r -> r.date(d -> d.field("sla.firstResponseDueAt").lte(horizon.toString()))))
                .should(s -> s.range(r -> r.date(d -> d.field("sla.resolutionDueAt").lte(horizon.toString()))))
                .should(s -> s.range(r -> r.date(d -> d.field("clock.nextResponseDueAt").lte(horizon.toString()))))
                .should(s -> s.bool(n -> n.mustNot(m -> m.exists(e -> e.field("sla.resolutionDueAt")))))));
    }

    /** Solved tickets whose satisfaction request has not been queued. */
    public List<String> solvedWithoutSatisfactionRequest(int max) {
        return numbers(Query.of(q -> q.bool(b -> b
                .filter(f -> f.term(t -> t.field("status").value(TicketStatus.SOLVED.label())))
                .mustNot(m -> m.exists(e -> e.field("lifecycle.satisfactionRequestedAt"))))), "updatedAt", max);
    }

    private List<String> numbers(Query query, String sortField, int max) {
        var response = StoreErrors.call("find tickets due for follow-up", () -> client.search(s -> s
                .index(indices.tickets())
                .query(query)
                .source(src -> src.fetch(false))
                .sort(o -> o.field(f -> f.field(sortField).order(SortOrder.Asc).unmappedType(
                        co.elastic.clients.elasticsearch._types.mapping.FieldType.Date)))
                .size(max), Void.class));
        return response.hits().hits().stream().map(Hit::id).toList();
    }
}
