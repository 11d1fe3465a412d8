package io.ticketflow.store;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import io.ticketflow.ticket.Ticket;
import io.ticketflow.ticket.TicketStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.context.annotation.DependsOn;
import org.springframework.stereotype.Component;

/**
 * The searches of the quality review: solved tickets of a week with their agent (the sampling's candidates, re-checked
 * by compare-and-set when marked), and the review queue (sampled, not yet scored).
 */
@Component
@DependsOn("indexTemplates")
public class ReviewQueries {

    private static final int PAGE = 1000;
    /** A week of one team is far below this; a runaway query must not read the whole index. */
    private static final int MAX_CANDIDATES = 50_000;

    private final ElasticsearchClient client;
    private final Indices indices;

    public ReviewQueries(ElasticsearchClient client, Indices indices) {
        this.client = client;
        this.indices = indices;
    }

    /** Tickets solved (or closed) in [from, to) with an assignee, in number order. */
    public List<Ticket> solvedBetween(Instant from, Instant to) {
        Query query = Query.of(q -> q.bool(b -> b
                .filter(f -> f.terms(t -> t.field("status").terms(v -> v.value(List.of(
                        FieldValue.of(TicketStatus.SOLVED.label()), FieldValue.of(TicketStatus.CLOSED.label()))))))
                .filter(f -> f.exists(e -> e.field("triage.assignee")))
                .filter(f -> f.range(r -> r.date(d -> d.field("lifecycle.resolvedAt").gte(from.toString())
                        .lt(to.toString()))))));
        List<Ticket> out = new ArrayList<>();
        List<FieldValue> after = null;
        while (out.size() < MAX_CANDIDATES) {
            List<FieldValue> cursor = after;
            SearchResponse<Ticket> page = StoreErrors.call("find solved tickets for review", () -> client.search(s -> {
                s.index(indices.tickets()).query(query).size(PAGE)
                        .source(src -> src.filter(f -> f.excludes("messageKeys", "participants")))
                        .sort(o -> o.field(f -> f.field("number").order(SortOrder.Asc)));
                return cursor == null ? s : s.searchAfter(cursor);
            }, Ticket.class));
            List<Hit<Ticket>> hits = page.hits().hits();
            hits.stream().map(Hit::source).forEach(out::add);
            if (hits.size() < PAGE) {
                break;
            }
            after = hits.get(hits.size() - 1).sort();
        }
        return out;
    }

    /** The review queue: sampled and not yet scored, oldest sample first; optionally one agent's. */
    public List<Ticket> queue(String agent, int max) {
        Query query = Query.of(q -> q.bool(b -> {
            b.filter(f -> f.exists(e -> e.field("review.sampledAt")))
                    .mustNot(m -> m.exists(e -> e.field("review.reviewedAt")));
            if (agent != null && !agent.isBlank()) {
                b.filter(f -> f.term(t -> t.field("review.agent").value(agent.strip())));
            }
            return b;
        }));
        SearchResponse<Ticket> response = StoreErrors.call("read the review queue", () -> client.search(s -> s
                .index(indices.tickets()).query(query).size(max)
                .sort(o -> o.field(f -> f.field("review.sampledAt").order(SortOrder.Asc)))
                .sort(o -> o.field(f -> f.field("number").order(SortOrder.Asc))), Ticket.class));
        return response.hits().hits().stream().map(Hit::source).toList();
    }
}
