package io.ticketflow.store;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.GetResponse;
import com.fasterxml.jackson.annotation.JsonIgnore;
import io.ticketflow.vocabulary.RawMessage;
import java.time.Instant;
import java.util.Locale;
import org.springframework.context.annotation.DependsOn;
import org.springframework.stereotype.Component;

/**
 * Delivery state per address (index kind {@code addresses}): a bounce marks the address it reports as undeliverable,
 * so no automatic mail goes to it again. Read by realtime GET, so a bounce is respected from the next message on.
 */
@Component
@DependsOn("indexTemplates")
public class AddressStore {

    public static final String UNDELIVERABLE = "undeliverable";

    private final ElasticsearchClient client;
    private final Indices indices;

    public AddressStore(ElasticsearchClient client, Indices indices) {
        this.client = client;
        this.indices = indices;
    }

    /** Records that mail to this address failed permanently; the latest report wins. */
    public void markUndeliverable(String address, String reason, String status, String ticket, String reportRawId) {
        AddressState state = new AddressState(normalize(address), UNDELIVERABLE, reason, status, ticket, reportRawId, Instant.now());
        StoreErrors.call("mark address undeliverable",
                () -> client.index(i -> i.index(indices.addresses()).id(key(address)).document(state)));
    }

    /** The state of an address, or null if nothing is known about it. */
    public AddressState find(String address) {
        if (address == null || address.isBlank()) {
            return null;
        }
        GetResponse<AddressState> got = StoreErrors.call("look up address state",
                () -> client.get(g -> g.index(indices.addresses()).id(key(address)), AddressState.class));
        return got.found() ? got.source() : null;
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
