package io.ticketflow.api;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import com.fasterxml.jackson.databind.JsonNode;
import io.ticketflow.respond.OutboxDispatcher;
import io.ticketflow.store.EventLog;
import io.ticketflow.store.Indices;
import io.ticketflow.testing.RealPartsTest;
import io.ticketflow.testing.TestMailServer;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** Agents' replies and ticket changes over REST, and a customer's answer reopening the ticket, on real parts. */
class TicketRepliesApiTest extends RealPartsTest {

    @Autowired
    ElasticsearchClient elasticsearch;
    @Autowired
    Indices indices;
    @Autowired
    org.apache.camel.CamelContext camel;
    @Autowired
    OutboxDispatcher outbox;
    @Autowired
    EventLog eventLog;

    private final String customer = "agentflow-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";

    @Test
    void agentReplyIsMailedStoredTimedAndSetsTheStatusAndACustomerAnswerReopens() throws Exception {
        JsonNode created = postMail(customer, "Cannot log in", "<" + UUID.randomUUID() + "@client.example>", null);
        String number = created.path("ticket").asText();
        await("the acknowledgement", java.time.Duration.ofSeconds(30), () -> mailsTo(customer).size() == 1 ? true : null);

        ResponseEntity<String> reply = send(HttpMethod.POST, "/api/tickets/" + number + "/replies",
                "{\"text\":\"Hello,\\nplease try <b>again</b> now.\",\"status\":\"pending\",\"agent\":\"Kim\"}",
                "reply-1");
        assertThat(reply.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        JsonNode answer = JSON.readTree(reply.getBody());
        assertThat(answer.path("status").asText()).isEqualTo("pending");

        // the reply is sent right after it was recorded, not within the request
        List<MimeMessage> mails = await("the reply mail", java.time.Duration.ofSeconds(30),
                () -> mailsTo(customer).size() == 2 ? mailsTo(customer) : null);
        MimeMessage mail = mails.get(1);
        assertThat(mail.getSubject()).isEqualTo("[TF#" + number + "] Re: Cannot log in");
        assertThat(mail.getHeader("Auto-Submitted")).as("a person's reply is not automatic").isNull();
        assertThat(mail.getHeader("X-Auto-Response-Suppress", null)).isEqualTo("All");
        assertThat(mail.getHeader("In-Reply-To", null)).isEqualTo("<" + created.path("messageId").asText() + ">");
        assertThat(mail.getMessageID()).isEqualTo("<" + answer.path("messageId").asText() + ">");
        Multipart parts = (Multipart) mail.getContent();
        assertThat((String) parts.getBodyPart(0).getContent()).contains("please try <b>again</b> now.").contains("Kim");
        assertThat((String) parts.getBodyPart(1).getContent()).contains("please try &lt;b&gt;again&lt;/b&gt; now.");

        // the same request again (a client retrying after a timeout) sends nothing more
        ResponseEntity<String> retry = send(HttpMethod.POST, "/api/tickets/" + number + "/replies",
                "{\"text\":\"Hello,\\nplease try <b>again</b> now.\",\"status\":\"pending\"}", "reply-1");
        assertThat(retry.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(JSON.readTree(retry.getBody()).path("repeated").asBoolean()).isTrue();
        assertThat(mailsAfterSending(customer)).hasSize(2);

        JsonNode view = getJson("/api/tickets/" + number);
        JsonNode ticket = view.path("ticket");
        assertThat(ticket.path("status").asText()).isEqualTo("pending");
        assertThat(ticket.path("lifecycle").path("firstResponseAt").asText()).isNotBlank();
        assertThat(ticket.path("lifecycle").path("firstResponseMinutes").asLong()).isGreaterThanOrEqualTo(0);
        assertThat(ticket.path("sla").path("firstResponseDueAt").asText()).isNotBlank();
        JsonNode messages = view.path("messages");
        assertThat(messages).hasSize(2);
        assertThat(messages.get(1).path("direction").asText()).isEqualTo("outbound");
        assertThat(messages.get(1).path("fromName").asText()).isEqualTo("Kim");
        // the outbox list is a search: visible within the refresh interval
        JsonNode outgoing = await("reply in the outgoing list", java.time.Duration.ofSeconds(10), () -> {
            JsonNode o = getJson("/api/tickets/" + number).path("outgoing");
            return o.size() == 2 && o.findValuesAsText("state").stream().allMatch("sent"::equals) ? o : null;
        });
        assertThat(outgoing.findValuesAsText("state")).containsOnly("sent");
        assertThat(outgoing.findValuesAsText("purpose")).containsExactlyInAnyOrder("acknowledgement", "reply-reply-1");

        // the customer answers our reply: the pending ticket is open again, and no acknowledgement goes out
        postMail(customer, "Re: [TF#" + number + "] Cannot log in", "<" + UUID.randomUUID() + "@client.example>",
                answer.path("messageId").asText());
        assertThat(getJson("/api/tickets/" + number).path("ticket").path("status").asText()).isEqualTo("open");
        assertThat(mailsAfterSending(customer)).hasSize(2);
    }

    @Test
    void patchChangesStatusAndTriageAndRecordsEachCorrection() throws Exception {
        String number = postMail(customer, "Refund for order 99", "<" + UUID.randomUUID() + "@client.example>", null)
                .path("ticket").asText();
        JsonNode before = getJson("/api/tickets/" + number).path("ticket");
        String dueBefore = before.path("sla").path("firstResponseDueAt").asText();
        // values that differ from whatever routing chose, so each one is a correction
        String queue = before.path("triage").path("queue").asText().equals("technical") ? "billing" : "technical";
        String category = before.path("triage").path("category").asText().equals("account") ? "technical" : "account";

        ResponseEntity<String> patched = send(HttpMethod.PATCH, "/api/tickets/" + number,
                "{\"queue\":\"" + queue + "\",\"level\":\"L2\",\"priority\":\"urgent\",\"category\":\"" + category
                        + "\",\"assignee\":\"kim\",\"status\":\"solved\"}", null);
        assertThat(patched.getStatusCode()).isEqualTo(HttpStatus.OK);
        JsonNode t = JSON.readTree(patched.getBody());
        assertThat(t.path("triage").path("queue").asText()).isEqualTo(queue);
        assertThat(t.path("triage").path("level").asText()).isEqualTo("L2");
        assertThat(t.path("triage").path("priority").asText()).isEqualTo("urgent");
        assertThat(t.path("triage").path("category").asText()).isEqualTo(category);
        assertThat(t.path("triage").path("assignee").asText()).isEqualTo("kim");
        assertThat(t.path("status").asText()).isEqualTo("solved");
        assertThat(t.path("lifecycle").path("resolvedAt").asText()).isNotBlank();
        assertThat(t.path("sla").path("firstResponseDueAt").asText()).as("urgent: due sooner").isLessThan(dueBefore);

        List<EventLog.Event> corrections = events(number, "corrected");
        List<String> expected = new java.util.ArrayList<>(List.of("queue", "category", "assignee"));
        if (!before.path("triage").path("level").asText().equals("L2")) {
            expected.add("level");
        }
        if (!before.path("triage").path("priority").asText().equals("urgent")) {
            expected.add("priority");
        }
        assertThat(corrections).extracting(EventLog.Event::field).containsExactlyInAnyOrderElementsOf(expected);
        EventLog.Event corrected = corrections.stream().filter(e -> e.field().equals("category")).findFirst().orElseThrow();
        String was = before.path("triage").path("category").isMissingNode() || before.path("triage").path("category").isNull()
                ? null : before.path("triage").path("category").asText();
        assertThat(corrected.from()).isEqualTo(was);
        assertThat(corrected.to()).isEqualTo(category);
        assertThat(corrected.detail()).isEqualTo("category: " + was + " -> " + category);
        assertThat(events(number, "status-changed")).extracting(EventLog.Event::to).containsExactly("solved");

        assertThat(send(HttpMethod.PATCH, "/api/tickets/" + number, "{\"status\":\"waiting\"}", null).getStatusCode())
                .isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(send(HttpMethod.PATCH, "/api/tickets/" + number, "{\"level\":\"boss\"}", null).getStatusCode())
                .isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(send(HttpMethod.PATCH, "/api/tickets/" + number, "{\"status\":\"closed\"}", null).getStatusCode())
                .isEqualTo(HttpStatus.OK);
        ResponseEntity<String> reopenClosed = send(HttpMethod.PATCH, "/api/tickets/" + number, "{\"status\":\"open\"}", null);
        assertThat(reopenClosed.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(reopenClosed.getBody()).contains("closed tickets are final");
        assertThat(send(HttpMethod.POST, "/api/tickets/" + number + "/replies", "{\"text\":\"hi\"}", null).getStatusCode())
                .isEqualTo(HttpStatus.CONFLICT);
        assertThat(send(HttpMethod.PATCH, "/api/tickets/999999999", "{\"status\":\"open\"}", null).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(send(HttpMethod.POST, "/api/tickets/999999999/replies", "{\"text\":\"hi\"}", null).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    void replyWithoutTextOrWithABadStatusIsRefusedAndSendsNothing() throws Exception {
        String number = postMail(customer, "Question", "<" + UUID.randomUUID() + "@client.example>", null)
                .path("ticket").asText();
        assertThat(send(HttpMethod.POST, "/api/tickets/" + number + "/replies", "{\"text\":\"  \"}", null).getStatusCode())
                .isEqualTo(HttpStatus.BAD_REQUEST);
        ResponseEntity<String> bad = send(HttpMethod.POST, "/api/tickets/" + number + "/replies",
                "{\"text\":\"hi\",\"status\":\"new\"}", null);
        assertThat(bad.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(bad.getBody()).contains("status must be one of");
        assertThat(mailsAfterSending(customer)).as("the acknowledgement only").hasSize(1);
    }

    @Test
    void healthShowsTheRespondingComponent() {
        JsonNode health = getJson("/actuator/health");
        assertThat(health.path("components").path("responding").path("status").asText()).isEqualTo("UP");
        assertThat(health.path("components").path("responding").path("details").path("automaticMail")
                .path("breakerOpen").asBoolean()).isFalse();
        JsonNode handOff = health.path("components").path("responding").path("details").path("outboxHandOff");
        assertThat(handOff.path("leftToTimer").isNumber()).as(handOff.toString()).isTrue();
        assertThat(handOff.path("queued").isNumber()).as(handOff.toString()).isTrue();
    }

    @Test
    void followupSchedulerRouteRunsBehindTheFileLockClusterService() {
        // without ticketflow.cluster.zookeeper.connect: lock files (one host)
        assertThat(camel.hasServices(org.apache.camel.cluster.CamelClusterService.class))
                .hasAtLeastOneElementOfType(org.apache.camel.component.file.cluster.FileLockClusterService.class);
        assertThat(camel.getRoute("followups").getEndpoint().getEndpointUri()).startsWith("master:");
    }

    private ResponseEntity<String> send(HttpMethod method, String path, String json, String idempotencyKey) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        if (idempotencyKey != null) {
            headers.set("Idempotency-Key", idempotencyKey);
        }
        return http.exchange(path, method, new HttpEntity<>(json, headers), String.class);
    }

    private JsonNode postMail(String from, String subject, String messageId, String inReplyTo) throws Exception {
        String mail = "From: Customer <" + from + ">\r\nTo: support@ticketflow.local\r\nSubject: " + subject
                + "\r\nMessage-ID: " + messageId + "\r\n" + (inReplyTo == null ? "" : "In-Reply-To: <" + inReplyTo + ">\r\n")
                + "Content-Type: text/plain; charset=UTF-8\r\n\r\nPlease help.\r\n";
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.parseMediaType("message/rfc822"));
        ResponseEntity<String> response = http.postForEntity("/api/messages",
                new HttpEntity<>(mail.getBytes(StandardCharsets.UTF_8), headers), String.class);
        return JSON.readTree(response.getBody());
    }

    private List<EventLog.Event> events(String ticket, String type) throws Exception {
        eventLog.flush();
        elasticsearch.indices().refresh(r -> r.index(indices.events()));
        return elasticsearch.search(s -> s.index(indices.events()).size(100)
                .query(q -> q.bool(b -> b.filter(x -> x.term(m -> m.field("ticket").value(FieldValue.of(ticket))))
                        .filter(x -> x.term(m -> m.field("type").value(FieldValue.of(type)))))), EventLog.Event.class)
                .hits().hits().stream().map(h -> h.source()).toList();
    }

    /** The mails to the address once everything handed to the outbox senders has been sent. */
    private List<MimeMessage> mailsAfterSending(String address) {
        assertThat(outbox.awaitIdle(java.time.Duration.ofSeconds(30))).as("outbox senders idle").isTrue();
        return mailsTo(address);
    }

    private static List<MimeMessage> mailsTo(String address) {
        return TestMailServer.mailsTo(address);
    }
}
