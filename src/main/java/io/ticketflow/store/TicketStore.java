package io.ticketflow.store;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.VersionType;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.GetResponse;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import io.ticketflow.ticket.Ticket;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.DependsOn;
import org.springframework.stereotype.Component;

/**
 * Tickets in Elasticsearch. Lookups by number are realtime GETs; every change is a read-modify-write guarded by
 * {@code if_seq_no}/{@code if_primary_term} and retried on conflict, so concurrent messages never lose an update
 * (painless update scripts are not available on the minimal distribution, and this is easier to reason about).
 * <p>
 * The version of each ticket this instance last wrote or read is kept in a bounded in-process cache: an update tries
 * it first, without a GET, and the conditional write itself tells whether it was still current (a conflict re-reads).
 * {@link #find} always reads the store: threading decides on what the ticket is now (merged, closed, who takes part).
 */
@Component
@DependsOn("indexTemplates")
public class TicketStore {

    private static final int FIRST_NUMBER = 100_000;
    private static final int MAX_ATTEMPTS = 50;
    private static final int MAX_NUMBER_SKIPS = 1000;
    /** How far below the highest a number may come back (allocations in flight at once) and still be trusted. */
    private static final int OUT_OF_ORDER = 1024;

    private final ElasticsearchClient client;
    private final Indices indices;
    private final RecentCache<String, Versioned<Ticket>> versions;
    /** Ticket numbers reserved per counter write (issue #16 counted one counter write per ticket). */
    private final int numberBlock;
    /** The highest number this instance allocated and found free; -1: check every number (none yet, or counter behind). */
    private long highestAllocated = -1;
    /** The last counter values handed to this instance, oldest first. */
    private final LinkedHashSet<Long> handedOut = new LinkedHashSet<>();
    /** The counter values this instance reserved and has not handed out yet: {@code nextValue} to {@code blockEnd}. */
    private long nextValue = 1;
    private long blockEnd = 0;

    public TicketStore(ElasticsearchClient client, Indices indices) {
        this(client, indices, LookupCacheProperties.defaults(), TicketNumberProperties.defaults());
    }

    public TicketStore(ElasticsearchClient client, Indices indices, LookupCacheProperties lookups) {
        this(client, indices, lookups, TicketNumberProperties.defaults());
    }

    @Autowired
    public TicketStore(ElasticsearchClient client, Indices indices, LookupCacheProperties lookups,
            TicketNumberProperties numbers) {
        this.client = client;
        this.indices = indices;
        this.versions = new RecentCache<>(lookups.tickets(), lookups.maxAge(), Clock.systemUTC());
        this.numberBlock = numbers.block();
    }

    /**
     * A new ticket number, unique across instances: the counter document's _version is the highest number reserved
     * by any instance, and an instance reserves a block of them at a time ({@link TicketNumberProperties#block}) ({@link #reserveBlock}), handing them
     * out in order. Numbers of two instances therefore interleave (one instance's tickets are 100001, 100002 ... while
     * the other's are 100033, 100034 ...), and the numbers an instance reserved and did not use when it stops are a
     * gap, like a crash before the message document. Short and sequential on purpose (people read them out on the
     * phone); being guessable is harmless because a number authorizes nothing, the threading sender check does. A
     * number whose ticket already exists (the counter was lost, e.g. an index restored from an older snapshot) is
     * skipped, so a new ticket never lands on an old one. Whether it exists is read only for this instance's first
     * number and for a value it was handed before (the counter went back); a number some other instance held before
     * the counter went back is caught when the ticket is created ({@link #createIfAbsent}), and fails that message
     * instead of joining the old ticket.
     */
    public String allocateNumber() {
        for (int attempt = 0; attempt < MAX_NUMBER_SKIPS; attempt++) {
            long version = nextCounterValue();
            String number = Long.toString(FIRST_NUMBER + version);
            // the counter only grows: a number above the highest one this instance found free (or just below it, not
            // seen before) was never handed out, so only the first number and a repeat (the counter went back) are read
            boolean free = trusted(version) || find(number) == null;
            checked(version, free);
            if (free) {
                return number;
            }
        }
        throw new StoreUnavailableException("the ticket-number counter is behind the existing tickets by more than "
                + MAX_NUMBER_SKIPS + ": restore the counters index or raise the counter", null);
    }

    /** The next counter value of this instance's block; a new block when it is used up. */
    private synchronized long nextCounterValue() {
        if (nextValue > blockEnd) {
            long reserved = reserveBlock();
            nextValue = reserved - numberBlock + 1;
            blockEnd = reserved;
        }
        return nextValue++;
    }

    /**
     * Reserves the next block of counter values for this instance and returns the highest: a realtime
     * read of the counter's _version, then a write with that version plus the block as its external version, which
     * Elasticsearch accepts only while the stored version is still lower. Two instances that read the same version
     * cannot both write it: the second gets a conflict and reads again, so blocks never overlap.
     */
    private long reserveBlock() {
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            GetResponse<Map> got = StoreErrors.call("read the ticket-number counter",
                    () -> client.get(g -> g.index(indices.counters()).id("ticket-number"), Map.class));
            long reserved = (got.found() && got.version() != null ? got.version() : 0) + numberBlock;
            try {
                client.index(i -> i.index(indices.counters()).id("ticket-number")
                        .document(Map.of("name", "ticket-number")).versionType(VersionType.External).version(reserved));
                return reserved;
            }
            catch (Exception e) {
                if (!StoreErrors.isConflict(e)) {
                    throw StoreErrors.failure("allocate a ticket number", e);
                }
                backOff(attempt);
            }
        }
        throw new StoreUnavailableException("the ticket-number counter kept changing; gave up after " + MAX_ATTEMPTS
                + " attempts", null);
    }

    /**
     * Free without a read: above the highest number this instance found free, or a little below it and never handed
     * to this instance (concurrent allocations come back out of order); a repeat means the counter went back.
     */
    private synchronized boolean trusted(long version) {
        boolean repeat = !handedOut.add(version);
        if (handedOut.size() > OUT_OF_ORDER) {
            handedOut.remove(handedOut.iterator().next());
        }
        return highestAllocated >= 0 && !repeat && version > highestAllocated - OUT_OF_ORDER;
    }

    private synchronized void checked(long version, boolean free) {
        highestAllocated = free ? Math.max(highestAllocated, version) : -1;
    }

    /**
     * Creates the ticket unless a ticket with that number exists (a retry); returns the stored ticket. A ticket found
     * under the number that holds none of this ticket's messages is someone else's (the number counter went back,
     * see {@link #allocateNumber}): refused, never joined.
     */
    public Ticket createIfAbsent(Ticket ticket) {
        try {
            var created = client.create(c -> c.index(indices.tickets()).id(ticket.number()).document(ticket));
            versions.put(ticket.number(), new Versioned<>(ticket, created.seqNo(), created.primaryTerm()));
            return ticket;
        }
        catch (Exception e) {
            if (StoreErrors.isConflict(e)) {
                Ticket stored = find(ticket.number()).value();
                if (!ticket.messageKeys().isEmpty() && ticket.messageKeys().stream().noneMatch(stored::hasMessage)) {
                    checked(0, false);
                    throw new IllegalStateException("ticket number " + ticket.number() + " belongs to another ticket"
                            + " already: the ticket-number counter is behind the tickets (restore the counters index"
                            + " or raise the counter)");
                }
                return stored;
            }
            throw StoreErrors.failure("create ticket " + ticket.number(), e);
        }
    }

    /** Forgets the cached versions of tickets deleted or rewritten outside this store (retention, erasure). */
    void forget(Collection<String> numbers) {
        numbers.forEach(versions::remove);
    }

    /** Forgets every cached version (another instance deleted or rewrote tickets). */
    void forgetAll() {
        versions.clear();
    }

    /** The ticket as stored now (a realtime GET, never the cache). */
    public Versioned<Ticket> find(String number) {
        if (number == null || !number.matches("[0-9A-Za-z-]{1,40}")) {
            return null;
        }
        GetResponse<Ticket> got = StoreErrors.call("read ticket " + number,
                () -> client.get(g -> g.index(indices.tickets()).id(number), Ticket.class));
        if (!got.found()) {
            versions.remove(number);
            return null;
        }
        Versioned<Ticket> found = new Versioned<>(got.source(), got.seqNo(), got.primaryTerm());
        versions.put(number, found);
        return found;
    }

    /**
     * Applies a change with optimistic concurrency, re-reading and re-applying on conflict. The first try starts
     * from the version this instance last wrote or read, if it has one: a write conditional on that version fails if
     * anyone changed the ticket since, and a change that would write nothing (or refuses) on it is tried again on
     * the ticket as stored, so a remembered version never decides anything by itself.
     */
    public Ticket update(String number, UnaryOperator<Ticket> change) {
        Versioned<Ticket> remembered = versions.get(number);
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            boolean fromCache = remembered != null;
            Versioned<Ticket> current = fromCache ? remembered : find(number);
            remembered = null;
            if (current == null) {
                throw new IllegalStateException("ticket " + number + " does not exist");
            }
            Ticket next;
            try {
                next = change.apply(current.value());
            }
            catch (RuntimeException e) {
                if (fromCache) {
                    continue;
                }
                throw e;
            }
            if (next.equals(current.value())) {
                if (fromCache) {
                    continue;
                }
                return next;
            }
            try {
                var written = client.index(i -> i.index(indices.tickets()).id(number).document(next)
                        .ifSeqNo(current.seqNo()).ifPrimaryTerm(current.primaryTerm()));
                versions.put(number, new Versioned<>(next, written.seqNo(), written.primaryTerm()));
                return next;
            }
            catch (Exception e) {
                if (!StoreErrors.isConflict(e)) {
                    throw StoreErrors.failure("update ticket " + number, e);
                }
                versions.remove(number);
                if (!fromCache) {
                    backOff(attempt);
                }
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
