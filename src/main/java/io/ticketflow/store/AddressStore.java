package io.ticketflow.store;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.GetResponse;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import com.fasterxml.jackson.annotation.JsonIgnore;
import io.ticketflow.vocabulary.RawMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.DependsOn;
import org.springframework.stereotype.Component;

/**
 * Delivery state per address (index kind {@code addresses}): a bounce marks the address it reports as undeliverable,
 * so no automatic mail goes to it again.
 * <p>
 * Every acknowledgement asks about its recipient, and almost every answer is "nothing known": so the states (only
 * bounced addresses have one, a small index) are held in memory, read again from the store every
 * {@code ticketflow.lookups.addresses-refresh} (after a refresh of the index, so nothing written is missed), and this
 * instance's own bounces enter at once. A bounce processed by another instance is respected after at most that
 * period. With more states than {@code ticketflow.lookups.addresses}, or with the period 0, each lookup is a
 * realtime GET as before.
 */
@Component
@DependsOn("indexTemplates")
public class AddressStore {

    public static final String UNDELIVERABLE = "undeliverable";

    private final ElasticsearchClient client;
    private final Indices indices;
    private final int limit;
    private final Duration refresh;
    /** normalized address → state as last read from the store, plus this instance's own marks; null: not held */
    private Map<String, AddressState> held;
    private Instant readAt = Instant.MIN;

    public AddressStore(ElasticsearchClient client, Indices indices) {
        this(client, indices, LookupCacheProperties.defaults());
    }

    @Autowired
    public AddressStore(ElasticsearchClient client, Indices indices, LookupCacheProperties lookups) {
        this.client = client;
        this.indices = indices;
        this.limit = lookups.addresses();
        this.refresh = lookups.addressesRefresh();
    }

    /** Records that mail to this address failed permanently; the latest report wins. */
    public void markUndeliverable(String address, String reason, String status, String ticket, String reportRawId) {
        AddressState state = new AddressState(normalize(address), UNDELIVERABLE, reason, status, ticket, reportRawId, Instant.now());
        StoreErrors.call("mark address undeliverable",
                () -> client.index(i -> i.index(indices.addresses()).id(key(address)).document(state)));
        synchronized (this) {
            if (held != null) {
                held.put(state.address(), state);
            }
        }
    }

    /** The state of an address, or null if nothing is known about it. */
    public AddressState find(String address) {
        if (address == null || address.isBlank()) {
            return null;
        }
        Map<String, AddressState> states = states();
        if (states != null) {
            return states.get(normalize(address));
        }
        GetResponse<AddressState> got = StoreErrors.call("look up address state",
                () -> client.get(g -> g.index(indices.addresses()).id(key(address)), AddressState.class));
        return got.found() ? got.source() : null;
    }

    /** The states held in memory, read again when older than the refresh period; null when they are not held. */
    private synchronized Map<String, AddressState> states() {
        if (limit == 0 || refresh.isZero()) {
            return null;
        }
        Instant now = Instant.now();
        if (readAt.plus(refresh).isBefore(now)) {
            held = read();
            readAt = now;
        }
        return held;
    }

    /** Every state in the store, or null when there are more than the limit. */
    private Map<String, AddressState> read() {
        StoreErrors.call("refresh " + indices.addresses(),
                () -> client.indices().refresh(r -> r.index(indices.addresses())));
        SearchResponse<AddressState> found = StoreErrors.call("read address states", () -> client.search(
                s -> s.index(indices.addresses()).size(limit + 1).query(q -> q.matchAll(m -> m)), AddressState.class));
        if (found.hits().hits().size() > limit) {
            return null;
        }
        Map<String, AddressState> states = new HashMap<>();
        for (Hit<AddressState> hit : found.hits().hits()) {
            if (hit.source() != null && hit.source().address() != null) {
                states.put(normalize(hit.source().address()), hit.source());
            }
        }
        return states;
    }

    private static String normalize(String address) {
        return address.strip().toLowerCase(Locale.ROOT);
    }

    private static String key(String address) {
        return RawMessage.sha256Hex(normalize(address));
    }

    /** What we know about delivering to one address. */
    public record AddressState(String address, String state, String reason, String status, String ticket,
            String reportRawId, Instant updatedAt) {

        @JsonIgnore
        public boolean isUndeliverable() {
            return UNDELIVERABLE.equals(state);
        }
    }
}
