package io.ticketflow.store;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.core.CreateRequest;
import co.elastic.clients.elasticsearch.core.IndexRequest;
import co.elastic.clients.json.JsonpMapper;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import com.fasterxml.jackson.annotation.JsonInclude;
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
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BulkWireFormatTest {

    private final ObjectMapper json = new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_NULL);
    private final BulkWireFormat format = new BulkWireFormat(new JacksonJsonpMapper(json), json);

    /** The action line as the ObjectMapper writes it from maps (what the items were made of before). */
    private String mapLine(String action, String index, String id, Long seqNo, Long term) throws Exception {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("_index", index);
        meta.put("_id", id);
        if (seqNo != null) {
            meta.put("if_seq_no", seqNo);
            meta.put("if_primary_term", term);
        }
        return json.writeValueAsString(Map.of(action, meta));
    }

    private String[] lines(Object request) throws Exception {
        return new String(format.itemOf(request).bytes(), StandardCharsets.UTF_8).split("\n", -1);
    }

    @Test
    void itemLinesAreTheBytesTheMapsGave() throws Exception {
        Map<String, Object> doc = Map.of("subject", "Grüße \"quoted\" \u2028 line", "n", 3);
        String[] index = lines(IndexRequest.of(r -> r.index("bench-raw").id("a\"b\\c<é>").document(doc)));
        assertThat(index).hasSize(3);
        assertThat(index[0]).isEqualTo(mapLine("index", "bench-raw", "a\"b\\c<é>", null, null));
        assertThat(index[1]).isEqualTo(json.writeValueAsString(doc));
        assertThat(index[2]).isEmpty();

        String[] guarded = lines(IndexRequest.of(r -> r.index("t").id("1").ifSeqNo(12L).ifPrimaryTerm(3L).document(doc)));
        assertThat(guarded[0]).isEqualTo(mapLine("index", "t", "1", 12L, 3L))
                .isEqualTo("{\"index\":{\"_index\":\"t\",\"_id\":\"1\",\"if_seq_no\":12,\"if_primary_term\":3}}");

        String[] create = lines(CreateRequest.of(r -> r.index("m").id("x@y").document(doc)));
        assertThat(create[0]).isEqualTo(mapLine("create", "m", "x@y", null, null));
    }

    /**
     * The store's documents as the generated benchmark mails make them (raw bytes and record, message, ticket, maps)
     * are the bytes the client's mapper wrote with a generator of its own before the item shared the action line's.
     */
    @Test
    void realDocumentsAreTheBytesTheClientsOwnGeneratorGave() throws Exception {
        ObjectMapper documents = ElasticsearchClientConfiguration.documentMapper();
        JacksonJsonpMapper mapper = new JacksonJsonpMapper(documents);
        BulkWireFormat production = new BulkWireFormat(mapper, documents);
        MessageParser parser = new MessageParser();
        List<Object> docs = new ArrayList<>();
        for (MailGenerator.Mail mail : MailGenerator.generate(MailGenerator.Options.of(7, 150))) {
            RawMessage raw = RawMessage.of(mail.bytes(), "imap", "support");
            ParsedMessage parsed = parser.parse(raw);
            RawMessageStore.RawBytes kept = RawMessageStore.bytesDocument(raw, 1);
            docs.add(kept);
            docs.add(kept.record().withTicket("1042").finished("processed", "created", null, parsed.messageId()));
            docs.add(TicketMessage.inbound(raw, parsed, "1042", ScreeningVerdict.human(),
                    TicketMessage.Threading.of(ThreadingDecision.newTicket(List.of("none"))), null, null));
            docs.add(Ticket.open("1042", "imap", parsed.from().address(), parsed.from().name(), parsed.subject(),
                    raw.receivedAt()));
            docs.add(Map.of("name", raw.id(), "at", raw.receivedAt().toString(), "n", mail.index()));
        }
        for (Object doc : docs) {
            var create = CreateRequest.of(r -> r.index("bench-messages").id("c<é>").document(doc));
            var guarded = IndexRequest.of(r -> r.index("bench-raw").id("x@y").ifSeqNo(7L).ifPrimaryTerm(2L)
                    .document(doc));
            assertThat(new String(production.itemOf(create).bytes(), StandardCharsets.UTF_8))
                    .isEqualTo(ownGenerator("create", "bench-messages", "c<é>", null, null, doc, mapper));
            assertThat(new String(production.itemOf(guarded).bytes(), StandardCharsets.UTF_8))
                    .isEqualTo(ownGenerator("index", "bench-raw", "x@y", 7L, 2L, doc, mapper));
        }
        assertThat(docs).hasSize(750);
    }

    /** The item as it was written before: the action line, then the document through the mapper's own generator. */
    private String ownGenerator(String action, String index, String id, Long seqNo, Long term, Object doc,
            JsonpMapper mapper) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(mapLine(action, index, id, seqNo, term).getBytes(StandardCharsets.UTF_8));
        out.write('\n');
        try (JsonGenerator generator = mapper.jsonProvider().createGenerator(out)) {
            mapper.serialize(doc, generator);
        }
        out.write('\n');
        return out.toString(StandardCharsets.UTF_8);
    }
}
