package io.ticketflow.store;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.GetResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The automatic-mail breakers tripped now, over all instances: one small document in the counters index, written
 * only when a breaker trips (rare), read by health. Without it an instance would know only the trips it met itself;
 * with it every instance's {@code /actuator/health} shows every trip, and the key documents stay one per key.
 */
public class AutoMailTrips {

    private static final int MAX_ATTEMPTS = 30;
    /** At most this many trips are kept (the latest): a flood from random domains must not grow the document. */
    private static final int MAX_TRIPS = 100;
    static final String ID = "auto-mail-trips";

    private final ElasticsearchClient client;
    private final Indices indices;

    public AutoMailTrips(ElasticsearchClient client, Indices indices) {
        this.client = client;
        this.indices = indices;
    }

    /**
     * One tripped breaker.
     *
     * @param kind   {@code domain}, {@code source} or {@code global}
     * @param value  the domain or source (null for global)
     * @param count  slots counted in the window when it tripped; {@code limit}: its limit
     * @param window the window's length (ISO-8601, e.g. PT10M)
     */
    public record Trip(String kind, String value, Instant since, Instant until, long count, int limit, String window) {
        public boolean active(Instant now) {
            return until != null && now.isBefore(until);
        }
    }

    /** The document: the trips not yet over when it was last written. */
    public record Trips(String name, List<Trip> trips) {
        public Trips {
            trips = trips == null ? List.of() : List.copyOf(trips);
        }
    }

    /** Adds a trip (and forgets those over by {@code now}). */
    public void add(Trip trip, Instant now) {
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            GetResponse<Trips> got = read();
            List<Trip> kept = new ArrayList<>();
            if (got.found() && got.source() != null) {
                got.source().trips().stream().filter(t -> t.active(now)).forEach(kept::add);
            }
            kept.add(trip);
            if (kept.size() > MAX_TRIPS) {
                kept = new ArrayList<>(kept.subList(kept.size() - MAX_TRIPS, kept.size()));
            }
            Trips next = new Trips("auto-mail-trips", kept);
            try {
                if (got.found()) {
                    client.index(i -> i.index(indices.counters()).id(ID).document(next).ifSeqNo(got.seqNo())
                            .ifPrimaryTerm(got.primaryTerm()));
                }
                else {
                    client.create(c -> c.index(indices.counters()).id(ID).document(next));
                }
                return;
            }
            catch (Exception e) {
                if (!StoreErrors.isConflict(e)) {
                    throw StoreErrors.failure("write the automatic-mail trips", e);
                }
            }
        }
        throw new StoreUnavailableException("the automatic-mail trips kept changing", null);
    }

    /** The trips not over by {@code now}, oldest first. */
    public List<Trip> active(Instant now) {
        GetResponse<Trips> got = read();
        if (!got.found() || got.source() == null) {
            return List.of();
        }
        return got.source().trips().stream().filter(t -> t.active(now)).toList();
    }

    private GetResponse<Trips> read() {
        return StoreErrors.call("read the automatic-mail trips",
                () -> client.get(g -> g.index(indices.counters()).id(ID), Trips.class));
    }
}
