package io.ticketflow.store;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.GetResponse;
import co.elastic.clients.elasticsearch.core.MgetResponse;
import co.elastic.clients.elasticsearch.core.mget.MultiGetResponseItem;
import io.ticketflow.vocabulary.RawMessage;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.DependsOn;
import org.springframework.stereotype.Component;

/**
 * Message-ID → ticket, one small document per id (document id = SHA-256 of the normalized Message-ID); also Outlook
 * conversations and (customer, normalized subject) → newest ticket, for the weaker threading evidence. Read by
 * realtime GET so a reply that arrives right after its parent always finds it, whatever the refresh interval.
 * <p>
 * An owned Message-ID or Outlook conversation never changes its ticket once written (the first owner keeps it), so
 * the ones this instance wrote or read are kept in a bounded in-process cache and found again without a GET; an id
 * not in the cache is asked of the store (several at once in one multi-get). Not cached: ids only known as
 * {@link #REFERENCED} (the real message takes them over, possibly on another instance) and subject pointers (each new
 * ticket of the customer with that subject overwrites its pointer).
 */
@Component
@DependsOn("indexTemplates")
public class MessageIdIndex {

    private static final String CONVERSATION = "thread-index:";
    private static final String SUBJECT = "subject:";
    /** direction of an id a message referenced but that we have not received ourselves */
    public static final String REFERENCED = "referenced";
    /** claimed pointers waiting for their ticket's write: one per mail in flight, a bound for those that never come */
    private static final int CLAIMED_SUBJECTS = 10_000;

    private final ElasticsearchClient client;
    private final Indices indices;
    /** document id → entry, for owned ids only (immutable once written) */
    private final RecentCache<String, Entry> owners;
    /** subject pointers this instance created for a new ticket (claimSubject), until that ticket's pointSubject */
    private final RecentCache<String, String> claimedSubjects;

    public MessageIdIndex(ElasticsearchClient client, Indices indices) {
        this(client, indices, LookupCacheProperties.defaults());
    }

    @Autowired
    public MessageIdIndex(ElasticsearchClient client, Indices indices, LookupCacheProperties lookups) {
        this.client = client;
        this.indices = indices;
        this.owners = new RecentCache<>(lookups.messageIds(), lookups.maxAge(), Clock.systemUTC());
        this.claimedSubjects = new RecentCache<>(CLAIMED_SUBJECTS, lookups.maxAge(), Clock.systemUTC());
    }

    /**
     * Records that a message id belongs to a ticket; the first owner of an id keeps it, except that the message itself
     * takes over an id that was only known as {@link #REFERENCED} by another message.
     */
    public void register(String messageId, String ticket, String direction) {
        if (messageId == null || messageId.isBlank()) {
            return;
        }
        if (!create(messageId, ticket, direction) && !REFERENCED.equals(direction)) {
            if (owners.get(key(messageId)) != null) {
                // owned already (cached owners are never REFERENCED): nothing to take over, no read needed
                return;
            }
            Versioned<Entry> current = findVersioned(messageId);
            if (current != null && REFERENCED.equals(current.value().direction())) {
                Entry entry = new Entry(current.value().messageId(), ticket, direction, Instant.now());
                try {
                    client.index(i -> i.index(indices.messageIds()).id(key(messageId)).document(entry)
                            .ifSeqNo(current.seqNo()).ifPrimaryTerm(current.primaryTerm()));
                    owners.put(key(messageId), entry);
                }
                catch (Exception e) {
                    if (!StoreErrors.isConflict(e)) {
                        throw StoreErrors.failure("register message id", e);
                    }
                }
            }
        }
    }

    /**
     * Writes a message's own id for its ticket only if the id is not known yet (create-only): true if written, false
     * if it exists (then it has to be read). Answers "is this id known?" without a read when, as for almost every new
     * mail, it is not.
     */
    public boolean claim(String messageId, String ticket, String direction) {
        return messageId != null && !messageId.isBlank() && create(messageId, ticket, direction);
    }

    /** Points a claimed own id at another ticket: its claimer decided again (nobody else writes an owned id). */
    public void reassign(String messageId, String ticket, String direction) {
        Entry entry = new Entry(truncated(normalize(messageId)), ticket, direction, Instant.now());
        StoreErrors.call("register message id",
                () -> client.index(i -> i.index(indices.messageIds()).id(key(messageId)).document(entry)));
        owners.put(key(messageId), entry);
    }

    /** Removes a claimed own id whose message opens no ticket after all (held for review). */
    public void release(String messageId) {
        owners.remove(key(messageId));
        StoreErrors.call("release message id",
                () -> client.delete(d -> d.index(indices.messageIds()).id(key(messageId))));
    }

    /**
     * Records an id a message referenced that we have not seen (yet): a sibling referencing the same id, or the
     * parent itself arriving late, then finds the ticket. Weak evidence: it never displaces a real owner.
     */
    public void registerReferenced(String messageId, String ticket) {
        if (messageId != null && !messageId.isBlank()) {
            create(messageId, ticket, REFERENCED);
        }
    }

    private boolean create(String messageId, String ticket, String direction) {
        if (owners.get(key(messageId)) != null) {
            // owned already, and an owned id never changes: the create-only write would only fail
            return false;
        }
        Entry entry = new Entry(truncated(normalize(messageId)), ticket, direction, Instant.now());
        if (!createOnly(key(messageId), entry, "register message id")) {
            return false;
        }
        remember(key(messageId), entry);
        return true;
    }

    /** Records that an Outlook conversation (Thread-Index, first 22 bytes as hex) belongs to a ticket; first owner keeps it. */
    public void registerConversation(String conversation, String ticket) {
        register(CONVERSATION + conversation, ticket, "conversation");
    }

    public Entry findConversation(String conversation) {
        return find(CONVERSATION + conversation);
    }

    /**
     * Points a customer's normalized subject at their newest ticket with it (overwrites: the latest ticket wins), for
     * the same-subject fallback, which must see a ticket opened a moment ago just like the message id lookups do.
     */
    public void pointSubject(String customer, String normalizedSubject, String ticket) {
        if (customer == null || normalizedSubject == null || normalizedSubject.isBlank()) {
            return;
        }
        String key = subjectKey(customer, normalizedSubject);
        if (ticket.equals(claimedSubjects.get(key))) {
            // created by claimSubject for this very ticket: written already
            claimedSubjects.remove(key);
            return;
        }
        Entry entry = new Entry(truncated(key), ticket, "subject", Instant.now());
        StoreErrors.call("point subject to ticket",
                () -> client.index(i -> i.index(indices.messageIds()).id(key(key)).document(entry)));
    }

    /**
     * Points a customer's normalized subject at a new ticket only if no pointer exists (create-only): true if written
     * (then no ticket of theirs had that subject, and {@link #pointSubject} for that ticket writes nothing more), false
     * if one exists (then it has to be read).
     */
    public boolean claimSubject(String customer, String normalizedSubject, String ticket) {
        String key = subjectKey(customer, normalizedSubject);
        Entry entry = new Entry(truncated(key), ticket, "subject", Instant.now());
        if (!createOnly(key(key), entry, "point subject to ticket")) {
            return false;
        }
        claimedSubjects.put(key, ticket);
        return true;
    }

    /** Writes the entry only if its document does not exist: true if written, false on the conflict. */
    private boolean createOnly(String id, Entry entry, String what) {
        try {
            client.create(c -> c.index(indices.messageIds()).id(id).document(entry));
            return true;
        }
        catch (Exception e) {
            if (!StoreErrors.isConflict(e)) {
                throw StoreErrors.failure(what, e);
            }
            return false;
        }
    }

    public Entry findSubject(String customer, String normalizedSubject) {
        return customer == null || normalizedSubject == null || normalizedSubject.isBlank() ? null
                : find(subjectKey(customer, normalizedSubject));
    }

    private static String subjectKey(String customer, String normalizedSubject) {
        return SUBJECT + customer.toLowerCase(Locale.ROOT) + "|" + normalizedSubject;
    }

    /** The entry for a message id, or null if we have never seen it. */
    public Entry find(String messageId) {
        if (messageId == null || messageId.isBlank()) {
            return null;
        }
        Entry cached = owners.get(key(messageId));
        if (cached != null) {
            return cached;
        }
        Versioned<Entry> found = findVersioned(messageId);
        return found == null ? null : found.value();
    }

    /**
     * The entries for several message ids, in their order (null where unknown): owned ones from the cache, the rest
     * in one multi-get.
     */
    public List<Entry> findAll(List<String> messageIds) {
        List<Entry> found = new ArrayList<>(messageIds.size());
        List<Integer> missing = new ArrayList<>();
        for (String id : messageIds) {
            Entry cached = id == null || id.isBlank() ? null : owners.get(key(id));
            if (cached == null && id != null && !id.isBlank()) {
                missing.add(found.size());
            }
            found.add(cached);
        }
        if (missing.size() == 1) {
            found.set(missing.get(0), find(messageIds.get(missing.get(0))));
        }
        else if (!missing.isEmpty()) {
            List<String> keys = missing.stream().map(i -> key(messageIds.get(i))).toList();
            MgetResponse<Entry> got = StoreErrors.call("look up message ids",
                    () -> client.mget(m -> m.index(indices.messageIds()).ids(keys), Entry.class));
            for (int i = 0; i < missing.size(); i++) {
                MultiGetResponseItem<Entry> item = got.docs().get(i);
                if (item.isResult() && item.result().found() && item.result().source() != null) {
                    remember(keys.get(i), item.result().source());
                    found.set(missing.get(i), item.result().source());
                }
            }
        }
        return found;
    }

    /**
     * Forgets what the store no longer holds: entries of deleted tickets and deleted Message-IDs (retention, erasure).
     * An owned id never changes, but it can be deleted, and a cached one would still thread onto its ticket.
     */
    void forget(Collection<String> tickets, Collection<String> messageIds) {
        Set<String> numbers = Set.copyOf(tickets);
        owners.removeValues(e -> numbers.contains(e.ticket()));
        messageIds.stream().filter(id -> id != null && !id.isBlank()).forEach(id -> owners.remove(key(id)));
        claimedSubjects.removeValues(numbers::contains);
    }

    /** Forgets every cached entry (another instance deleted entries: which ones, this one does not know). */
    void forgetAll() {
        owners.clear();
        claimedSubjects.clear();
    }

    /** Caches an entry that can never change: an owned Message-ID or Outlook conversation. */
    private void remember(String key, Entry entry) {
        if (!REFERENCED.equals(entry.direction()) && !"subject".equals(entry.direction())) {
            owners.put(key, entry);
        }
    }

    private Versioned<Entry> findVersioned(String messageId) {
        if (messageId == null || messageId.isBlank()) {
            return null;
        }
        GetResponse<Entry> got = StoreErrors.call("look up message id",
                () -> client.get(g -> g.index(indices.messageIds()).id(key(messageId)), Entry.class));
        if (!got.found() || got.source() == null) {
            return null;
        }
        remember(key(messageId), got.source());
        return new Versioned<>(got.source(), got.seqNo(), got.primaryTerm());
    }

    private static String normalize(String messageId) {
        String id = messageId.strip();
        if (id.startsWith("<") && id.endsWith(">")) {
            id = id.substring(1, id.length() - 1);
        }
        // the local part is case-sensitive in theory, but clients do change the domain's case
        int at = id.lastIndexOf('@');
        return at < 0 ? id : id.substring(0, at) + id.substring(at).toLowerCase(Locale.ROOT);
    }

    private static String truncated(String id) {
        return id.length() > 1000 ? id.substring(0, 1000) : id;
    }

    static String key(String messageId) {
        return RawMessage.sha256Hex(normalize(messageId));
    }

    /** One known Message-ID. */
    public record Entry(String messageId, String ticket, String direction, Instant createdAt) {
    }
}
