package io.ticketflow.respond;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ticketflow.security.Role;
import io.ticketflow.testing.RealPartsTest;
import io.ticketflow.testing.TestMailServer;
import io.ticketflow.testing.TestTokens;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * Refund requests on real parts (REST intake with the shipped routing rules, Elasticsearch, outbox to GreenMail): the
 * order and amount are read into the ticket, the customer gets the acknowledgement and nothing about the refund until
 * an agent decides; approving sends the refund-approved template, denying the refund-denied one, each once.
 */
class RefundFlowTest extends RealPartsTest {

    @Autowired
    OutboxDispatcher outbox;

    @Autowired
    co.elastic.clients.elasticsearch.ElasticsearchClient client;

    @Autowired
    io.ticketflow.store.Indices indices;

    @Autowired
    io.ticketflow.store.EventLog events;

    private String agent;

    @Test
    void aRefundIsExtractedWaitsForTheApprovalAndTheApprovalSendsTheApprovedNotice() throws Exception {
        agent = accepted(TestTokens.create("refund-agent", Role.AGENT, null));
        String customer = "refund-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        String number = postMail(customer, "Refund for order #A-12345",
                "Hello,\nthe parcel arrived broken. Please refund the 1.249,90 EUR I paid.\nThanks");
        JsonNode refund = ticket(number).path("refund");
        assertThat(refund.path("order").asText()).isEqualTo("A-12345");
        assertThat(refund.path("amount").decimalValue()).isEqualByComparingTo("1249.90");
        assertThat(refund.path("currency").asText()).isEqualTo("EUR");
        assertThat(refund.path("status").asText()).isEqualTo("requested");
        assertThat(ticket(number).path("triage").path("queue").asText()).isEqualTo("refunds");

        List<MimeMessage> before = mailsAfterSending(customer);
        assertThat(before).as("the acknowledgement, nothing about the refund yet").hasSize(1);
        assertThat(before.get(0).getSubject()).doesNotContain("refund was approved");

        ResponseEntity<String> approved = decide(number, agent, "{\"decision\":\"approve\",\"note\":\"photo checked\"}");
        assertThat(approved.getStatusCode().value()).as(approved.getBody()).isEqualTo(200);
        MimeMessage notice = await("the approval notice", Duration.ofSeconds(30),
                () -> TestMailServer.mailsTo(customer).size() == 2 ? TestMailServer.mailsTo(customer).get(1) : null);
        assertThat(notice.getSubject()).isEqualTo("[TF#" + number + "] Your refund was approved: Refund for order #A-12345");
        assertThat(text(notice)).contains("for order A-12345 was approved (1249.90 EUR)").doesNotContain("photo checked");
        refund = ticket(number).path("refund");
        assertThat(refund.path("status").asText()).isEqualTo("approved");
        assertThat(refund.path("decidedBy").asText()).startsWith("refund-agent-");
        assertThat(refund.path("decidedAt").asText()).isNotBlank();

        // a client's retry changes nothing and sends nothing; the other decision is refused
        assertThat(decide(number, agent, "{\"decision\":\"approve\"}").getStatusCode().value()).isEqualTo(200);
        assertThat(decide(number, agent, "{\"decision\":\"deny\"}").getStatusCode().value()).isEqualTo(409);
        assertThat(mailsAfterSending(customer)).hasSize(2);
    }

    @Test
    void aDenialSendsTheDeniedNoticeAndOnlyRefundRequestsCanBeDecided() throws Exception {
        agent = accepted(TestTokens.create("refund-agent", Role.AGENT, null));
        String customer = "refund-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        String number = postMail(customer, "Money back please", "Order number: 778899, I want my $49.99 back.");
        JsonNode refund = ticket(number).path("refund");
        assertThat(refund.path("order").asText()).isEqualTo("778899");
        assertThat(refund.path("amount").decimalValue()).isEqualByComparingTo("49.99");
        assertThat(refund.path("currency").asText()).isEqualTo("USD");
        assertThat(mailsAfterSending(customer)).hasSize(1);

        assertThat(decide(number, agent, "{\"decision\":\"maybe\"}").getStatusCode().value()).isEqualTo(400);
        String analyst = accepted(TestTokens.create("refund-analyst", Role.ANALYST, null));
        assertThat(decide(number, analyst, "{\"decision\":\"approve\"}").getStatusCode().value()).isEqualTo(403);
        assertThat(mailsAfterSending(customer)).as("refused calls tell the customer nothing").hasSize(1);

        assertThat(decide(number, agent, "{\"decision\":\"deny\"}").getStatusCode().value()).isEqualTo(200);
        MimeMessage notice = await("the denial notice", Duration.ofSeconds(30),
                () -> TestMailServer.mailsTo(customer).size() == 2 ? TestMailServer.mailsTo(customer).get(1) : null);
        assertThat(notice.getSubject()).isEqualTo("[TF#" + number + "] About your refund request: Money back please");
        assertThat(text(notice)).contains("for order 778899").contains("cannot refund 49.99 USD");
        assertThat(ticket(number).path("refund").path("status").asText()).isEqualTo("denied");

        String plain = postMail(customer, "Printer offline", "My printer is offline again.");
        assertThat(ticket(plain).path("refund").isMissingNode() || ticket(plain).path("refund").isNull()).isTrue();
        assertThat(decide(plain, agent, "{\"decision\":\"approve\"}").getStatusCode().value()).isEqualTo(409);
    }

    /**
     * Issue 16: the refund note is part of the ticket's create, so a refund request's ticket is written as often as
     * any other new ticket's, and its {@code refund-requested} event is still recorded, once.
     */
    @Test
    void theRefundNoteGoesInTheTicketsCreateAndItsEventIsStillRecorded() throws Exception {
        String refunded = postMail("refund-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com",
                "Refund for order #B-2024", "Please refund the 19,90 EUR of order B-2024.");
        String plain = postMail("plain-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com",
                "Printer offline", "My printer is offline again.");
        assertThat(ticket(refunded).path("refund").path("order").asText()).isEqualTo("B-2024");
        mailsAfterSending("nobody@example.com");
        long refundWrites = client.get(g -> g.index(indices.tickets()).id(refunded), Void.class).version();
        long plainWrites = client.get(g -> g.index(indices.tickets()).id(plain), Void.class).version();
        assertThat(refundWrites).as("writes of the refund request's ticket").isEqualTo(plainWrites);

        events.flush();
        client.indices().refresh(r -> r.index(indices.events()));
        long noted = client.count(c -> c.index(indices.events()).query(q -> q.bool(b -> b
                .filter(f -> f.term(t -> t.field("type").value("refund-requested")))
                .filter(f -> f.term(t -> t.field("ticket").value(refunded)))))).count();
        assertThat(noted).isEqualTo(1);
    }

    /** The service reads the tokens file every 2 s: wait until it knows a token created by the test. */
    private String accepted(String token) {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(token);
        await("the service to read a new token", Duration.ofSeconds(30), () -> http.exchange("/api/tickets?size=1",
                HttpMethod.GET, new HttpEntity<>(headers), String.class).getStatusCode().value() == 200 ? true : null);
        return token;
    }

    private JsonNode ticket(String number) {
        return getJson("/api/tickets/" + number).path("ticket");
    }

    private String postMail(String from, String subject, String body) throws Exception {
        String mail = "From: Customer <" + from + ">\r\nTo: " + TestMailServer.SUPPORT + "\r\nSubject: " + subject
                + "\r\nMessage-ID: <" + UUID.randomUUID() + "@client.example>\r\n"
                + "Content-Type: text/plain; charset=UTF-8\r\n\r\n" + body.replace("\n", "\r\n") + "\r\n";
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.parseMediaType("message/rfc822"));
        ResponseEntity<String> response = http.postForEntity("/api/messages",
                new HttpEntity<>(mail.getBytes(StandardCharsets.UTF_8), headers), String.class);
        return JSON.readTree(response.getBody()).path("ticket").asText();
    }

    private ResponseEntity<String> decide(String number, String token, String json) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.setBearerAuth(token);
        return http.exchange("/api/tickets/" + number + "/refund", HttpMethod.PATCH, new HttpEntity<>(json, headers),
                String.class);
    }

    private List<MimeMessage> mailsAfterSending(String address) {
        assertThat(outbox.awaitIdle(Duration.ofSeconds(30))).as("outbox senders idle").isTrue();
        return TestMailServer.mailsTo(address);
    }

    private static String text(MimeMessage mail) throws Exception {
        Object content = mail.getContent();
        return content instanceof Multipart parts ? (String) parts.getBodyPart(0).getContent() : (String) content;
    }
}
