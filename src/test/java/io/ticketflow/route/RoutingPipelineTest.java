package io.ticketflow.route;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.JsonNode;
import io.ticketflow.classify.LabelledText;
import io.ticketflow.cli.CorrectionsReader;
import io.ticketflow.cli.RuleReplay;
import io.ticketflow.store.Indices;
import io.ticketflow.testing.RealPartsTest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * Classification and routing in the running pipeline: triage, SLA policy and tags on new tickets, the decision recorded
 * on the message, rule-made spam, the dry-run endpoint, health, replay, and agent corrections read back for training.
 */
class RoutingPipelineTest extends RealPartsTest {

    private final String customer = "routing-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";

    @Autowired
    ElasticsearchClient client;
    @Autowired
    Indices indices;
    @Autowired
    CorrectionsReader corrections;
    @Autowired
    RuleReplay replay;
    @Autowired
    io.ticketflow.store.EventLog events;
    @Autowired
    io.ticketflow.classify.MessageClassifier classifier;
    @Autowired
    RoutingRules rules;

    private String mail(String subject, String body) {
        return "From: Ann Example <" + customer + ">\r\nTo: support@ticketflow.local\r\nSubject: " + subject
                + "\r\nMessage-ID: <" + UUID.randomUUID() + "@c.example>\r\nDate: Wed, 25 Nov 2026 10:00:00 +0000\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\n\r\n" + body + "\r\n";
    }

    private ResponseEntity<String> post(String path, String mail) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.valueOf("message/rfc822"));
        return http.postForEntity(path, new HttpEntity<>(mail.getBytes(StandardCharsets.UTF_8), headers), String.class);
    }

    @Test
    void newTicketGetsTriageSlaTagsAndTheMessageRecordsTheDecision() throws Exception {
        Instant before = Instant.now().minusSeconds(1);
        JsonNode outcome = JSON.readTree(post("/api/messages", mail("Refund for order 55821",
                "Hello, the product arrived damaged. I would like a refund of my money for order #55821.")).getBody());
        assertThat(outcome.path("outcome").asText()).isEqualTo("created");
        String number = outcome.path("ticket").asText();

        JsonNode view = getJson("/api/tickets/" + number);
        JsonNode triage = view.path("ticket").path("triage");
        assertThat(triage.path("queue").asText()).isEqualTo("refunds");
        assertThat(triage.path("level").asText()).isEqualTo("L1");
        assertThat(triage.path("language").asText()).isEqualTo("eng");
        assertThat(triage.path("category").asText()).isNotBlank();
        assertThat(triage.path("type").asText()).isNotBlank();
        assertThat(triage.path("assigneeGroup").asText()).isEqualTo("refunds-team");
        // no rule set a policy: the SLA engine took the refunds queue's (config/sla.yml) and computed the due times
        assertThat(view.path("ticket").path("sla").path("policy").asText()).isEqualTo("standard");
        assertThat(view.path("ticket").path("sla").path("firstResponseDueAt").asText()).isNotBlank();
        assertThat(view.path("ticket").path("tags").toString()).contains("refund");

        JsonNode message = view.path("messages").get(0);
        assertThat(message.path("routing").path("rulesMatched").toString()).contains("refund-queue");
        // the decision event is the finished raw record (issue 16): the events index's fields, no events document
        JsonNode decision = decisionOf(outcome.path("rawId").asText());
        assertThat(decision.path("type").asText()).isEqualTo("threaded");
        assertThat(decision.path("method").asText()).isEqualTo("new-ticket");
        assertThat(decision.path("step").asText()).isEqualTo("record outcome");
        assertThat(decision.path("actor").asText()).isEqualTo("pipeline");
        assertThat(decision.path("rawId").asText()).isEqualTo(outcome.path("rawId").asText());
        assertThat(decision.path("ticket").asText()).as("the ticket it opened").isEqualTo(number);
        assertThat(decision.path("detail").asText()).contains("new ticket").contains("rules [").contains("refund-queue");
        assertThat(Instant.parse(decision.path("at").asText())).isAfter(before);
        assertThat(decision.path("durationMs").isIntegralNumber()).isTrue();
        assertThat(message.path("routing").path("queue").asText()).isEqualTo("refunds");
        assertThat(message.path("classification").path("language").asText()).isEqualTo("eng");
        assertThat(message.path("classification").path("predictions").path("category").path("label").asText()).isNotBlank();

        // replay with an edited rule set reports the change for this message and writes nothing
        RuleSet edit = RuleFileParser.parse("rules:\n  - id: all-to-triage\n    then: {queue: triage-desk}\n", "edit.yml");
        RuleReplay.Report report = replay.replay(edit, before, 10_000, null);
        RuleReplay.Change change = report.changes().stream().filter(c -> number.equals(c.ticket())).findFirst().orElseThrow();
        assertThat(change.fields().get("queue")).containsExactly("refunds", "triage-desk");
        assertThat(change.fields().get("rulesMatched")).containsExactly(List.of("refund-queue"), List.of("all-to-triage"));
        assertThat(getJson("/api/tickets/" + number).path("messages").get(0).path("routing").path("queue").asText())
                .isEqualTo("refunds");
    }

    /**
     * A mail that looks like a reply gets the sparse labels first (docs/classification.md, "When the embedding runs");
     * when it opens a ticket after all, the ticket's triage and the message's labels and routing are exactly what the
     * whole cascade and the rules give, and a reply appended to it leaves the triage alone.
     */
    @Test
    void aReplyLookingMailThatOpensATicketGetsTheCascadesLabelsAndRouting() throws Exception {
        Instant before = Instant.now().minusSeconds(1);
        String text = null;
        io.ticketflow.vocabulary.Classification expected = null;
        String subject = "Re: my order";
        for (String candidate : List.of("Still waiting for an answer, please help.", "Thanks, any news on this?",
                "I tried that and it still does not work.", "Please cancel my subscription as well.")) {
            String probe = replyTo("<unknown-" + UUID.randomUUID() + "@c.example>", subject, candidate);
            var parsed = new io.ticketflow.parse.MessageParser().parse(io.ticketflow.vocabulary.RawMessage.of(
                    probe.getBytes(StandardCharsets.UTF_8), "api", "test"));
            if (!classifier.classifyStaged(parsed).unsure().isEmpty()) {
                text = candidate;
                expected = classifier.classify(parsed);
                break;
            }
        }
        assertThat(text).as("a text some starter model is unsure of").isNotNull();
        String first = replyTo("<unknown-" + UUID.randomUUID() + "@c.example>", subject, text);
        var raw = io.ticketflow.vocabulary.RawMessage.of(first.getBytes(StandardCharsets.UTF_8), "api", "test");
        var routing = rules.route(RoutingInput.of(raw, new io.ticketflow.parse.MessageParser().parse(raw), expected));
        JsonNode outcome = JSON.readTree(post("/api/messages", first).getBody());
        assertThat(outcome.path("outcome").asText()).isEqualTo("created");
        String number = outcome.path("ticket").asText();
        JsonNode view = getJson("/api/tickets/" + number);
        JsonNode triage = view.path("ticket").path("triage");
        assertThat(triage.path("category").asText()).isEqualTo(expected.category().label());
        assertThat(triage.path("type").asText()).isEqualTo(expected.type().label());
        assertThat(triage.path("queue").asText()).isEqualTo(routing.queue());
        assertThat(triage.path("priority").asText()).isEqualTo(routing.priority());
        assertThat(triage.path("needsReview").asBoolean()).isEqualTo(expected.needsReview());
        JsonNode message = view.path("messages").get(0);
        for (String name : expected.predictions().keySet()) {
            JsonNode p = message.path("classification").path("predictions").path(name);
            assertThat(p.path("label").asText()).isEqualTo(expected.prediction(name).label());
            assertThat(p.path("confidence").asDouble()).isEqualTo(expected.prediction(name).confidence());
        }
        assertThat(message.path("routing").path("rulesMatched").toString())
                .isEqualTo(JSON.writeValueAsString(routing.rulesMatched()));

        // a reply to it is appended; the ticket keeps its first message's triage
        String messageId = first.replaceAll("(?s).*Message-ID: (<[^>]+>).*", "$1");
        JsonNode appended = JSON.readTree(post("/api/messages", replyTo(messageId, subject,
                "Hello? Any update on my question? I paid 49 EUR for order 77123 and want a refund.")).getBody());
        assertThat(appended.path("outcome").asText()).isEqualTo("appended");
        JsonNode after = getJson("/api/tickets/" + number).path("ticket").path("triage");
        assertThat(after.path("category").asText()).isEqualTo(expected.category().label());
        assertThat(after.path("queue").asText()).isEqualTo(routing.queue());
        // replaying the running rules over both messages changes nothing: the reply is routed as the intake routed it
        RuleReplay.Report report = replay.replay(rules.rules(), before, 10_000, null);
        assertThat(report.changes()).filteredOn(c -> number.equals(c.ticket())).isEmpty();
    }

    private String replyTo(String inReplyTo, String subject, String body) {
        return "From: Ann Example <" + customer + ">\r\nTo: support@ticketflow.local\r\nSubject: " + subject
                + "\r\nMessage-ID: <" + UUID.randomUUID() + "@c.example>\r\nIn-Reply-To: " + inReplyTo
                + "\r\nReferences: " + inReplyTo + "\r\nDate: Wed, 25 Nov 2026 10:00:00 +0000\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\n\r\n" + body + "\r\n";
    }

    @Test
    void ruleMadeSpamIsScreenedWithTheRuleAndReason() throws Exception {
        JsonNode outcome = JSON.readTree(post("/api/messages", mail("Congratulations",
                "You have won! As a lottery winner you only need to send your bank details.")).getBody());
        assertThat(outcome.path("outcome").asText()).isEqualTo("screened");
        assertThat(outcome.path("reason").asText()).isEqualTo("spam by rule spam-phrases: spam phrase in subject or text");
        assertThat(outcome.path("ticket").isMissingNode() || outcome.path("ticket").isNull()).isTrue();
        JsonNode decision = decisionOf(outcome.path("rawId").asText());
        assertThat(decision.path("type").asText()).isEqualTo("screened");
        assertThat(decision.path("detail").asText()).contains("spam by rule spam-phrases");
    }

    /** The raw record of a message, which carries its decision event; the events index has no decision of its own. */
    private JsonNode decisionOf(String rawId) throws Exception {
        events.flush();
        client.indices().refresh(r -> r.index(indices.events()));
        long inEvents = client.count(c -> c.index(indices.events()).query(q -> q.bool(b -> b
                .filter(f -> f.term(t -> t.field("rawId").value(rawId)))
                .filter(f -> f.terms(t -> t.field("type").terms(v -> v.value(List.of(
                        co.elastic.clients.elasticsearch._types.FieldValue.of("threaded"),
                        co.elastic.clients.elasticsearch._types.FieldValue.of("screened"))))))))).count();
        assertThat(inEvents).as("events documents of raw %s", rawId).isZero();
        client.indices().refresh(r -> r.index(indices.raw()));
        var found = client.search(s -> s.index(indices.raw()).query(q -> q.bool(b -> b
                .filter(f -> f.term(t -> t.field("rawId").value(rawId)))
                .filter(f -> f.exists(e -> e.field("at"))))), JsonNode.class);
        assertThat(found.hits().hits()).as("the decision on raw %s", rawId).hasSize(1);
        return found.hits().hits().get(0).source();
    }

    @Test
    void dryRunEndpointShowsMatchedRulesAndStoresNothing() throws Exception {
        String subject = "Checkout down " + UUID.randomUUID();
        ResponseEntity<String> response = post("/api/rules/test", mail(subject,
                "Our checkout is down, all our shops are affected and customers cannot pay. Please help."));
        assertThat(response.getStatusCode().value()).isEqualTo(200);
        JsonNode answer = JSON.readTree(response.getBody());
        assertThat(answer.path("routing").path("rulesMatched").toString()).contains("outage-words");
        assertThat(answer.path("routing").path("priority").asText()).isEqualTo("high");
        assertThat(answer.path("routing").path("level").asText()).isEqualTo("L2");
        assertThat(answer.path("routing").path("slaPolicy").asText()).isEqualTo("incident");
        assertThat(answer.path("classification").path("language").asText()).isEqualTo("eng");
        assertThat(answer.path("rules").asText()).endsWith("routing.yml");
        Thread.sleep(1500); // past the index refresh interval: a stored ticket would be found now
        JsonNode search = getJson("/api/tickets?q=" + subject.replace(' ', '+'));
        assertThat(search.path("total").isNumber()).as("search answered: %s", search).isTrue();
        assertThat(search.path("total").asInt()).isZero();

        ResponseEntity<String> empty = http.postForEntity("/api/rules/test",
                new HttpEntity<>(new byte[0], contentType("message/rfc822")), String.class);
        assertThat(empty.getStatusCode().value()).isEqualTo(400);
    }

    private static HttpHeaders contentType(String type) {
        HttpHeaders h = new HttpHeaders();
        h.setContentType(MediaType.valueOf(type));
        return h;
    }

    @Test
    void healthShowsTheRunningRules() {
        JsonNode health = getJson("/actuator/health");
        JsonNode rules = health.path("components").path("routingRules");
        assertThat(rules.path("status").asText()).isEqualTo("UP");
        assertThat(rules.path("details").path("rules").asInt()).isPositive();
    }

    @Test
    void agentCorrectionsBecomeTrainingExamples() throws Exception {
        String number = JSON.readTree(post("/api/messages", mail("Strange charge",
                "There is a charge of 12 EUR on my card that I do not understand.")).getBody()).path("ticket").asText();
        String other = JSON.readTree(post("/api/messages", mail("Question",
                "Can you call me back about the enterprise plan?")).getBody()).path("ticket").asText();
        // corrections through the REST API (recorded as `corrected` events with field/from/to), the latest wins
        patch(number, "{\"category\": \"feedback\"}");
        Thread.sleep(5);
        patch(number, "{\"category\": \"refund\", \"priority\": \"high\"}");
        // an event in the older detail-only form
        correction(other, Map.of(), "category: other -> sales");
        client.indices().refresh(r -> r.index(indices.events()));

        List<LabelledText> examples = corrections.examples("category");
        assertThat(examples).contains(
                new LabelledText("Strange charge\nThere is a charge of 12 EUR on my card that I do not understand.", "refund"),
                new LabelledText("Question\nCan you call me back about the enterprise plan?", "sales"));
        assertThat(examples.stream().filter(e -> e.text().startsWith("Strange charge"))).hasSize(1);
        assertThat(corrections.examples("priority")).contains(
                new LabelledText("Strange charge\nThere is a charge of 12 EUR on my card that I do not understand.", "high"));
    }

    private void patch(String number, String json) throws Exception {
        java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(http.getRootUri() + "/api/tickets/" + number))
                        .header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + io.ticketflow.testing.TestTokens.admin())
                        .method("PATCH", java.net.http.HttpRequest.BodyPublishers.ofString(json)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    private void correction(String ticket, Map<String, String> fields, String detail) throws Exception {
        Map<String, Object> event = new LinkedHashMap<>(fields);
        event.put("type", "corrected");
        event.put("at", Instant.now().toString());
        event.put("ticket", ticket);
        event.put("detail", detail);
        client.index(i -> i.index(indices.events()).id(UUID.randomUUID().toString()).document(event));
        Thread.sleep(5); // distinct timestamps: the latest correction wins
    }
}
