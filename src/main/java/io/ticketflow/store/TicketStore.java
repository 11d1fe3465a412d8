package io.ticketflow.store;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.GetResponse;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import io.ticketflow.ticket.Ticket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.springframework.context.annotation.DependsOn;
import org.springframework.stereotype.Component;

/**
 * Tickets in Elasticsearch. Lookups by number are realtime GETs; every change is a read-modify-write guarded by
 * {@code if_seq_no}/{@code if_primary_term} and retried on conflict, so concurrent messages never lose an update
 * (painless update scripts are not available on the minimal distribution, and this is easier to reason about).
 */
@Component
@DependsOn("indexTemplates")
public class TicketStore {

    private static final int FIRST_NUMBER = 100_000;
    private static final int MAX_ATTEMPTS = 50;
    private static final int MAX_NUMBER_SKIPS = 1000;

    private final ElasticsearchClient client;
    private final Indices indices;

    public TicketStore(ElasticsearchClient client, Indices indices) {
        this.client = client;
        this.indices = indices;
    }

    /**
     * A new ticket number, unique across instances: each index of the counter document bumps its _version atomically.
     * Short and sequential on purpose (people read them out on the phone); being guessable is harmless because a
     * number authorizes nothing, the threading sender check does. A number whose ticket already exists (the counter
     * was lost, e.g. an index restored from an older snapshot) is skipped, so a new ticket never lands on an old one.
     */
    public String allocateNumber() {
        for (int attempt = 0; attempt < MAX_NUMBER_SKIPS; attempt++) {
            long version = StoreErrors.call("allocate a ticket number", () -> client.index(i -> i.index(indices.counters())
                    .id("ticket-number").document(Map.of("name", "ticket-number")))).version();
            String number = Long.toString(FIRST_NUMBER + version);
            if (find(number) == null) {
                return number;
            }
        }
        throw new StoreUnavailableException("the ticket-number counter is behind the existing tickets by more than "
                + MAX_NUMBER_SKIPS + ": restore the counters index or raise the counter", null);
    }

    /** Creates the ticket unless a ticket with that number exists (a retry); returns the stored ticket. */
    public Ticket createIfAbsent(Ticket ticket) {
        try {
            client.create(c -> c.index(indices.tickets()).id(ticket.number()).document(ticket));
            return ticket;
        }
        catch (Exception e) {
            if (StoreErrors.isConflict(e)) {
                return find(ticket.number()).value();
            }
            throw StoreErrors.unavailable("create ticket " + ticket.number(), e);
        }
    }

    public Versioned<Ticket> find(String number) {
        if (number == null || !number.matches("[0-9A-Za-z-]{1,40}")) {
            return null;
        }
        GetResponse<Ticket> got = StoreErrors.call("read ticket " + number,
                () -> client.get(g -> g.index(indices.tickets()).id(number), Ticket.class));
        return got.found() ? new Versioned<>(got.source(), got.seqNo(), got.primaryTerm()) : null;
    }

    /** Applies a change with optimistic concurrency, re-reading and re-applying on conflict. */
    public Ticket update(String number, UnaryOperator<Ticket> change) {
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            Versioned<Ticket> current = find(number);
            if (current == null) {
                throw new IllegalStateException("ticket " + number + " does not exist");
            }
            Ticket next = change.apply(current.value());
            if (next.equals(current.value())) {
                return next;
            }
            try {
                client.index(i -> i.index(indices.tickets()).id(number).document(next)
                        .ifSeqNo(current.seqNo()).ifPrimaryTerm(current.primaryTerm()));
                return next;
            }
            catch (Exception e) {
                if (!StoreErrors.isConflict(e)) {
                    throw StoreErrors.unavailable("update ticket " + number, e);
                }
                backOff(attempt);
            }
        }
        throw new StoreUnavailableException("ticket " + number + " kept changing; gave up after " + MAX_ATTEMPTS
                + " attempts", null);
    }

    /** Tickets matching a free-text query and/or status, newest first. */
    public Page<Ticket> search(String text, String status, int page, int size) {
        return search(text, status, page * size, null, size, page);
    }

    /**
     * The next tickets after a cursor from an earlier page ({@link Page#next()}): {@code search_after} on the sort
     * values, as Elasticsearch recommends past its 10,000-hit window for {@code from}/{@code size}.
     *
     * @throws IllegalArgumentException for a cursor this store did not write
     */
    public Page<Ticket> searchAfter(String text, String status, String after, int size) {
        return search(text, status, 0, TicketCursor.decode(after), size, -1);
    }

    private Page<Ticket> search(String text, String status, int from, List<FieldValue> after, int size, int page) {
        List<Query> filters = new ArrayList<>();
        if (status != null && !status.isBlank()) {
            filters.add(Query.of(q -> q.term(t -> t.field("status").value(status))));
        }
        List<Query> must = new ArrayList<>();
        if (text != null && !text.isBlank()) {
            // exact identifiers (address, number) as terms, prose through the analyzer: an address is not prose
            String exact = text.strip().toLowerCase(java.util.Locale.ROOT);
            must.add(Query.of(q -> q.bool(b -> b.minimumShouldMatch("1")
                    .should(s -> s.term(t -> t.field("customer").value(exact)))
                    .should(s -> s.term(t -> t.field("participants").value(exact)))
                    // a customer's address also finds the tickets of their linked chat identities
                    .should(s -> s.term(t -> t.field("customerIdentities").value(exact)))
                    .should(s -> s.term(t -> t.field("number").value(text.strip())))
                    .should(s -> s.simpleQueryString(sq -> sq.query(text).fields("subject", "customerName")
                            .defaultOperator(co.elastic.clients.elasticsearch._types.query_dsl.Operator.And))))));
        }
        SearchResponse<Ticket> response = StoreErrors.call("search tickets", () -> client.search(s -> {
            s.index(indices.tickets())
                    .query(q -> q.bool(b -> b.filter(filters).must(must)))
                    // the number breaks ties between tickets created in the same millisecond, so a cursor is exact
                    .sort(o -> o.field(f -> f.field("createdAt").order(SortOrder.Desc)))
                    .sort(o -> o.field(f -> f.field("number").order(SortOrder.Desc)))
                    .size(size)
                    .trackTotalHits(t -> t.enabled(true));
            return after == null ? s.from(from) : s.searchAfter(after);
        }, Ticket.class));
        List<Hit<Ticket>> hits = response.hits().hits();
        List<Ticket> tickets = hits.stream().map(Hit::source).toList();
        long total = response.hits().total() == null ? tickets.size() : response.hits().total().value();
        String next = hits.size() < size ? null : TicketCursor.encode(hits.get(hits.size() - 1).sort());
        return new Page<>(tickets, total, page, size, next);
    }

    private static void backOff(int attempt) {
        try {
            Thread.sleep(Math.min(200, 2L * attempt + (long) (Math.random() * 10 * attempt)));
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted while retrying a ticket update", e);
        }
    }

    /**
     * One page of results.
     *
     * @param page the page number asked for, -1 for a page after a cursor
     * @param next the cursor of the page after this one, null on the last page
     */
    public record Page<T>(List<T> items, long total, int page, int size, String next) {
    }
}
