package io.ticketflow.api;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.JsonNode;
import io.ticketflow.embedded.LocalBotApi;
import io.ticketflow.security.Role;
import io.ticketflow.source.ChannelsTestBase;
import io.ticketflow.store.AuditEntry;
import io.ticketflow.store.AuditLog;
import io.ticketflow.store.Indices;
import io.ticketflow.store.MessageStore;
import io.ticketflow.store.RawMessageStore;
import io.ticketflow.store.TicketStore;
import io.ticketflow.testing.Await;
import io.ticketflow.testing.TestTokens;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
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
 * Linking a Telegram chat to an e-mail customer on the real pipeline (local Bot API, real Elasticsearch node): the
 * chat's ticket and the customer's mail tickets show each other's identity, a ticket written after the link carries
 * it in the index, unlinking clears it; agents may link, analysts may not, nobody without a token; the audit names
 * neither the address nor the chat; the customer's export holds the chat and erasure removes it with the link.
 */
class CustomerIdentitiesTest extends ChannelsTestBase {

    private static final AtomicLong UPDATES = TELEGRAM_UPDATES;
    private static final AtomicLong CHATS = new AtomicLong(System.nanoTime() % 1_000_000_000L + 7_000_000_000L);

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Autowired
    private TicketStore tickets;

    @Autowired
    private MessageStore messages;

    @Autowired
    private RawMessageStore raw;

    @Autowired
    private AuditLog audit;

    @Autowired
    private ElasticsearchClient client;

    @Autowired
    private Indices indices;

    @Test
    void aLinkedChatAndTheMailCustomerShowEachOtherUntilUnlinked() throws Exception {
        String alice = "alice-" + run + "@link-" + run + ".example";
        long chat = CHATS.incrementAndGet();
        String identity = "telegram:" + chat;
        BOT.push(LocalBotApi.textUpdate(UPDATES.incrementAndGet(), chat, 1, "Carla", "Where is my parcel " + run));
        String chatTicket = ticketOf(identity, 1).path("number").asText();
        String mailTicket = postMail(alice, "Parcel by mail " + run).path("ticket").asText();
        String agent = TestTokens.create("agent-links", Role.AGENT, null);
        String analyst = TestTokens.create("analyst-links", Role.ANALYST, null);
        String path = "/api/customers/" + alice + "/identities/telegram/" + chat;
        Await.until("the agent token loaded", Duration.ofSeconds(10),
                () -> call(HttpMethod.GET, "/api/customers/" + alice + "/identities", agent).getStatusCode().value() == 200
                        ? true : null);

        ResponseEntity<String> linked = call(HttpMethod.PUT, path, agent);
        assertThat(linked.getStatusCode().value()).as(linked.getBody()).isEqualTo(200);
        JsonNode link = JSON.readTree(linked.getBody());
        assertThat(link.path("identity").asText()).isEqualTo(identity);
        assertThat(link.path("link").path("customer").asText()).isEqualTo(alice);
        assertThat(link.path("link").path("name").asText()).isEqualTo("Carla");
        assertThat(link.path("ticketsUpdated").asInt()).isEqualTo(2);

        List<String> both = List.of(alice, identity);
        assertThat(identities(getJson("/api/tickets/" + chatTicket).path("ticket"))).isEqualTo(both);
        assertThat(identities(getJson("/api/tickets/" + mailTicket).path("ticket"))).isEqualTo(both);
        assertThat(getJson("/api/tickets?q=" + alice).path("total").asInt()).as("the address finds the chat too")
                .isEqualTo(2);
        JsonNode listed = JSON.readTree(call(HttpMethod.GET, "/api/customers/" + alice + "/identities", agent).getBody());
        assertThat(listed.path("identities").get(0).path("identity").asText()).isEqualTo(identity);

        // written after the link: the new ticket carries it in the index (what Kibana searches), as do appends
        String later = postMail(alice, "Another question " + run).path("ticket").asText();
        assertThat(tickets.find(later).value().customerIdentities()).isEqualTo(both);
        BOT.push(LocalBotApi.textUpdate(UPDATES.incrementAndGet(), chat, 2, "Carla", "Any news?"));
        Await.until("the second chat message", Duration.ofSeconds(30),
                () -> tickets.find(chatTicket).value().messageCount() == 2 ? true : null);
        assertThat(tickets.find(chatTicket).value().customerIdentities()).isEqualTo(both);
        client.indices().refresh(r -> r.index(indices.tickets()));
        long inIndex = client.search(s -> s.index(indices.tickets()).query(q -> q.term(t -> t.field("customerIdentities")
                .value(alice))), Map.class).hits().total().value();
        assertThat(inIndex).isEqualTo(3);

        // who may: analysts read tickets but do not link; nobody without a token
        assertThat(call(HttpMethod.PUT, path, analyst).getStatusCode().value()).isEqualTo(403);
        assertThat(call(HttpMethod.GET, "/api/customers/" + alice + "/identities", analyst).getStatusCode().value())
                .isEqualTo(403);
        assertThat(withoutToken("PUT", path)).isEqualTo(401);
        ResponseEntity<String> bad = call(HttpMethod.PUT, "/api/customers/" + alice + "/identities/icq/" + chat, agent);
        assertThat(bad.getStatusCode().value()).isEqualTo(400);
        assertThat(JSON.readTree(bad.getBody()).path("error").asText()).isEqualTo("bad_channel");
        assertThat(JSON.readTree(bad.getBody()).path("message").asText()).contains("'icq'").contains("telegram")
                .contains("whatsapp").contains("mastodon");
        ResponseEntity<String> elsewhere = call(HttpMethod.PUT, "/api/customers/bob-" + run
                + "@example.org/identities/telegram/" + chat, agent);
        assertThat(elsewhere.getStatusCode().value()).as(elsewhere.getBody()).isEqualTo(409);
        assertThat(elsewhere.getBody()).doesNotContain(alice);

        ResponseEntity<String> unlinked = call(HttpMethod.DELETE, path, agent);
        assertThat(unlinked.getStatusCode().value()).as(unlinked.getBody()).isEqualTo(200);
        assertThat(JSON.readTree(unlinked.getBody()).path("ticketsUpdated").asInt()).isEqualTo(3);
        for (String n : List.of(chatTicket, mailTicket, later)) {
            assertThat(identities(getJson("/api/tickets/" + n).path("ticket"))).as(n).isEmpty();
        }
        assertThat(getJson("/api/tickets?q=" + alice).path("total").asInt()).isEqualTo(2);
        assertThat(call(HttpMethod.DELETE, path, agent).getStatusCode().value()).isEqualTo(404);
        String after = postMail(alice, "Third question " + run).path("ticket").asText();
        assertThat(tickets.find(after).value().customerIdentities()).isNull();

        // audited with the action and channel; neither the address nor the chat id
        AuditEntry entry = awaitAudit("customer.identity.link");
        awaitAudit("customer.identity.unlink");
        assertThat(entry.path()).isEqualTo("/api/customers/{address}/identities/{channel}/{id}");
        assertThat(entry.details()).contains("channel=telegram").contains("ticketsUpdated=2");
        assertThat(audit.latest(200)).noneMatch(e -> e.toString().contains(alice) || e.toString().contains("link-" + run)
                || e.toString().contains(String.valueOf(chat)));
    }

    @Test
    void theExportHoldsTheLinkedChatAndErasureRemovesItWithTheLink() throws Exception {
        String dora = "dora-" + run + "@gdpr-" + run + ".example";
        long chat = CHATS.incrementAndGet();
        String identity = "telegram:" + chat;
        BOT.push(LocalBotApi.textUpdate(UPDATES.incrementAndGet(), chat, 1, "Dora", "My account number is 99-" + run));
        JsonNode chatTicket = ticketOf(identity, 1);
        String chatNumber = chatTicket.path("number").asText();
        String chatRaw = getJson("/api/tickets/" + chatNumber).path("ticket").path("messageKeys").get(0).asText();
        // the chat's acknowledgement sent and recorded, so nothing writes about the chat after the erasure
        Await.until("the acknowledgement recorded as sent", Duration.ofSeconds(30), () -> "sent".equals(
                getJson("/api/tickets/" + chatNumber).path("outgoing").path(0).path("state").asText()) ? true : null);
        String mailTicket = postMail(dora, "Invoice " + run).path("ticket").asText();
        ResponseEntity<String> linked = call(HttpMethod.PUT, "/api/customers/" + dora + "/identities/telegram/" + chat,
                TestTokens.admin());
        assertThat(linked.getStatusCode().value()).as(linked.getBody()).isEqualTo(200);

        ResponseEntity<byte[]> export = http.exchange("/api/customers/" + dora + "/export", HttpMethod.GET, null,
                byte[].class);
        assertThat(export.getStatusCode().value()).isEqualTo(200);
        Map<String, String> files = unzip(export.getBody());
        assertThat(files).containsKeys("identities.json", "tickets/" + chatNumber + ".json",
                "tickets/" + mailTicket + ".json", "messages/" + chatRaw + ".json", "raw/" + chatRaw + ".json");
        assertThat(files.get("identities.json")).contains(identity).contains("Dora");
        assertThat(files.get("customer.json")).contains(identity);
        assertThat(files.get("raw/" + chatRaw + ".json")).contains("My account number is 99-" + run);

        ResponseEntity<String> erased = http.exchange("/api/customers/" + dora, HttpMethod.DELETE, null, String.class);
        assertThat(erased.getStatusCode().value()).as(erased.getBody()).isEqualTo(200);
        JsonNode counts = JSON.readTree(erased.getBody()).path("erased");
        assertThat(counts.path("ticketsDeleted").asInt()).isEqualTo(2);
        assertThat(counts.path("identitiesUnlinked").asInt()).isEqualTo(1);
        assertThat(tickets.find(chatNumber)).isNull();
        assertThat(raw.find(chatRaw)).isNull();
        assertThat(messages.findAll(List.of(chatRaw))).isEmpty();
        assertThat(getJson("/api/customers/" + dora + "/identities").path("identities").size()).isZero();
        // nothing in the identities, tickets or messages still names the chat
        List<String> all = List.of(indices.identities(), indices.tickets(), indices.messages(), indices.outbox());
        client.indices().refresh(r -> r.index(all));
        long hits = client.search(s -> s.index(all).query(q -> q.queryString(qs -> qs.query("\"" + identity + "\"")
                .defaultField("*").lenient(true))), Map.class).hits().total().value();
        assertThat(hits).isZero();
    }

    private static List<String> identities(JsonNode ticket) {
        List<String> out = new ArrayList<>();
        ticket.path("customerIdentities").forEach(n -> out.add(n.asText()));
        return out;
    }

    private ResponseEntity<String> call(HttpMethod method, String path, String token) {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(token);
        return http.exchange(URI.create(http.getRootUri() + path), method, new HttpEntity<>(headers), String.class);
    }

    private int withoutToken(String method, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(http.getRootUri() + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private JsonNode postMail(String from, String subject) throws Exception {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.parseMediaType("message/rfc822"));
        String mail = "To: support@ticketflow.local\r\nFrom: " + from + "\r\nSubject: " + subject + "\r\nMessage-ID: <"
                + UUID.randomUUID() + "@client.example>\r\n\r\nPlease help.\r\n";
        JsonNode answer = JSON.readTree(http.postForEntity("/api/messages", new HttpEntity<>(
                mail.getBytes(StandardCharsets.UTF_8), headers), String.class).getBody());
        assertThat(answer.path("outcome").asText()).as(answer.toString()).isEqualTo("created");
        return answer;
    }

    private AuditEntry awaitAudit(String action) {
        return Await.until(action + " in the audit log", Duration.ofSeconds(10), () -> audit.latest(200).stream()
                .filter(e -> action.equals(e.action()) && "done".equals(e.outcome()) && e.at() != null)
                .findFirst().orElse(null));
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
}
