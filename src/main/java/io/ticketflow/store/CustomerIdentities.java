package io.ticketflow.store;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.GetResponse;
import io.ticketflow.store.IndexDocuments.Doc;
import io.ticketflow.vocabulary.RawMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.DependsOn;
import org.springframework.stereotype.Component;

/**
 * Chat identities ({@code telegram:12345}) an admin or agent linked to an e-mail customer: one document per identity
 * in the identities index (id = SHA-256 of the identity), so an identity belongs to at most one customer. Tickets show
 * the person's identities ({@code customerIdentities}): new tickets get them when written, from a copy of all links
 * kept in memory and reloaded every {@link #CACHE_TTL} (links are few and change rarely, and mail of customers without
 * links must not cost a lookup each); existing tickets get them when a link changes, by search and bulk update.
 */
@Component
@DependsOn("indexTemplates")
public class CustomerIdentities {

    /** How long another instance may go on writing tickets without a link made here (docs/channels.md). */
    public static final Duration CACHE_TTL = Duration.ofSeconds(30);
    private static final int MAX_LINKS = 100_000;
    private static final Logger log = LoggerFactory.getLogger(CustomerIdentities.class);

    private final ElasticsearchClient client;
    private final Indices indices;
    private final IndexDocuments docs;
    private final Clock clock;
    private volatile Snapshot snapshot;

    public CustomerIdentities(ElasticsearchClient client, Indices indices, IndexDocuments docs) {
        this.client = client;
        this.indices = indices;
        this.docs = docs;
        this.clock = Clock.systemUTC();
    }

    /**
     * One link.
     *
     * @param identity  {@code <channel>:<channel id>}, as tickets and messages name the chat customer
     * @param customer  the e-mail address, lower case
     * @param name      the display name the channel gave the identity on its latest ticket, if any
     */
    public record Link(String identity, String channel, String channelId, String customer, String name,
            Instant linkedAt) {
    }

    /** The link of a channel identity, or null (realtime GET). */
    public Link find(String identity) {
        GetResponse<Link> got = StoreErrors.call("read identity link",
                () -> client.get(g -> g.index(indices.identities()).id(key(identity)), Link.class));
        return got.found() ? got.source() : null;
    }

    /** The identities linked to an address, in the order of their names ({@code mastodon:...} before {@code telegram:...}). */
    public List<Link> of(String address) {
        return docs.find(indices.identities(), IndexDocuments.terms("customer", List.of(lower(address))), "identity",
                MAX_LINKS).stream().map(CustomerIdentities::link).toList();
    }

    /** Stores the link (visible to searches when this returns). */
    public void link(Link link) {
        StoreErrors.call("link identity", () -> client.index(i -> i.index(indices.identities()).id(key(link.identity()))
                .document(link).refresh(Refresh.WaitFor)));
        snapshot = null;
    }

    /** Removes the link; false if there was none. */
    public boolean unlink(String identity) {
        // a bulk delete answers a missing document as 404 in its item instead of failing
        boolean found = docs.delete(indices.identities(), List.of(key(identity))) == 1;
        docs.refresh(indices.identities());
        snapshot = null;
        return found;
    }

    /** Removes every link of an address (erasure); returns how many. */
    public int unlinkAll(String address) {
        int deleted = docs.deleteMatching(indices.identities(), IndexDocuments.terms("customer", List.of(lower(address))));
        snapshot = null;
        return deleted;
    }

    /**
     * The person behind a ticket's customer (an address or a channel identity): the address first, then its linked
     * identities; null when the customer has no links. From the in-memory copy: no lookup per message.
     */
    public List<String> person(String customer) {
        if (customer == null) {
            return null;
        }
        Snapshot s = current();
        String c = lower(customer);
        String address = c.contains("@") ? c : s.customerOf().get(c);
        return address == null ? null : person(address, s.identitiesOf().getOrDefault(address, Set.of()));
    }

    /**
     * Writes the person's identities as they are now onto every ticket of theirs, and clears them from the tickets of
     * identities no longer linked. Returns how many tickets were updated.
     */
    public int showOnTickets(String address, Collection<String> unlinked) {
        Set<String> linked = new TreeSet<>(of(address).stream().map(Link::identity).toList());
        List<String> person = person(lower(address), linked);
        Set<String> customers = new LinkedHashSet<>(List.of(address.strip(), lower(address)));
        customers.addAll(linked);
        Map<String, Map<String, Object>> updates = new LinkedHashMap<>();
        // an empty list, not null: the client leaves nulls out, and a partial update without the field changes nothing
        Map<String, Object> value = new HashMap<>();
        value.put("customerIdentities", person == null ? List.of() : person);
        Map<String, Object> cleared = Map.of("customerIdentities", List.of());
        forTickets(customers, value, updates);
        forTickets(unlinked, cleared, updates);
        return updates.isEmpty() ? 0 : docs.updateAll(indices.tickets(), updates);
    }

    private void forTickets(Collection<String> customers, Map<String, Object> fields,
            Map<String, Map<String, Object>> updates) {
        if (customers.isEmpty()) {
            return;
        }
        for (Doc t : docs.find(indices.tickets(), IndexDocuments.terms("customer", customers), "number",
                CustomerRecords.MAX_PER_INDEX)) {
            updates.put(t.id(), fields);
        }
    }

    private static List<String> person(String address, Set<String> identities) {
        if (identities.isEmpty()) {
            return null;
        }
        List<String> all = new ArrayList<>();
        all.add(address);
        all.addAll(identities);
        return List.copyOf(all);
    }

    private Snapshot current() {
        Snapshot s = snapshot;
        if (s != null && s.loadedAt().plus(CACHE_TTL).isAfter(clock.instant())) {
            return s;
        }
        synchronized (this) {
            s = snapshot;
            if (s != null && s.loadedAt().plus(CACHE_TTL).isAfter(clock.instant())) {
                return s;
            }
            try {
                snapshot = load();
            }
            catch (StoreUnavailableException e) {
                if (s == null) {
                    throw e;
                }
                // keep what we had for another period rather than ask a failing store for every message
                log.warn("Could not reload the identity links, keeping the previous copy: {}", e.getMessage());
                snapshot = new Snapshot(s.customerOf(), s.identitiesOf(), clock.instant());
            }
            return snapshot;
        }
    }

    private Snapshot load() {
        Map<String, String> customerOf = new HashMap<>();
        Map<String, Set<String>> identitiesOf = new HashMap<>();
        List<Doc> all = docs.find(indices.identities(), Query.of(q -> q.matchAll(m -> m)), "identity", MAX_LINKS);
        if (all.size() >= MAX_LINKS) {
            log.warn("More than {} identity links: tickets of the others do not show their links", MAX_LINKS);
        }
        for (Doc d : all) {
            Link l = link(d);
            customerOf.put(l.identity(), l.customer());
            identitiesOf.computeIfAbsent(l.customer(), a -> new TreeSet<>()).add(l.identity());
        }
        return new Snapshot(customerOf, identitiesOf, clock.instant());
    }

    private record Snapshot(Map<String, String> customerOf, Map<String, Set<String>> identitiesOf, Instant loadedAt) {
    }

    private static Link link(Doc d) {
        Object at = d.get("linkedAt");
        return new Link(str(d.get("identity")), str(d.get("channel")), str(d.get("channelId")), str(d.get("customer")),
                str(d.get("name")), at == null ? null : Instant.parse(String.valueOf(at)));
    }

    private static String str(Object o) {
        return o == null ? null : String.valueOf(o);
    }

    private static String lower(String s) {
        return s.strip().toLowerCase(Locale.ROOT);
    }

    private static String key(String identity) {
        return RawMessage.sha256Hex("identity:" + lower(identity));
    }
}
