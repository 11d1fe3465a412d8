package io.ticketflow.store;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.GetResponse;
import io.ticketflow.vocabulary.RawMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.springframework.context.annotation.DependsOn;
import org.springframework.stereotype.Component;

/**
 * Which automatic mails each recipient got recently, shared by all instances: one small document per address in the
 * counters index, read by realtime GET and changed with optimistic concurrency, so two instances cannot both take the
 * last free slot.
 */
@Component
@DependsOn("indexTemplates")
public class AutoReplyLedger {

    private static final int MAX_ATTEMPTS = 30;

    private final ElasticsearchClient client;
    private final Indices indices;
    private final AutoMailWindow window;
    private final AutoMailTrips trips;

    public AutoReplyLedger(ElasticsearchClient client, Indices indices) {
        this.client = client;
        this.indices = indices;
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
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            GetResponse<Entry> got = StoreErrors.call("read the auto-reply ledger",
                    () -> client.get(g -> g.index(indices.counters()).id(id), Entry.class));
            List<Send> recent = new ArrayList<>();
            if (got.found() && got.source() != null) {
                got.source().sends().stream().filter(s -> s.at().isAfter(keepSince)).forEach(recent::add);
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
                if (got.found()) {
                    client.index(i -> i.index(indices.counters()).id(id).document(next).ifSeqNo(got.seqNo())
                            .ifPrimaryTerm(got.primaryTerm()));
                }
                else {
                    client.create(c -> c.index(indices.counters()).id(id).document(next));
                }
                return Reservation.PERMITTED;
            }
            catch (Exception e) {
                if (!StoreErrors.isConflict(e)) {
                    throw StoreErrors.unavailable("write the auto-reply ledger", e);
                }
            }
        }
        throw new StoreUnavailableException("auto-reply ledger of " + address + " kept changing", null);
    }
}
