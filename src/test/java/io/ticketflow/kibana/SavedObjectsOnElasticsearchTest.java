package io.ticketflow.kibana;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.ticketflow.kibana.SavedObjectsFile.SavedObject;
import io.ticketflow.store.EventLog;
import io.ticketflow.store.RawRecord;
import io.ticketflow.testing.ElasticsearchNode;
import io.ticketflow.ticket.Ticket;
import io.ticketflow.ticket.TicketMessage;
import io.ticketflow.ticket.TicketStatus;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The next best thing to a Kibana: every Lens column and saved search of the shipped file run as the Elasticsearch
 * aggregations and searches Kibana would send, on indices created from our real templates and filled with documents
 * serialized from our own records (as the store writes them). Catches what a mapping file alone cannot: a record
 * property named differently from the template field, a field ES maps so that it cannot be aggregated, a KQL filter
 * that counts the wrong documents.
 */
@ExtendWith(ElasticsearchNode.class)
class SavedObjectsOnElasticsearchTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The store's serialization settings (ElasticsearchClientConfiguration). */
    private static final ObjectMapper STORE_JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String PREFIX = "kibana-check-" + UUID.randomUUID().toString().substring(0, 8);
    private static final Map<String, String> KIND_BY_ALIAS = Map.of("ticketflow-tickets", "tickets",
            "ticketflow-messages", "messages", "ticketflow-events,ticketflow-outbox,ticketflow-raw", "events,outbox,raw", "ticketflow-audit",
            "audit");

    /** The channels of the sample tickets, one each and email twice (issue 14: the chat channels in the panels). */
    private static final List<String> CHANNELS = List.of("email", "telegram", "whatsapp", "mastodon");

    private static SavedObjectsFile file;

    @BeforeAll
    static void indexSampleHistory() throws Exception {
        file = SavedObjectsFile.read(SavedObjectsTest.SHIPPED);
        for (String kind : List.of("tickets", "messages", "events", "outbox", "raw", "audit")) {
            JsonNode template;
            try (InputStream in = SavedObjectsOnElasticsearchTest.class
                    .getResourceAsStream("/elasticsearch/templates/" + kind + ".json")) {
                template = JSON.readTree(in);
            }
            ObjectNode body = JSON.createObjectNode();
            body.putObject("settings").put("number_of_shards", 1).put("number_of_replicas", 0);
            body.set("mappings", template.path("template").path("mappings"));
            send("PUT", "/" + PREFIX + "-" + kind, body.toString());
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        StringBuilder bulk = new StringBuilder();
        for (Ticket t : tickets(now)) {
            bulk.append(action("tickets")).append(STORE_JSON.writeValueAsString(t)).append('\n');
        }
        for (ObjectNode m : messages(now)) {
            bulk.append(action("messages")).append(m).append('\n');
        }
        for (EventLog.Event e : events(now)) {
            bulk.append(action("events")).append(STORE_JSON.writeValueAsString(e)).append('\n');
        }
        // the decision events (threaded, screened) are the finished raw records (issue 16); one in flight is no event
        for (RawRecord r : rawRecords(now)) {
            bulk.append(action("raw")).append(STORE_JSON.writeValueAsString(r)).append('\n');
        }
        // the `replied` event is the sent outbox entry (issue 16), and an entry not sent yet is no event
        io.ticketflow.store.OutboxEntry queued = new io.ticketflow.store.OutboxEntry("TF-1-acknowledgement", "TF-1",
                "acknowledgement", "sending", "c1@example.com", "Re: Subject", "text", "<ack@x>", null, List.of(), 0,
                now.minus(1, ChronoUnit.MINUTES), now, null, null, null, "auto-replied", null);
        bulk.append(action("outbox")).append(STORE_JSON.writeValueAsString(queued.sent(now).replied(300)))
                .append('\n');
        bulk.append(action("outbox")).append(STORE_JSON.writeValueAsString(new io.ticketflow.store.OutboxEntry(
                "TF-2-acknowledgement", "TF-2", "acknowledgement", "sending", "c2@example.com", "Re: Subject", "text",
                "<ack2@x>", null, List.of(), 0, now, now, null, null, null, "auto-replied", null))).append('\n');
        for (io.ticketflow.store.AuditEntry a : List.of(
                io.ticketflow.store.AuditEntry.of("cli:root", "cli", List.of(), "token.created", "done")
                        .at(now.minus(2, ChronoUnit.HOURS)).about(null, "mta", "role=intake"),
                io.ticketflow.store.AuditEntry.of("alice", "jwt", List.of("agent"), "ticket.change", "done")
                        .at(now.minus(1, ChronoUnit.HOURS)).about("TF-1", null, "priority=high"))) {
            bulk.append(action("audit")).append(STORE_JSON.writeValueAsString(a)).append('\n');
        }
        JsonNode result = send("POST", "/_bulk?refresh=true", bulk.toString());
        assertThat(result.path("errors").asBoolean()).as("bulk errors: %s", result).isFalse();
    }

    /** Five tickets: three in the backlog, two SLA breaches, four first responses (10, 20, 30, 60 min). */
    private static List<Ticket> tickets(Instant now) {
        List<Ticket> tickets = new ArrayList<>();
        tickets.add(ticket("1", "new", now.minus(1, ChronoUnit.DAYS),
                new Ticket.Triage("billing", "L1", "normal", "billing", "service-request", "eng", null, null, false),
                new Ticket.Sla("standard", now, now, false, false, 0), Ticket.Lifecycle.NONE));
        tickets.add(ticket("2", "open", now.minus(2, ChronoUnit.DAYS),
                new Ticket.Triage("technical", "L2", "high", "technical", "incident", "deu", null, null, true),
                new Ticket.Sla("incident", now, now, true, false, 1),
                new Ticket.Lifecycle(now, 30L, null, null, null, 0)));
        tickets.add(ticket("3", "pending", now.minus(3, ChronoUnit.DAYS),
                new Ticket.Triage("billing", "L1", "normal", "billing", "question", "eng", null, null, false),
                null, new Ticket.Lifecycle(now, 10L, null, null, null, 0)));
        tickets.add(ticket("4", "solved", now.minus(4, ChronoUnit.DAYS),
                new Ticket.Triage("refunds", "L1", "normal", "refund", "service-request", "eng", null, "kim", false),
                new Ticket.Sla("standard", now, now, false, true, 0),
                new Ticket.Lifecycle(now, 60L, now, 240L, null, 0))
                .withRefund(new io.ticketflow.ticket.Refund("A-1", new java.math.BigDecimal("49.90"), "EUR", "approved",
                        "kim", now, null)));
        // reopened once before it was closed: no first-contact resolution
        tickets.add(ticket("5", "closed", now.minus(5, ChronoUnit.DAYS), null, null,
                new Ticket.Lifecycle(now, 20L, now, 100L, now, 1))
                .withReview(new io.ticketflow.ticket.Review("lee", "2026-W49", now, Map.of("accuracy", 4), 0.75, "ann",
                        now, null)));
        return tickets;
    }

    /** The SLA clock as the life cycle keeps it: breached 1 for TF-2 and TF-4, next responses of 45 and 15 minutes. */
    private static Ticket ticket(String n, String status, Instant created, Ticket.Triage triage, Ticket.Sla sla,
            Ticket.Lifecycle lifecycle) {
        String channel = CHANNELS.get((Integer.parseInt(n) - 1) % CHANNELS.size());
        String customer = channel.equals("email") ? "c" + n + "@example.com" : channel + ":10" + n;
        int breached = sla != null && (Boolean.TRUE.equals(sla.firstResponseBreached())
                || Boolean.TRUE.equals(sla.resolutionBreached())) ? 1 : 0;
        Long nextResponse = n.equals("2") ? Long.valueOf(45) : n.equals("4") ? Long.valueOf(15) : null;
        io.ticketflow.ticket.SlaClock clock = new io.ticketflow.ticket.SlaClock(null, null, null, null, null, null,
                nextResponse, null, null, breached);
        return new Ticket("TF-" + n, TicketStatus.of(status), channel, customer, "Customer " + n, List.of(customer),
                "Subject " + n, created, created, created, 1, List.of("raw-" + n), List.of(), triage, sla, lifecycle,
                null, 1, 0, null, null, clock, null, null, null, null, null);
    }

    /** Messages as the store writes them, plus the fields issues 5 and 6 are adding (threading score, rules). */
    private static List<ObjectNode> messages(Instant now) {
        List<ObjectNode> messages = new ArrayList<>();
        String[][] rows = { { "new-ticket", "0.0", "refunds" }, { "subject-tag", "1.0", "billing" },
                { "in-reply-to", "0.9", "billing" } };
        for (int i = 0; i < rows.length; i++) {
            TicketMessage m = new TicketMessage("raw-m" + i, "TF-1", TicketMessage.INBOUND, "email", "support",
                    "<m" + i + "@example.com>", "c1@example.com", "Customer", List.of("support@example.com"),
                    List.of(), "Subject", "text", "text", now.minus(i, ChronoUnit.HOURS), null, List.of(),
                    new TicketMessage.Screening("human", "no machine-mail marker found"),
                    new TicketMessage.Threading(rows[i][0], null, List.of()), List.of(), null, null, null, null, null);
            ObjectNode node = STORE_JSON.valueToTree(m);
            ((ObjectNode) node.get("threading")).put("score", Double.parseDouble(rows[i][1]));
            node.putObject("routing").putArray("rulesMatched").add(rows[i][2]);
            messages.add(node);
        }
        return messages;
    }

    private static List<EventLog.Event> events(Instant now) {
        return List.of(EventLog.Event.of("quarantined", null, "raw-q1", 0, "no header block found"));
    }

    /** Raw records as record outcome writes them (each carrying its decision event), and one still in flight. */
    private static List<RawRecord> rawRecords(Instant now) {
        return List.of(
                raw("raw-m0", "processed", "TF-1", now).withDecision(EventLog.Event.of("threaded", "TF-1", "raw-m0", 40,
                        "new ticket").withDecision("new-ticket", 0.0, null).atStep("record outcome")),
                raw("raw-m1", "processed", null, now).withDecision(EventLog.Event.of("threaded", "TF-1", "raw-m1", 20,
                        "appended").withDecision("subject-tag", 1.0, null).atStep("record outcome")),
                raw("raw-s1", "screened", null, now).withDecision(EventLog.Event.of("screened", null, "raw-s1", 5,
                        "auto-reply: Auto-Submitted: auto-replied").atStep("record outcome")),
                raw("raw-r1", RawRecord.RECEIVED, null, now));
    }

    private static RawRecord raw(String id, String state, String opened, Instant now) {
        return new RawRecord(id, "mail", "support", 1L, 7L, now, 120, null, null, null, null, null, state, opened,
                state.equals(RawRecord.RECEIVED) ? null : state, null, null, 1, "<" + id + "@example.com>", now, null);
    }

    @Test
    void everyLensColumnRunsAsAnAggregation() throws Exception {
        Map<String, JsonNode> results = new HashMap<>();
        int columns = 0;
        for (SavedObject lens : file.objects().stream().filter(o -> o.type().equals("lens")).toList()) {
            String kind = kindOf(lens.references().get(0).id());
            JsonNode state = lens.attributes().path("state");
            ObjectNode search = JSON.createObjectNode().put("size", 0);
            String query = state.path("query").path("query").asText("");
            search.set("query", query.isBlank() ? JSON.createObjectNode().set("match_all", JSON.createObjectNode())
                    : queryString(query));
            ObjectNode aggs = search.putObject("aggs");
            JsonNode layerColumns = state.path("datasourceStates").path("formBased").path("layers").elements().next()
                    .path("columns");
            for (Iterator<Map.Entry<String, JsonNode>> it = layerColumns.fields(); it.hasNext(); columns++) {
                Map.Entry<String, JsonNode> column = it.next();
                aggs.set(column.getKey(), aggregation(column.getValue()));
            }
            JsonNode answer = send("POST", "/" + indicesOf(kind) + "/_search", search.toString());
            assertThat(answer.path("_shards").path("failed").asInt()).as("%s: %s", lens.id(), answer).isZero();
            answer.path("aggregations").fields().forEachRemaining(a -> results.put(lens.id() + "/" + a.getKey(),
                    a.getValue()));
        }
        assertThat(columns).isGreaterThan(40);

        assertThat(results.get("ticketflow-lens-backlog/backlog").path("doc_count").asInt()).isEqualTo(3);
        assertThat(results.get("ticketflow-lens-sla-breached/breached").path("doc_count").asInt()).isEqualTo(2);
        assertThat(results.get("ticketflow-lens-first-response/avg").path("value").asDouble()).isEqualTo(30.0);
        assertThat(results.get("ticketflow-lens-next-response/avg").path("value").asDouble()).isEqualTo(30.0);
        assertThat(results.get("ticketflow-lens-sla-breach-rate/rate").path("value").asDouble()).isEqualTo(0.4);
        assertThat(results.get("ticketflow-lens-sla-breach-rate/breached").path("doc_count").asInt()).isEqualTo(2);
        assertThat(results.get("ticketflow-lens-resolution/avg").path("value").asDouble()).isEqualTo(170.0);
        assertThat(results.get("ticketflow-lens-first-response/p90").path("values").path("90.0").asDouble())
                .isBetween(30.0, 60.0);
        assertThat(bucketKeys(results.get("ticketflow-lens-by-queue/group")))
                .startsWith("billing").containsExactlyInAnyOrder("billing", "refunds", "technical", "(missing value)");
        assertThat(bucketKeys(results.get("ticketflow-lens-by-type/group")))
                .contains("incident", "service-request", "question");
        assertThat(bucketKeys(results.get("ticketflow-lens-created-by-status/status")))
                .containsExactlyInAnyOrder("new", "open", "pending", "solved", "closed");
        assertThat(bucketKeys(results.get("ticketflow-lens-routing-rules/rule"))).containsExactly("billing", "refunds");
        assertThat(results.get("ticketflow-lens-threading/score").path("value").asDouble()).isCloseTo(0.6333,
                org.assertj.core.data.Offset.offset(0.001));
        assertThat(bucketKeys(results.get("ticketflow-lens-intake-outcomes/type")))
                .containsExactly("threaded", "quarantined", "screened");
        assertThat(results.get("ticketflow-lens-event-durations/avg").path("value").asDouble()).isEqualTo(73.0);
        assertThat(bucketKeys(results.get("ticketflow-lens-event-durations/type"))).as("replied read from the outbox")
                .contains("replied", "threaded");
        // kpi.* flags derived by the ticket: TF-2 and TF-4 breached, TF-5 reopened, TF-4 solved at first contact
        assertThat(results.get("ticketflow-lens-rates-by-queue-level/breach").path("value").asDouble()).isEqualTo(0.4);
        assertThat(results.get("ticketflow-lens-rates-by-queue-level/reopen").path("value").asDouble()).isEqualTo(0.2);
        assertThat(results.get("ticketflow-lens-rates-by-queue-level/fcr").path("value").asDouble()).isEqualTo(0.5);
        assertThat(results.get("ticketflow-lens-rates-by-queue-level/solved").path("doc_count").asInt()).isEqualTo(2);
        assertThat(bucketKeys(results.get("ticketflow-lens-rates-by-channel-agent/agent"))).contains("kim");
        assertThat(results.get("ticketflow-lens-backlog-age/count").path("doc_count").asInt())
                .as("the panel query: new, open, pending").isEqualTo(3);
        assertThat(results.get("ticketflow-lens-review-scores/score").path("value").asDouble()).isEqualTo(0.75);
        assertThat(results.get("ticketflow-lens-review-scores/reviewed").path("doc_count").asInt()).isEqualTo(1);
        assertThat(results.get("ticketflow-lens-refunds/amount").path("value").asDouble()).isEqualTo(49.9);
        assertThat(bucketKeys(results.get("ticketflow-lens-refunds/status"))).startsWith("approved");
    }

    @Test
    void theChannelPanelCountsEveryChannelOnAKeywordField() throws Exception {
        SavedObject lens = file.objects().stream().filter(o -> o.id().equals("ticketflow-lens-by-channel")).findFirst()
                .orElseThrow();
        JsonNode column = lens.attributes().path("state").path("datasourceStates").path("formBased").path("layers")
                .elements().next().path("columns").path("group");
        assertThat(column.path("sourceField").asText()).isEqualTo("channel");
        ObjectNode search = JSON.createObjectNode().put("size", 0);
        search.putObject("aggs").set("group", aggregation(column));
        JsonNode answer = send("POST", "/" + PREFIX + "-tickets/_search", search.toString());
        Map<String, Integer> counts = new HashMap<>();
        answer.path("aggregations").path("group").path("buckets").forEach(b -> counts.put(b.path("key").asText(),
                b.path("doc_count").asInt()));
        assertThat(counts).containsExactlyInAnyOrderEntriesOf(Map.of("email", 2, "telegram", 1, "whatsapp", 1,
                "mastodon", 1));
        for (String kind : List.of("tickets", "messages")) {
            JsonNode mapping = send("GET", "/" + PREFIX + "-" + kind + "/_mapping/field/channel", "");
            assertThat(mapping.findPath("mapping").path("channel").path("type").asText()).as("channel in %s", kind)
                    .isEqualTo("keyword");
        }
    }

    @Test
    void savedSearchesFindTheRightDocumentsInTheirOrder() throws Exception {
        Map<String, List<String>> found = new HashMap<>();
        for (SavedObject s : file.objects().stream().filter(o -> o.type().equals("search")).toList()) {
            String kind = kindOf(s.references().get(0).id());
            ObjectNode search = JSON.createObjectNode().put("size", 100);
            String query = s.attributes().path("kibanaSavedObjectMeta").path("searchSourceJSON").path("query")
                    .path("query").asText();
            // an empty KQL query shows everything in Kibana
            search.set("query", query.isBlank() ? JSON.createObjectNode().set("match_all", JSON.createObjectNode())
                    : queryString(query));
            for (JsonNode sort : s.attributes().path("sort")) {
                search.withArray("sort").addObject().put(sort.get(0).asText(), sort.get(1).asText());
            }
            s.attributes().path("columns").forEach(c -> search.withArray("fields").add(c.asText()));
            JsonNode answer = send("POST", "/" + indicesOf(kind) + "/_search", search.toString());
            List<String> ids = new ArrayList<>();
            answer.path("hits").path("hits").forEach(h -> ids.add(h.path("_source").has("number")
                    ? h.path("_source").path("number").asText() : h.path("_source").has("rawId")
                            ? h.path("_source").path("rawId").asText() : h.path("_source").path("action").asText()));
            found.put(s.title(), ids);
        }
        assertThat(found.get("Open tickets")).containsExactly("TF-1", "TF-2", "TF-3");
        assertThat(found.get("SLA breaches")).containsExactly("TF-2", "TF-4");
        assertThat(found.get("Tickets needing review")).containsExactly("TF-2");
        assertThat(found.get("Screened machine mail")).containsExactly("raw-s1");
        assertThat(found.get("Quarantine and pipeline errors")).containsExactly("raw-q1");
        assertThat(found.get("Audit log: changes by people and tokens")).containsExactly("ticket.change", "token.created");
    }

    /** The aggregation Kibana's Lens sends for one column (for the operations the shipped file uses). */
    private static JsonNode aggregation(JsonNode column) {
        String field = column.path("sourceField").asText();
        ObjectNode agg = JSON.createObjectNode();
        switch (column.path("operationType").asText()) {
            case "count" -> agg.set("filter", column.has("filter")
                    ? queryString(column.path("filter").path("query").asText())
                    : JSON.createObjectNode().set("match_all", JSON.createObjectNode()));
            case "terms" -> {
                ObjectNode terms = agg.putObject("terms").put("field", field)
                        .put("size", column.path("params").path("size").asInt());
                if (column.path("params").path("missingBucket").asBoolean()) {
                    terms.put("missing", "(missing value)");
                }
            }
            case "date_histogram" -> agg.putObject("date_histogram").put("field", field).put("calendar_interval", "1d");
            case "average" -> agg.putObject("avg").put("field", field);
            case "sum" -> agg.putObject("sum").put("field", field);
            case "percentile" -> agg.putObject("percentiles").put("field", field).putArray("percents")
                    .add(column.path("params").path("percentile").asDouble());
            default -> throw new AssertionError("no ES translation for Lens operation " + column);
        }
        return agg;
    }

    /**
     * The shipped KQL, written as the equivalent Lucene query string (KQL's {@code :}, {@code or}, {@code and},
     * {@code not} for the simple field:value forms the file uses), so ES checks the fields and values.
     */
    private static JsonNode queryString(String kql) {
        String lucene = kql.replaceAll("\\s*:\\s*", ":").replaceAll("\\bor\\b", "OR").replaceAll("\\band\\b", "AND")
                .replaceAll("\\bnot\\b", "NOT");
        return JSON.createObjectNode().set("query_string", JSON.createObjectNode().put("query", lucene));
    }

    private static String kindOf(String dataViewId) {
        SavedObject dataView = file.objects().stream().filter(o -> o.id().equals(dataViewId)).findFirst().orElseThrow();
        return KIND_BY_ALIAS.get(dataView.attributes().path("title").asText());
    }

    /** The test's indices of a data view's kinds ("events,outbox": both). */
    private static String indicesOf(String kinds) {
        return java.util.Arrays.stream(kinds.split(",")).map(k -> PREFIX + "-" + k)
                .collect(java.util.stream.Collectors.joining(","));
    }

    private static List<String> bucketKeys(JsonNode agg) {
        List<String> keys = new ArrayList<>();
        agg.path("buckets").forEach(b -> keys.add(b.path("key_as_string").asText(b.path("key").asText())));
        return keys;
    }

    private static String action(String kind) {
        return "{\"index\":{\"_index\":\"" + PREFIX + "-" + kind + "\"}}\n";
    }

    private static JsonNode send(String method, String path, String body) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(ElasticsearchNode.url() + path))
                .header("Content-Type", path.contains("_bulk") ? "application/x-ndjson" : "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("%s %s: %s", method, path, response.body()).isLessThan(300);
        return JSON.readTree(response.body());
    }
}
