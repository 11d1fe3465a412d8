package io.ticketflow.store;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.GetResponse;
import io.ticketflow.vocabulary.RawMessage;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.DependsOn;
import org.springframework.stereotype.Component;

/**
 * Which automatic mails each recipient got recently, shared by all instances: one small document per address in the
 * counters index, read by realtime GET and changed with optimistic concurrency, so two instances cannot both take the
 * last free slot.
 * <p>
 * The entry this instance last wrote or read is kept with its version in a bounded in-process cache, and a
 * reservation first decides on it without a GET (a recipient never seen here is first tried as a new entry): the
 * conditional write fails if another instance changed the entry since, and then the stored entry decides. Deciding
 * on an old entry is safe for a refusal too: sends only leave the ledger when they fall out of the window, which
 * the decision applies itself, so the stored entry holds at least the sends the cached one does.
 */
@Component
@DependsOn("indexTemplates")
public class AutoReplyLedger {

    private static final int MAX_ATTEMPTS = 30;

    private final ElasticsearchClient client;
    private final Indices indices;
    private final AutoMailWindow window;
    private final AutoMailTrips trips;
    /** document id → the entry as this instance last wrote or read it */
    private final RecentCache<String, Versioned<Entry>> recent;

    public AutoReplyLedger(ElasticsearchClient client, Indices indices) {
        this(client, indices, LookupCacheProperties.defaults());
    }

    @Autowired
    public AutoReplyLedger(ElasticsearchClient client, Indices indices, LookupCacheProperties lookups) {
        this.client = client;
        this.indices = indices;
        this.recent = new RecentCache<>(lookups.ledger(), lookups.maxAge(), Clock.systemUTC());
        this.window = new AutoMailWindow(client, indices);
        this.trips = new AutoMailTrips(client, indices);
    }

    /** Automatic mail of all instances per breaker key (all, a domain, a source), kept next to the per-recipient entries. */
    public AutoMailWindow window() {
        return window;
    }

    /** The breakers tripped now, over all instances. */
    public AutoMailTrips trips() {
        return trips;
    }

    /**
     * One automatic mail sent: when, and the normalized subject.
     *
     * @param acknowledgement whether it acknowledged a new ticket (those have a limit of their own)
     * @param key             what the mail is (its outbox id), or null: a second reservation with the same key is
     *                        the same mail again (a retried pipeline) and takes no second slot
     */
    public record Send(Instant at, String subject, boolean acknowledgement, String key) {
    }

    /** The answer to a reservation: refused (with the reason), or permitted now, or permitted before (same key). */
    public record Reservation(String refusal, boolean repeated) {
        static final Reservation PERMITTED = new Reservation(null, false);
        static final Reservation REPEATED = new Reservation(null, true);
    }

    /** The recent sends to one recipient. */
    public record Entry(String name, String recipient, List<Send> sends) {
        public Entry {
            sends = sends == null ? List.of() : List.copyOf(sends);
        }
    }

    /**
     * Lets {@code decide} look at the recipient's recent sends and either refuse (returns a reason) or accept (returns
     * null, and the send is added to the ledger atomically). A send whose key is in the ledger already is permitted
     * again without asking {@code decide} and without a write.
     */
    public Reservation reserve(String recipient, Send send, Instant keepSince, Function<List<Send>, String> decide) {
        String address = recipient.toLowerCase(Locale.ROOT);
        String id = "auto-reply-" + RawMessage.sha256Hex(address);
        // the first try decides on what this instance knows (null: a new entry), without a read
        Versioned<Entry> known = this.recent.get(id);
        boolean guess = true;
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            Versioned<Entry> current = guess ? known : read(id);
            guess = false;
            List<Send> recent = new ArrayList<>();
            if (current != null) {
                current.value().sends().stream().filter(s -> s.at().isAfter(keepSince)).forEach(recent::add);
            }
            if (send.key() != null && recent.stream().anyMatch(s -> send.key().equals(s.key()))) {
                return Reservation.REPEATED;
            }
            String refusal = decide.apply(List.copyOf(recent));
            if (refusal != null) {
                return new Reservation(refusal, false);
            }
            recent.add(send);
            Entry next = new Entry("auto-reply", address, recent);
            try {
                var written = current != null
                        ? client.index(i -> i.index(indices.counters()).id(id).document(next)
                                .ifSeqNo(current.seqNo()).ifPrimaryTerm(current.primaryTerm()))
                        : client.create(c -> c.index(indices.counters()).id(id).document(next));
                this.recent.put(id, new Versioned<>(next, written.seqNo(), written.primaryTerm()));
                return Reservation.PERMITTED;
            }
            catch (Exception e) {
                if (!StoreErrors.isConflict(e)) {
                    throw StoreErrors.failure("write the auto-reply ledger", e);
                }
                this.recent.remove(id);
            }
        }
        throw new StoreUnavailableException("auto-reply ledger of " + address + " kept changing", null);
    }

    private Versioned<Entry> read(String id) {
        GetResponse<Entry> got = StoreErrors.call("read the auto-reply ledger",
                () -> client.get(g -> g.index(indices.counters()).id(id), Entry.class));
        if (!got.found() || got.source() == null) {
            this.recent.remove(id);
            return null;
        }
        Versioned<Entry> read = new Versioned<>(got.source(), got.seqNo(), got.primaryTerm());
        this.recent.put(id, read);
        return read;
    }
}
