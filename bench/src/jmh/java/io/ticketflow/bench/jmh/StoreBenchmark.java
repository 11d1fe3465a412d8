package io.ticketflow.bench.jmh;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.indices.TranslogDurability;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.ticketflow.parse.MessageParser;
import io.ticketflow.store.ElasticsearchProperties;
import io.ticketflow.store.IndexTemplates;
import io.ticketflow.store.Indices;
import io.ticketflow.store.MessageIdIndex;
import io.ticketflow.store.MessageStore;
import io.ticketflow.store.RawMessageStore;
import io.ticketflow.store.TicketStore;
import io.ticketflow.thread.SenderCheck;
import io.ticketflow.thread.SubjectTag;
import io.ticketflow.thread.ThreadTokens;
import io.ticketflow.thread.Threader;
import io.ticketflow.thread.ThreadingProperties;
import io.ticketflow.ticket.Ticket;
import io.ticketflow.ticket.TicketMessage;
import io.ticketflow.vocabulary.MailAddress;
import io.ticketflow.vocabulary.ParsedMessage;
import io.ticketflow.vocabulary.RawMessage;
import io.ticketflow.vocabulary.ThreadingDecision;
import io.ticketflow.vocabulary.TicketflowIdentity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.http.HttpHost;
import org.elasticsearch.client.RestClient;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The Elasticsearch-backed stages against a real node (the embedded one that {@link StageBenchmarks} starts), one
 * client thread: thread lookup (realtime GET of a Message-ID; a full Threader decision for a reply), store (what the
 * pipeline writes for a new ticket: number, ticket, message, ticket update, Message-ID) and the raw store write.
 * These call the store and thread classes as they are today; they follow those classes when issues 3-5 change them.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class StoreBenchmark {

    static final int BATCH = 100;

    /**
     * Translog durability of the benchmark's indices: {@code request} (the default, and what Ticketflow runs with:
     * every write request is fsynced before it is acknowledged) or {@code async} (fsync every 5 s; NOT for production,
     * only to show what the per-request fsync costs): {@code bench/run jmh -p durability=request,async Store}.
     */
    @Param("request")
    public String durability;

    private RestClient rest;
    private ElasticsearchClient client;
    private Indices indices;
    private TicketStore tickets;
    private MessageStore messages;
    private MessageIdIndex messageIds;
    private RawMessageStore rawStore;
    private Threader threader;
    private List<ParsedMessage> parsed;
    private List<ParsedMessage> replies;
    private List<RawMessage> raw;
    private int next;
    private long unique;
    /** Distinct per fork, so that documents written by an earlier fork on the same node never collide. */
    private final String run = Long.toString(System.currentTimeMillis(), 36);

    @Setup(Level.Trial)
    public void setUp() {
        rest = RestClient.builder(HttpHost.create(System.getProperty("bench.es.url", "http://127.0.0.1:9200"))).build();
        ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .setSerializationInclusion(JsonInclude.Include.NON_NULL);
        client = new ElasticsearchClient(new RestClientTransport(rest, new JacksonJsonpMapper(mapper)));
        ElasticsearchProperties properties = new ElasticsearchProperties(null, "jmh", 0, null);
        indices = new Indices(properties);
        new IndexTemplates(client, indices, properties).install();
        try {
            client.indices().putSettings(p -> p.index("jmh-*")
                    .settings(x -> x.translog(t -> t.durability(TranslogDurability.valueOf(
                            durability.substring(0, 1).toUpperCase() + durability.substring(1))))));
        }
        catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        tickets = new TicketStore(client, indices);
        messages = new MessageStore(client, indices);
        messageIds = new MessageIdIndex(client, indices);
        rawStore = new RawMessageStore(client, indices);
        TicketflowIdentity identity = Mails.identity();
        ThreadingProperties threading = ThreadingProperties.defaults();
        threader = new Threader(messageIds, tickets, new SubjectTag(identity), new ThreadTokens(identity, () -> "bench"),
                new SenderCheck(threading, identity), threading, identity);
        raw = Mails.raw(12, 500);
        MessageParser parser = new MessageParser();
        parsed = raw.stream().map(parser::parse).toList();
        // the threads of the corpus, stored once, so that replies find their parents
        replies = new ArrayList<>();
        for (ParsedMessage message : parsed) {
            ThreadingDecision decision = threader.thread(message);
            String number = decision.isNewTicket() ? storeNewTicket(message) : decision.ticketNumber();
            if (!decision.isNewTicket()) {
                messageIds.register(message.messageId(), number, TicketMessage.INBOUND);
            }
            if (!message.inReplyTo().isEmpty() || !message.references().isEmpty()) {
                replies.add(message);
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        rest.close();
    }

    /** Thread lookup: one realtime GET by Message-ID hash. */
    @Benchmark
    public Object threadLookupGet() {
        next = (next + 1) % parsed.size();
        return messageIds.find(parsed.get(next).messageId());
    }

    /** Thread decision for a reply: Message-ID GET(s) plus the ticket GET for the sender check. */
    @Benchmark
    public ThreadingDecision threadReply() {
        next = (next + 1) % replies.size();
        return threader.thread(replies.get(next));
    }

    /** Store: a new ticket with its first message, as the pipeline writes it (5 requests). */
    @Benchmark
    public String storeNewTicket() {
        next = (next + 1) % parsed.size();
        return storeNewTicket(parsed.get(next));
    }

    /** Raw store: the first write of every mail (create-only by SHA-256 of fresh bytes). */
    @Benchmark
    public Object rawSave() {
        next = (next + 1) % raw.size();
        RawMessage r = raw.get(next);
        byte[] bytes = ("X-Bench-Run: " + run + "-" + unique++ + "\r\n").getBytes();
        byte[] unique = new byte[bytes.length + r.bytes().length];
        System.arraycopy(bytes, 0, unique, 0, bytes.length);
        System.arraycopy(r.bytes(), 0, unique, bytes.length, r.bytes().length);
        return rawStore.save(RawMessage.of(unique, "imap", "support"));
    }

    /**
     * What bulk writing would give: the same documents as {@link #storeNewTicket()} (ticket with its first message,
     * message, Message-ID entry) for {@value #BATCH} mails in one bulk request, create-only so a retry cannot duplicate.
     * One op is one batch: multiply by {@value #BATCH} for mails/s.
     */
    @Benchmark
    public Object storeNewTicketsBulk() throws Exception {
        BulkRequest.Builder bulk = new BulkRequest.Builder();
        Instant now = Instant.now();
        for (int i = 0; i < BATCH; i++) {
            next = (next + 1) % parsed.size();
            ParsedMessage m = parsed.get(next);
            String number = "B" + run + "-" + unique++;
            String id = RawMessage.sha256Hex(number + "-" + m.messageId());
            List<String> addresses = new ArrayList<>();
            addresses.add(m.from().address());
            m.to().forEach(a -> addresses.add(a.address()));
            Ticket ticket = Ticket.open(number, "imap", m.from().address(), m.from().name(), m.subject(), now)
                    .withMessage(id, addresses, now);
            TicketMessage message = message(id, number, m, now);
            MessageIdIndex.Entry entry = new MessageIdIndex.Entry(m.messageId(), number, TicketMessage.INBOUND, now);
            bulk.operations(o -> o.create(c -> c.index(indices.tickets()).id(number).document(ticket)));
            bulk.operations(o -> o.create(c -> c.index(indices.messages()).id(id).document(message)));
            bulk.operations(o -> o.create(c -> c.index(indices.messageIds()).id(RawMessage.sha256Hex(number))
                    .document(entry)));
        }
        BulkResponse response = client.bulk(bulk.build());
        if (response.errors()) {
            throw new IllegalStateException("bulk item failed: " + response.items().stream()
                    .filter(item -> item.error() != null).findFirst().map(item -> item.error().reason()).orElse("?"));
        }
        return response;
    }

    private static TicketMessage message(String id, String number, ParsedMessage m, Instant now) {
        return new TicketMessage(id, number, TicketMessage.INBOUND, "imap", "support", m.messageId(),
                m.from().address(), m.from().name(), m.to().stream().map(MailAddress::address).toList(),
                m.cc().stream().map(MailAddress::address).toList(), m.subject(), m.text(), m.newContent(), now,
                m.sentAt(), m.attachments(), new TicketMessage.Screening("human", "bench"),
                new TicketMessage.Threading("new", null, List.of()), m.warnings(), null, null, null, null, null);
    }

    private String storeNewTicket(ParsedMessage m) {
        String number = tickets.allocateNumber();
        Instant now = Instant.now();
        tickets.createIfAbsent(Ticket.open(number, "imap", m.from().address(), m.from().name(), m.subject(), now));
        String id = number + "-" + m.messageId();
        messages.create(message(RawMessage.sha256Hex(id), number, m, now));
        List<String> addresses = new ArrayList<>();
        addresses.add(m.from().address());
        m.to().forEach(a -> addresses.add(a.address()));
        m.cc().forEach(a -> addresses.add(a.address()));
        tickets.update(number, t -> t.withMessage(RawMessage.sha256Hex(id), addresses, now));
        messageIds.register(m.messageId(), number, TicketMessage.INBOUND);
        return number;
    }
}
