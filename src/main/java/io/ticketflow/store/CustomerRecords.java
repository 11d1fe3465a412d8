package io.ticketflow.store;

import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import io.ticketflow.store.IndexDocuments.Doc;
import io.ticketflow.vocabulary.RawMessage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Everything we hold about one customer (an e-mail address), found in every index, to export or erase it
 * (GDPR articles 15 and 17):
 * <ul>
 * <li>tickets where the address is the customer: the whole ticket is theirs, and erasing deletes it with all its
 * messages, raw records, outgoing mail, message-id entries and events;</li>
 * <li>tickets of other customers where the address took part: their own messages there (and raw records) are deleted,
 * the address is removed from the ticket's participants and from To/Cc of the other messages; what others wrote
 * about them in free text stays (it is the other customer's ticket);</li>
 * <li>screened mail from them without a ticket, quarantined raw mail that mentions the address, mail we sent to them,
 * their delivery state and auto-reply ledger;</li>
 * <li>the chat identities linked to the address ({@link CustomerIdentities}): the same person, so everything above
 * is found for each of them too (their chat tickets, messages, raw updates, answers), and erasing also removes the
 * links.</li>
 * </ul>
 */
@Component
public class CustomerRecords {

    /** Most documents read per index for one customer; beyond that an export or erasure refuses rather than lies. */
    public static final int MAX_PER_INDEX = 10_000;

    private final IndexDocuments docs;
    private final Indices indices;
    private final CustomerIdentities identities;
    private final LookupCaches caches;

    public CustomerRecords(IndexDocuments docs, Indices indices, CustomerIdentities identities, LookupCaches caches) {
        this.caches = caches;
        this.docs = docs;
        this.indices = indices;
        this.identities = identities;
    }

    /**
     * What was found. {@code messages} are all to be exported; {@code erasedMessages} the subset erasure deletes
     * (the rest are other people's messages in shared tickets that only name the address in To/Cc).
     */
    public record Footprint(String address, List<Doc> ownedTickets, List<Doc> sharedTickets, List<Doc> messages,
            List<Doc> erasedMessages, List<Doc> raw, List<Doc> outbox, List<Doc> addressStates, List<Doc> identities) {

        public boolean isEmpty() {
            return ownedTickets.isEmpty() && sharedTickets.isEmpty() && messages.isEmpty() && raw.isEmpty()
                    && outbox.isEmpty() && addressStates.isEmpty() && identities.isEmpty();
        }

        /** The linked chat identities ({@code telegram:12345}). */
        public List<String> linkedIdentities() {
            return identities.stream().map(d -> String.valueOf(d.get("identity"))).toList();
        }

        /** Every name the person goes by: the address as given, in lower case, and the linked identities. */
        Set<String> forms() {
            Set<String> all = CustomerRecords.forms(address);
            all.addAll(linkedIdentities());
            return all;
        }
    }

    /** Counts of what an erasure removed or redacted: no addresses, no ids. */
    public record Erasure(int ticketsDeleted, int ticketsRedacted, int messagesDeleted, int messagesRedacted,
            int rawDeleted, int outboxDeleted, int indexEntriesDeleted, int identitiesUnlinked) {

        public String summary() {
            return "ticketsDeleted=" + ticketsDeleted + ", ticketsRedacted=" + ticketsRedacted + ", messagesDeleted="
                    + messagesDeleted + ", messagesRedacted=" + messagesRedacted + ", rawDeleted=" + rawDeleted
                    + ", outboxDeleted=" + outboxDeleted + ", indexEntriesDeleted=" + indexEntriesDeleted
                    + ", identitiesUnlinked=" + identitiesUnlinked;
        }
    }

    public Footprint footprint(String address) {
        String lower = address.strip().toLowerCase(Locale.ROOT);
        List<Doc> links = docs.find(indices.identities(), IndexDocuments.terms("customer", List.of(lower)), "identity",
                MAX_PER_INDEX);
        Set<String> forms = forms(address);
        links.forEach(l -> forms.add(String.valueOf(l.get("identity"))));
        List<Doc> owned = docs.find(indices.tickets(), IndexDocuments.terms("customer", forms), "number", MAX_PER_INDEX);
        List<String> numbers = owned.stream().map(Doc::id).toList();
        List<Doc> shared = docs.find(indices.tickets(), Query.of(q -> q.bool(b -> b
                .filter(IndexDocuments.terms("participants", forms))
                .mustNot(IndexDocuments.terms("customer", forms)))), "number", MAX_PER_INDEX);
        List<Doc> messages = docs.find(indices.messages(), Query.of(q -> q.bool(b -> b.minimumShouldMatch("1")
                .should(IndexDocuments.terms("ticket", numbers)).should(IndexDocuments.terms("from", forms))
                .should(IndexDocuments.terms("to", forms)).should(IndexDocuments.terms("cc", forms)))), "id",
                MAX_PER_INDEX);
        Set<String> ownedSet = Set.copyOf(numbers);
        List<Doc> erased = messages.stream().filter(m -> ownedSet.contains(String.valueOf(m.get("ticket")))
                || forms.contains(lower(m.get("from"))) || m.get("ticket") == null).toList();
        Set<String> rawIds = new LinkedHashSet<>();
        erased.forEach(m -> rawIds.add(m.id()));
        docs.find(indices.raw(), IndexDocuments.terms("ticket", numbers), "id", MAX_PER_INDEX)
                .forEach(r -> rawIds.add(r.id()));
        List<Doc> raw = new ArrayList<>(withBytes(
                docs.find(indices.raw(), IndexDocuments.terms("id", rawIds), "id", MAX_PER_INDEX)));
        // a quarantined mail has no ticket and no message: it is theirs if its bytes name the address
        for (Doc q : withBytes(docs.find(indices.raw(),
                Query.of(x -> x.term(t -> t.field("state").value(RawRecord.QUARANTINED))), "id", MAX_PER_INDEX))) {
            if (!rawIds.contains(q.id()) && mentions(q, lower)) {
                raw.add(q);
            }
        }
        List<Doc> outbox = docs.find(indices.outbox(), Query.of(q -> q.bool(b -> b.minimumShouldMatch("1")
                .should(IndexDocuments.terms("ticket", numbers)).should(IndexDocuments.terms("to", forms)))), "id",
                MAX_PER_INDEX);
        List<Doc> states = docs.find(indices.addresses(), IndexDocuments.terms("address", forms), "address", 10);
        return new Footprint(lower, owned, shared, messages, erased, raw, outbox, states, links);
    }

    /** The raw records with their bytes, which live in their own index (inline only in records from before). */
    private List<Doc> withBytes(List<Doc> raw) {
        List<String> ids = raw.stream().filter(r -> r.get("bytes") == null).map(Doc::id).toList();
        if (ids.isEmpty()) {
            return raw;
        }
        Map<String, Doc> bytes = new java.util.HashMap<>();
        docs.find(indices.rawBytes(), IndexDocuments.terms("id", ids), "id", MAX_PER_INDEX)
                .forEach(b -> bytes.put(b.id(), b));
        return raw.stream().map(r -> {
            Doc b = bytes.get(r.id());
            if (r.get("bytes") != null || b == null) {
                return r;
            }
            Map<String, Object> source = new LinkedHashMap<>(r.source());
            source.put("bytes", b.get("bytes"));
            source.put("encoding", b.get("encoding"));
            return new Doc(r.index(), r.id(), source);
        }).toList();
    }

    /** Erases what the footprint found, and the index entries that point at it. */
    public Erasure erase(Footprint f) {
        Set<String> forms = f.forms();
        List<String> owned = f.ownedTickets().stream().map(Doc::id).toList();
        Set<String> erasedIds = new LinkedHashSet<>(f.erasedMessages().stream().map(Doc::id).toList());
        List<String> rawIds = f.raw().stream().map(Doc::id).toList();
        int messages = docs.delete(indices.messages(), erasedIds);
        int redactedMessages = 0;
        for (Doc m : f.messages()) {
            if (!erasedIds.contains(m.id())) {
                docs.update(indices.messages(), m.id(), Map.of("to", without(m.get("to"), forms),
                        "cc", without(m.get("cc"), forms)));
                redactedMessages++;
            }
        }
        for (Doc t : f.sharedTickets()) {
            List<String> keys = without(t.get("messageKeys"), erasedIds);
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("participants", without(t.get("participants"), forms));
            fields.put("messageKeys", keys);
            fields.put("messageCount", keys.size());
            docs.update(indices.tickets(), t.id(), fields);
        }
        docs.delete(indices.rawBytes(), rawIds);
        int raw = docs.delete(indices.raw(), rawIds);
        int outbox = docs.delete(indices.outbox(), f.outbox().stream().map(Doc::id).toList());
        int tickets = docs.delete(indices.tickets(), owned);
        List<String> messageIds = f.erasedMessages().stream().map(m -> m.get("messageId")).filter(id -> id != null)
                .map(String::valueOf).toList();
        List<String> sentIds = f.outbox().stream().map(o -> o.get("messageId")).filter(id -> id != null)
                .map(String::valueOf).toList();
        int entries = docs.deleteMatching(indices.messageIds(), Query.of(q -> q.bool(b -> {
            b.minimumShouldMatch("1").should(IndexDocuments.terms("ticket", owned))
                    .should(IndexDocuments.terms("messageId", messageIds)).should(IndexDocuments.terms("messageId", sentIds));
            for (String form : forms) {
                b.should(s -> s.prefix(p -> p.field("messageId").value("subject:" + form + "|")));
            }
            return b;
        })));
        List<String> entryIds = new ArrayList<>(messageIds);
        entryIds.addAll(sentIds);
        caches.deleted(owned, f.sharedTickets().stream().map(Doc::id).toList(), entryIds);
        entries += docs.deleteMatching(indices.events(), Query.of(q -> q.bool(b -> b.minimumShouldMatch("1")
                .should(IndexDocuments.terms("ticket", owned)).should(IndexDocuments.terms("rawId", rawIds)))));
        entries += docs.deleteMatching(indices.deliveries(), IndexDocuments.terms("rawId", rawIds));
        entries += docs.delete(indices.addresses(), f.addressStates().stream().map(Doc::id).toList());
        entries += docs.delete(indices.counters(), forms.stream().filter(a -> a.equals(a.toLowerCase(Locale.ROOT)))
                .map(a -> "auto-reply-" + RawMessage.sha256Hex(a)).toList());
        // the links last: an erasure that fails before here can be repeated and still finds the chat identities
        int unlinked = f.identities().isEmpty() ? 0 : identities.unlinkAll(f.address());
        for (String index : List.of(indices.messages(), indices.tickets(), indices.raw(), indices.rawBytes(),
                indices.outbox())) {
            docs.refresh(index);
        }
        return new Erasure(tickets, f.sharedTickets().size(), messages, redactedMessages, raw, outbox, entries, unlinked);
    }

    /** The bytes of a raw record as delivered. */
    public static byte[] rawBytes(Doc raw) {
        Object bytes = raw.get("bytes");
        if (bytes == null) {
            return new byte[0];
        }
        byte[] stored = java.util.Base64.getDecoder().decode(String.valueOf(bytes));
        try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(stored))) {
            return in.readAllBytes();
        }
        catch (java.io.IOException e) {
            return stored;
        }
    }

    private static boolean mentions(Doc raw, String lowerAddress) {
        String text = new String(rawBytes(raw), StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
        return text.contains(lowerAddress);
    }

    /** The address as given and in lower case: keyword fields keep the case a mail used. */
    private static Set<String> forms(String address) {
        String a = address.strip();
        return new LinkedHashSet<>(List.of(a, a.toLowerCase(Locale.ROOT)));
    }

    private static String lower(Object value) {
        return value == null ? null : String.valueOf(value).toLowerCase(Locale.ROOT);
    }

    private static List<String> without(Object list, Collection<String> remove) {
        if (!(list instanceof List<?> values)) {
            return List.of();
        }
        Set<String> lowered = new LinkedHashSet<>();
        remove.forEach(r -> lowered.add(r.toLowerCase(Locale.ROOT)));
        return values.stream().map(String::valueOf).filter(v -> !lowered.contains(v.toLowerCase(Locale.ROOT))).toList();
    }
}
