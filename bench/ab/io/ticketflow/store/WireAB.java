package io.ticketflow.store;

import co.elastic.clients.elasticsearch.core.CreateRequest;
import co.elastic.clients.elasticsearch.core.IndexRequest;
import co.elastic.clients.json.JsonpMapper;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.JsonEndpoint;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ticketflow.bench.MailGenerator;
import io.ticketflow.parse.MessageParser;
import io.ticketflow.ticket.Ticket;
import io.ticketflow.ticket.TicketMessage;
import io.ticketflow.vocabulary.ParsedMessage;
import io.ticketflow.vocabulary.RawMessage;
import io.ticketflow.vocabulary.ScreeningVerdict;
import io.ticketflow.vocabulary.ThreadingDecision;
import jakarta.json.stream.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Scratch (round 12 wire): one bulk item's client-side JSON work, the previous way against the current one, in one
 * JVM on one thread, alternating item by item (thread CPU, second half of the rounds). Encode: the documents the
 * generated mails make (raw bytes + record, the record's next state, message, ticket, a small map) as create items,
 * before with a second generator per item; decode: each item's answer as Elasticsearch gives it (created), before
 * through the client's deserializer, now built from its fields. Bytes and answers are compared first.
 */
public class WireAB {

    public static void main(String[] args) throws Exception {
        int rounds = Integer.parseInt(args.length > 0 ? args[0] : "20");
        ObjectMapper json = ElasticsearchClientConfiguration.documentMapper();
        JacksonJsonpMapper mapper = new JacksonJsonpMapper(json);
        BulkWireFormat format = new BulkWireFormat(mapper, json);
        MessageParser parser = new MessageParser();
        List<Object> docs = new ArrayList<>();
        for (MailGenerator.Mail mail : MailGenerator.generate(MailGenerator.Options.of(11, 300))) {
            RawMessage raw = RawMessage.of(mail.bytes(), "imap", "support");
            ParsedMessage parsed = parser.parse(raw);
            RawMessageStore.RawBytes kept = RawMessageStore.bytesDocument(raw, 1);
            docs.add(kept);
            docs.add(kept.record().withTicket("1042").finished("processed", "created", null, parsed.messageId()));
            docs.add(TicketMessage.inbound(raw, parsed, "1042", ScreeningVerdict.human(),
                    TicketMessage.Threading.of(ThreadingDecision.newTicket(List.of())), null, null));
            docs.add(Ticket.open("1042", "imap", parsed.from().address(), parsed.from().name(), parsed.subject(),
                    raw.receivedAt()));
            docs.add(Map.of("name", raw.id(), "at", raw.receivedAt().toString(), "n", mail.index()));
        }
        List<CreateRequest<Object>> requests = new ArrayList<>();
        List<JsonNode> answers = new ArrayList<>();
        for (int i = 0; i < docs.size(); i++) {
            Object doc = docs.get(i);
            String id = "id-" + i;
            requests.add(CreateRequest.of(r -> r.index("ticketflow-messages").id(id).document(doc)));
            answers.add(json.readTree(("{\"_index\":\"ticketflow-messages\",\"_id\":\"" + id + "\",\"_version\":1,"
                    + "\"result\":\"created\",\"_shards\":{\"total\":1,\"successful\":1,\"failed\":0},\"_seq_no\":"
                    + (1000 + i) + ",\"_primary_term\":1,\"status\":201}")));
        }
        @SuppressWarnings("unchecked")
        var endpoint = (JsonEndpoint<?, co.elastic.clients.elasticsearch.core.CreateResponse, ?>)
                (JsonEndpoint<?, ?, ?>) CreateRequest._ENDPOINT;
        for (int i = 0; i < requests.size(); i++) {
            if (!Arrays.equals(format.itemOf(requests.get(i)).bytes(), before(requests.get(i), json, mapper))) {
                throw new AssertionError("item " + i + " differs");
            }
            if (!format.decode(answers.get(i), false, endpoint).toString()
                    .equals(format.deserialized(answers.get(i), endpoint).toString())) {
                throw new AssertionError("answer " + i + " differs");
            }
        }
        var bean = ManagementFactory.getThreadMXBean();
        long[] enc = new long[2], dec = new long[2];
        long n = 0, bytes = 0;
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < requests.size(); i++) {
                boolean nowFirst = (r + i) % 2 == 0;
                for (int k = 0; k < 2; k++) {
                    boolean now = (k == 0) == nowFirst;
                    long t0 = bean.getCurrentThreadCpuTime();
                    byte[] item = now ? format.itemOf(requests.get(i)).bytes() : before(requests.get(i), json, mapper);
                    long t1 = bean.getCurrentThreadCpuTime();
                    Object answer = now ? format.decode(answers.get(i), false, endpoint)
                            : format.deserialized(answers.get(i), endpoint);
                    long t2 = bean.getCurrentThreadCpuTime();
                    if (r >= rounds / 2) {
                        enc[now ? 1 : 0] += t1 - t0;
                        dec[now ? 1 : 0] += t2 - t1;
                        if (now) {
                            bytes += item.length + (answer == null ? 1 : 0);
                        }
                    }
                }
                if (r >= rounds / 2) {
                    n++;
                }
            }
        }
        System.out.printf("%d documents (%d mails x raw bytes, record, message, ticket, map), %.0f bytes per item; "
                + "second half of %d rounds, interleaved%n", requests.size(), requests.size() / 5, (double) bytes / n, rounds);
        System.out.printf("encode per item: before %.2f us, now %.2f us%n", enc[0] / 1e3 / n, enc[1] / 1e3 / n);
        System.out.printf("decode per created answer: before %.2f us, now %.2f us%n", dec[0] / 1e3 / n, dec[1] / 1e3 / n);
    }

    /** The item as BulkWireFormat wrote it before round 12: action line, then the document with a generator of its own. */
    static byte[] before(CreateRequest<Object> r, ObjectMapper json, JsonpMapper mapper) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try (com.fasterxml.jackson.core.JsonGenerator line = json.getFactory().createGenerator(out)) {
            line.writeStartObject();
            line.writeObjectFieldStart("create");
            line.writeStringField("_index", r.index());
            line.writeStringField("_id", r.id());
            line.writeEndObject();
            line.writeEndObject();
        }
        out.write('\n');
        try (JsonGenerator generator = mapper.jsonProvider().createGenerator(out)) {
            mapper.serialize(r.document(), generator);
        }
        out.write('\n');
        return out.toByteArray();
    }
}
