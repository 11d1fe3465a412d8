package io.ticketflow.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ticketflow.store.AuditEntry;
import io.ticketflow.store.AuditLog;
import io.ticketflow.store.Indices;
import io.ticketflow.store.MessageStore;
import io.ticketflow.store.OutboxStore;
import io.ticketflow.store.RawMessageStore;
import io.ticketflow.store.TicketStore;
import io.ticketflow.testing.RealPartsTest;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * GDPR export and erasure of one customer on the real pipeline: the export holds their tickets, messages, raw mail
 * (also a quarantined one that names them) and the mail we sent them; the erasure removes all of it from every index,
 * keeps other customers' tickets they took part in (redacted), and the audit log records both without the address.
 */
class CustomerDataTest extends RealPartsTest {

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String alice = "alice-" + run + "@gdpr-" + run + ".example";
    private final String bob = "bob-" + run + "@other-" + run + ".example";

    @Autowired
    private TicketStore tickets;

    @Autowired
    private MessageStore messages;

    @Autowired
    private RawMessageStore raw;

    @Autowired
    private OutboxStore outbox;

    @Autowired
    private AuditLog audit;

    @Autowired
    private ElasticsearchClient client;

    @Autowired
    private Indices indices;

    @Test
    void exportHoldsEverythingAndErasureLeavesNothingButRedactedSharedTickets() throws Exception {
        JsonNode own = post("From: " + alice + "\r\nSubject: My invoice " + run + "\r\nMessage-ID: <" + run
                + ".1@client.example>\r\n\r\nMy IBAN is DE00 1234.\r\n");
        String mine = own.path("ticket").asText();
        await("acknowledgement to alice", Duration.ofSeconds(10), () -> outbox.find(mine + "-acknowledgement"));
        JsonNode reply = post("From: " + alice + "\r\nSubject: Re: [TF#" + mine + "]\r\nMessage-ID: <" + run
                + ".2@client.example>\r\n\r\nAnd another thing.\r\n");
        assertThat(reply.path("outcome").asText()).isEqualTo("appended");
        JsonNode bobs = post("From: " + bob + "\r\nCc: " + alice + "\r\nSubject: Shared drive " + run
                + "\r\nMessage-ID: <" + run + ".3@other.example>\r\n\r\nBob's question.\r\n");
        String shared = bobs.path("ticket").asText();
        JsonNode inShared = post("From: " + alice + "\r\nSubject: Re: [TF#" + shared + "]\r\nMessage-ID: <" + run
                + ".4@client.example>\r\n\r\nAlice adds something.\r\n");
        assertThat(inShared.path("outcome").asText()).as(inShared.toString()).isEqualTo("appended");
        // no sender: quarantined, but the text names alice
        JsonNode quarantined = post("Subject: about " + alice + "\r\n\r\nPlease call " + alice + "\r\n");
        assertThat(quarantined.path("outcome").asText()).isEqualTo("quarantined");

        ResponseEntity<byte[]> export = http.exchange("/api/customers/" + alice + "/export", HttpMethod.GET, null,
                byte[].class);
        assertThat(export.getStatusCode().value()).isEqualTo(200);
        Map<String, String> files = unzip(export.getBody());
        assertThat(files).containsKeys("customer.json", "tickets/" + mine + ".json", "tickets/" + shared + ".json",
                "raw/" + own.path("rawId").asText() + ".eml", "raw/" + quarantined.path("rawId").asText() + ".eml",
                "messages/" + reply.path("rawId").asText() + ".json", "messages/" + bobs.path("rawId").asText() + ".json",
                "outgoing/" + mine + "-acknowledgement.json");
        assertThat(files.get("raw/" + own.path("rawId").asText() + ".eml")).contains("My IBAN is DE00 1234.");
        assertThat(files.get("tickets/" + shared + ".json")).doesNotContain(bob);

        ResponseEntity<String> erased = http.exchange("/api/customers/" + alice, HttpMethod.DELETE, null, String.class);
        assertThat(erased.getStatusCode().value()).as(erased.getBody()).isEqualTo(200);
        JsonNode counts = JSON.readTree(erased.getBody()).path("erased");
        assertThat(counts.path("ticketsDeleted").asInt()).isEqualTo(1);
        assertThat(counts.path("ticketsRedacted").asInt()).isEqualTo(1);

        assertThat(tickets.find(mine)).isNull();
        assertThat(outbox.find(mine + "-acknowledgement")).isNull();
        for (JsonNode m : List.of(own, reply, inShared, quarantined)) {
            assertThat(raw.find(m.path("rawId").asText())).as(m.toString()).isNull();
            assertThat(client.exists(e -> e.index(indices.rawBytes()).id(m.path("rawId").asText())).value())
                    .as("bytes of " + m).isFalse();
        }
        assertThat(messages.findAll(List.of(own.path("rawId").asText(), inShared.path("rawId").asText()))).isEmpty();
        var sharedTicket = tickets.find(shared).value();
        assertThat(sharedTicket.participants()).doesNotContain(alice).contains(bob);
        assertThat(sharedTicket.messageKeys()).containsExactly(bobs.path("rawId").asText());
        assertThat(messages.findAll(List.of(bobs.path("rawId").asText())).get(0).cc()).doesNotContain(alice);
        // no document in any index still holds the address
        List<String> all = List.of(indices.tickets(), indices.messages(), indices.outbox(), indices.messageIds(),
                indices.addresses(), indices.events(), indices.raw(), indices.rawBytes(), indices.deliveries());
        client.indices().refresh(r -> r.index(all));
        long hits = client.search(s -> s.index(all).query(q -> q.queryString(qs -> qs.query("\"" + alice + "\"").defaultField("*").lenient(true))),
                Map.class).hits().total().value();
        assertThat(hits).isZero();
        assertThat(http.exchange("/api/customers/" + alice + "/export", HttpMethod.GET, null, String.class)
                .getStatusCode().value()).isEqualTo(404);

        // both audited, by action and counts, without the address
        AuditEntry exported = awaitAudit("customer.export");
        AuditEntry erasure = awaitAudit("customer.erase");
        assertThat(erasure.details()).contains("ticketsDeleted=1").contains("ticketsRedacted=1");
        assertThat(exported.path()).isEqualTo("/api/customers/{address}/export");
        assertThat(erasure.path()).isEqualTo("/api/customers/{address}");
        assertThat(exported.toString() + erasure).doesNotContain(alice)
                .doesNotContain("gdpr-" + run);
    }

    /**
     * The lookup caches forget what erasure deleted: alice's Message-ID on bob's ticket was cached as owned when she
     * wrote there; after her erasure a mail naming that id is threaded as the store says (the id is unknown), not onto
     * bob's ticket by a cache entry of an erased message, and no evidence cites her erased id.
     */
    @Test
    void anErasedMessageIdNoLongerThreads() throws Exception {
        JsonNode bobs = post("From: " + bob + "\r\nCc: " + alice + "\r\nSubject: Printer " + run
                + "\r\nMessage-ID: <" + run + ".b1@other.example>\r\n\r\nThe printer is jammed.\r\n");
        String shared = bobs.path("ticket").asText();
        JsonNode alices = post("From: " + alice + "\r\nSubject: Re: [TF#" + shared + "]\r\nMessage-ID: <" + run
                + ".a1@client.example>\r\n\r\nMine too.\r\n");
        assertThat(alices.path("ticket").asText()).as(alices.toString()).isEqualTo(shared);

        ResponseEntity<String> erased = http.exchange("/api/customers/" + alice, HttpMethod.DELETE, null, String.class);
        assertThat(erased.getStatusCode().value()).as(erased.getBody()).isEqualTo(200);

        JsonNode after = post("From: " + bob + "\r\nSubject: Scanner " + run + "\r\nIn-Reply-To: <" + run
                + ".a1@client.example>\r\nMessage-ID: <" + run + ".b2@other.example>\r\n\r\nThe scanner too.\r\n");
        assertThat(after.path("outcome").asText()).as(after.toString()).isEqualTo("created");
        assertThat(after.path("ticket").asText()).isNotEqualTo(shared);
        assertThat(after.toString()).doesNotContain(run + ".a1");
    }

    @Test
    void notAnAddressIsABadRequest() {
        assertThat(http.exchange("/api/customers/not-an-address", HttpMethod.DELETE, null, String.class)
                .getStatusCode().value()).isEqualTo(400);
    }

    private AuditEntry awaitAudit(String action) {
        return await(action + " in the audit log", Duration.ofSeconds(10), () -> audit.latest(200).stream()
                .filter(e -> action.equals(e.action()) && e.at() != null).findFirst().orElse(null));
    }

    private static Map<String, String> unzip(byte[] zip) throws Exception {
        Map<String, String> files = new HashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                files.put(e.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return files;
    }

    private JsonNode post(String mail) throws Exception {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.parseMediaType("message/rfc822"));
        String body = http.postForEntity("/api/messages", new HttpEntity<>(
                ("To: support@ticketflow.local\r\n" + mail).getBytes(StandardCharsets.UTF_8), headers), String.class)
                .getBody();
        return JSON.readTree(body);
    }
}
