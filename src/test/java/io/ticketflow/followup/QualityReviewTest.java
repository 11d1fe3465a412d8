package io.ticketflow.followup;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import com.fasterxml.jackson.databind.JsonNode;
import io.ticketflow.security.Role;
import io.ticketflow.store.AuditEntry;
import io.ticketflow.store.AuditLog;
import io.ticketflow.store.EventLog;
import io.ticketflow.store.Indices;
import io.ticketflow.testing.RealPartsTest;
import io.ticketflow.testing.TestMailServer;
import io.ticketflow.testing.TestTokens;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
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
 * The quality review on real parts (REST intake, Elasticsearch, the shipped config/review.yml: 3 tickets per agent and
 * week, rubric accuracy/completeness/tone 1-5 and process 0-2): the follow-up pass samples the configured number of
 * each agent's solved tickets of a completed week, always the same ones and each once; a reviewer's PATCH stores the
 * scores on the ticket, in an event and in the audit; bad scores are refused and an analyst may not review.
 */
class QualityReviewTest extends RealPartsTest {

    @Autowired
    ReviewSampling sampling;
    @Autowired
    ElasticsearchClient client;
    @Autowired
    Indices indices;
    @Autowired
    EventLog events;
    @Autowired
    AuditLog audit;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void theSweepSamplesTheConfiguredNumberPerAgentAndWeekOnceAndAReviewerScoresThem() throws Exception {
        String kim = "kim-" + run;
        String lee = "lee-" + run;
        List<String> kims = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            kims.add(solvedTicket(kim, "Invoice question " + i));
        }
        List<String> lees = List.of(solvedTicket(lee, "Login question"), solvedTicket(lee, "Password question"));
        client.indices().refresh(r -> r.index(indices.tickets()));

        // a week later the week they were solved in is complete
        Instant nextWeek = Instant.now().plus(Duration.ofDays(7));
        sampling.run(nextWeek);
        List<String> expected = kims.stream().sorted(Comparator.comparingDouble(ReviewSampling::draw)).limit(3).toList();
        assertThat(sampled(kims)).as("3 of Kim's 5, chosen by the ticket numbers' hash").containsExactlyInAnyOrderElementsOf(expected);
        assertThat(sampled(lees)).as("Lee solved only 2: both").containsExactlyInAnyOrderElementsOf(lees);
        JsonNode review = ticket(expected.get(0)).path("review");
        assertThat(review.path("agent").asText()).isEqualTo(kim);
        assertThat(review.path("week").asText()).matches("\\d{4}-W\\d{2}");

        // another pass (or another instance) samples nothing more
        client.indices().refresh(r -> r.index(indices.tickets()));
        sampling.run(nextWeek);
        sampling.run(nextWeek.plus(Duration.ofDays(1)));
        assertThat(sampled(kims)).containsExactlyInAnyOrderElementsOf(expected);

        client.indices().refresh(r -> r.index(indices.tickets()));
        JsonNode queue = getJson("/api/reviews?agent=" + kim);
        assertThat(queue.path("items").findValuesAsText("ticket")).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(queue.path("rubric").has("accuracy")).isTrue();

        String reviewer = accepted(TestTokens.create("qa-reviewer", Role.AGENT, null));
        String number = expected.get(0);
        ResponseEntity<String> scored = patch(number, reviewer,
                "{\"scores\":{\"accuracy\":5,\"completeness\":4,\"tone\":5,\"process\":2},\"note\":\"good answer\"}");
        assertThat(scored.getStatusCode().value()).as(scored.getBody()).isEqualTo(200);
        JsonNode stored = ticket(number).path("review");
        assertThat(stored.path("scores").path("accuracy").asInt()).isEqualTo(5);
        assertThat(stored.path("scores").path("completeness").asInt()).isEqualTo(4);
        assertThat(stored.path("reviewer").asText()).startsWith("qa-reviewer-");
        assertThat(stored.path("reviewedAt").asText()).isNotBlank();
        // (16 - 3) of (17 - 3) points above the minimum
        assertThat(stored.path("score").asDouble()).isEqualTo(0.929);
        assertThat(stored.path("agent").asText()).as("still the sampled agent").isEqualTo(kim);
        assertThat(events(number, "reviewed")).hasSize(1);
        AuditEntry entry = await("the audit entry", Duration.ofSeconds(20), () -> audit.latest(500).stream()
                .filter(e -> "ticket.review".equals(e.action()) && number.equals(e.ticket())).findFirst().orElse(null));
        assertThat(entry.actor()).startsWith("qa-reviewer-");
        assertThat(entry.details()).contains("noteLength=11").doesNotContain("good answer");
        client.indices().refresh(r -> r.index(indices.tickets()));
        assertThat(getJson("/api/reviews?agent=" + kim).path("items").findValuesAsText("ticket"))
                .as("scored: out of the queue").hasSize(2).doesNotContain(number);

        String other = expected.get(1);
        for (String bad : List.of("{\"scores\":{\"accuracy\":5,\"completeness\":4,\"tone\":5,\"process\":2,\"speed\":3}}",
                "{\"scores\":{\"accuracy\":6,\"completeness\":4,\"tone\":5,\"process\":2}}",
                "{\"scores\":{\"accuracy\":5,\"completeness\":4,\"tone\":5,\"process\":-1}}",
                "{\"scores\":{\"accuracy\":4.5,\"completeness\":4,\"tone\":5,\"process\":2}}",
                "{\"scores\":{\"accuracy\":5,\"completeness\":4}}", "{\"note\":\"no scores\"}")) {
            ResponseEntity<String> refused = patch(other, reviewer, bad);
            assertThat(refused.getStatusCode().value()).as(bad + " -> " + refused.getBody()).isEqualTo(400);
        }
        assertThat(ticket(other).path("review").path("reviewedAt").isMissingNode()
                || ticket(other).path("review").path("reviewedAt").isNull()).as("nothing stored").isTrue();

        String analyst = accepted(TestTokens.create("qa-analyst", Role.ANALYST, null));
        assertThat(patch(other, analyst, "{\"scores\":{\"accuracy\":5,\"completeness\":4,\"tone\":5,\"process\":2}}")
                .getStatusCode().value()).isEqualTo(403);
        assertThat(patch("999999999", reviewer, "{\"scores\":{\"accuracy\":5,\"completeness\":4,\"tone\":5,\"process\":2}}")
                .getStatusCode().value()).isEqualTo(404);
    }

    /** The service reads the tokens file every 2 s: wait until it knows a token created by the test. */
    private String accepted(String token) {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(token);
        await("the service to read a new token", Duration.ofSeconds(30), () -> http.exchange("/api/tickets?size=1",
                HttpMethod.GET, new HttpEntity<>(headers), String.class).getStatusCode().value() == 200 ? true : null);
        return token;
    }

    private List<String> sampled(List<String> numbers) {
        return numbers.stream().filter(n -> ticket(n).path("review").path("sampledAt").isTextual()).toList();
    }

    private JsonNode ticket(String number) {
        return getJson("/api/tickets/" + number).path("ticket");
    }

    private String solvedTicket(String agent, String subject) throws Exception {
        String mail = "From: customer-" + run + "@example.com\r\nTo: " + TestMailServer.SUPPORT + "\r\nSubject: " + subject
                + " " + UUID.randomUUID() + "\r\nMessage-ID: <" + UUID.randomUUID() + "@example.com>\r\n"
                + "Date: Sun, 6 Dec 2026 09:00:00 +0000\r\n\r\nCould you help me with this?\r\n";
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.parseMediaType("message/rfc822"));
        String number = JSON.readTree(http.postForEntity("/api/messages",
                new HttpEntity<>(mail.getBytes(StandardCharsets.UTF_8), headers), String.class).getBody())
                .path("ticket").asText();
        ResponseEntity<String> solved = send("/api/tickets/" + number, null,
                "{\"assignee\":\"" + agent + "\",\"status\":\"solved\"}");
        assertThat(solved.getStatusCode().is2xxSuccessful()).as(solved.getBody()).isTrue();
        return number;
    }

    private ResponseEntity<String> patch(String number, String token, String json) {
        return send("/api/tickets/" + number + "/review", token, json);
    }

    /** A PATCH as the token's caller (the admin's when null). */
    private ResponseEntity<String> send(String path, String token, String json) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        if (token != null) {
            headers.setBearerAuth(token);
        }
        return http.exchange(path, HttpMethod.PATCH, new HttpEntity<>(json, headers), String.class);
    }

    private List<EventLog.Event> events(String ticket, String type) throws Exception {
        events.flush();
        client.indices().refresh(r -> r.index(indices.events()));
        return client.search(s -> s.index(indices.events()).size(100)
                .query(q -> q.bool(b -> b.filter(x -> x.term(m -> m.field("ticket").value(FieldValue.of(ticket))))
                        .filter(x -> x.term(m -> m.field("type").value(FieldValue.of(type)))))), EventLog.Event.class)
                .hits().hits().stream().map(h -> h.source()).toList();
    }
}
