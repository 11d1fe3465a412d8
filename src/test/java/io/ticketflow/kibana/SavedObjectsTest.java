package io.ticketflow.kibana;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.JsonNode;
import io.ticketflow.kibana.SavedObjectsFile.InvalidSavedObjectsException;
import io.ticketflow.kibana.SavedObjectsFile.SavedObject;
import io.ticketflow.store.Indices;
import io.ticketflow.testing.TestSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Kibana saved objects we ship ({@code config/kibana/ticketflow.ndjson}) checked without a Kibana: structure,
 * references, Lens wiring, dashboard layout, and every field used against the index templates.
 */
public class SavedObjectsTest {

    static final Path SHIPPED = Path.of("config", "kibana", "ticketflow.ndjson");

    private static final Indices INDICES = new Indices(TestSettings.elasticsearch(null, null));
    /**
     * The pipeline events' data view: the events index, the outbox, whose sent entries are the {@code replied} events,
     * and the raw index, whose finished records are the decision events ({@code threaded}, {@code screened}; issue 16);
     * its fields are the events template's, which the outbox and the raw index map alike (checked below).
     */
    static final String EVENTS_VIEW = INDICES.events() + "," + INDICES.outbox() + "," + INDICES.raw();

    /**
     * Every field the shipped objects use, per alias. Written out on purpose: renaming a field in an index template
     * or in the ndjson breaks this test until both sides (and docs/kibana.md) agree again.
     */
    static final Map<String, Set<String>> FIELDS_USED = Map.of(
            INDICES.tickets(), Set.of("createdAt", "lastMessageAt", "number", "subject", "customer", "status",
                    "channel", "triage.queue", "triage.level", "triage.priority", "triage.category", "triage.type",
                    "triage.language", "triage.needsReview", "sla.policy", "sla.firstResponseDueAt",
                    "sla.firstResponseBreached", "sla.resolutionBreached", "lifecycle.firstResponseMinutes",
                    "lifecycle.resolutionMinutes", "alert.identity", "alert.source", "alert.severity", "alert.status",
                    "alert.lastNotificationAt", "csat.rating", "csat.score", "csat.agent", "clock.nextResponseMinutes",
                    "clock.breached",
                    // issue 19: outcome rates, backlog age, quality review, refunds
                    "triage.assignee", "lifecycle.resolvedAt", "kpi.reopened", "kpi.firstContactResolution",
                    "kpi.slaBreached", "review.agent", "review.sampledAt", "review.reviewedAt", "review.score",
                    "refund.status", "refund.currency", "refund.decidedBy", "refund.amount", "selfService.solvedBy"),
            INDICES.messages(), Set.of("receivedAt", "screening.kind", "threading.method", "threading.score",
                    "routing.rulesMatched"),
            EVENTS_VIEW, Set.of("at", "type", "rawId", "ticket", "detail", "durationMs"),
            INDICES.audit(), Set.of("at", "actor", "actorKind", "action", "ticket", "target", "outcome", "details"));

    /**
     * Fields that other issues are adding to the templates right now, with the JSON kind their documents carry. Until
     * the mapping lands they resolve through dynamic mapping (strings become keyword by our dynamic template). After
     * the merge the entry must be removed, so the field is checked against its real mapping.
     */
    /** Fields the saved objects use that no template maps yet (empty: everything is checked). */
    static final Map<String, String> PENDING = Map.of(); // issue 6: routing rules matched, in order

    static Map<String, TemplateFields> templates() {
        Map<String, TemplateFields> byAlias = new LinkedHashMap<>();
        byAlias.put(INDICES.tickets(), TemplateFields.load("tickets"));
        byAlias.put(INDICES.messages(), TemplateFields.load("messages"));
        byAlias.put(EVENTS_VIEW, TemplateFields.load("events"));
        byAlias.put(INDICES.audit(), TemplateFields.load("audit"));
        return byAlias;
    }

    static SavedObjectsCheck check(SavedObjectsFile file) {
        return new SavedObjectsCheck(file, templates(), PENDING).run();
    }

    @Test
    void everyLineIsASavedObjectWithParsableJsonAttributes() throws IOException {
        SavedObjectsFile file = SavedObjectsFile.read(SHIPPED);
        List<String> lines = Files.readAllLines(SHIPPED).stream().filter(l -> !l.isBlank()).toList();
        assertThat(file.objects()).hasSize(lines.size());
        for (SavedObject o : file.objects()) {
            assertThat(o.attributes().path("title").asText()).as("title of %s", o.id()).isNotBlank();
        }
        SavedObject dashboard = only(file, "dashboard");
        assertThat(dashboard.attributes().path("panelsJSON").isArray()).isTrue();
        assertThat(dashboard.attributes().path("kibanaSavedObjectMeta").path("searchSourceJSON").isObject()).isTrue();
        file.objects().stream().filter(o -> o.type().equals("search")).forEach(s -> assertThat(
                s.attributes().path("kibanaSavedObjectMeta").path("searchSourceJSON").path("query").isObject())
                .as("searchSourceJSON of %s", s.id()).isTrue());
    }

    @Test
    void shippedObjectsHaveNoProblems() throws IOException {
        assertThat(check(SavedObjectsFile.read(SHIPPED)).problems).isEmpty();
    }

    @Test
    void fieldsUsedAreExactlyTheDeclaredListAndExistInTheTemplates() throws IOException {
        SavedObjectsCheck check = check(SavedObjectsFile.read(SHIPPED));
        assertThat(check.fieldsUsed.keySet()).containsExactlyInAnyOrderElementsOf(FIELDS_USED.keySet());
        FIELDS_USED.forEach((alias, declared) -> assertThat(check.fieldsUsed.get(alias)).as("fields used on %s", alias)
                .containsExactlyInAnyOrderElementsOf(declared));
        Map<String, TemplateFields> templates = templates();
        List<String> missing = FIELDS_USED.entrySet().stream()
                .flatMap(e -> e.getValue().stream().map(f -> e.getKey() + ":" + f))
                .filter(key -> !PENDING.containsKey(key))
                .filter(key -> templates.get(key.substring(0, key.indexOf(':')))
                        .mappedField(key.substring(key.indexOf(':') + 1)).isEmpty())
                .toList();
        assertThat(missing).as("declared fields missing from the index templates").isEmpty();
    }

    @Test
    void dataViewsAreOurAliasesWithTheirTimeFields() throws IOException {
        SavedObjectsFile file = SavedObjectsFile.read(SHIPPED);
        Map<String, String> timeFieldByTitle = new LinkedHashMap<>();
        file.objects().stream().filter(o -> o.type().equals("index-pattern")).forEach(o -> timeFieldByTitle
                .put(o.attributes().path("title").asText(), o.attributes().path("timeFieldName").asText()));
        assertThat(timeFieldByTitle).containsExactlyInAnyOrderEntriesOf(Map.of(INDICES.tickets(), "createdAt",
                INDICES.messages(), "receivedAt", EVENTS_VIEW, "at", INDICES.audit(), "at"));
    }

    /**
     * The outbox maps the fields its sent entries share with the events (the {@code replied} event) as the events do,
     * so the pipeline events' data view has no field of two types and its panels aggregate both indices.
     */
    @Test
    void theOutboxMapsTheEventFieldsItsSentEntriesCarryAsTheEventsDo() {
        TemplateFields events = TemplateFields.load("events");
        TemplateFields outbox = TemplateFields.load("outbox");
        for (String field : List.of("type", "at", "durationMs", "ticket", "to")) {
            assertThat(outbox.mappedField(field)).as("outbox %s", field).get()
                    .satisfies(f -> assertThat(f.type()).isEqualTo(events.mappedField(field).orElseThrow().type()));
        }
    }

    /**
     * The raw index maps the event fields its finished records carry (the decision event) as the events do, and no
     * field of the pipeline events' data view has two types in its three indices.
     */
    @Test
    void theRawIndexMapsTheDecisionEventsFieldsAsTheEventsDo() {
        TemplateFields events = TemplateFields.load("events");
        TemplateFields raw = TemplateFields.load("raw");
        for (String field : List.of("type", "at", "durationMs", "detail", "method", "score", "related", "actor", "step",
                "rawId", "ticket")) {
            assertThat(raw.mappedField(field)).as("raw %s", field).get()
                    .satisfies(f -> assertThat(f.type()).isEqualTo(events.mappedField(field).orElseThrow().type()));
        }
        Map<String, String> typeByField = new java.util.HashMap<>();
        for (TemplateFields index : List.of(events, TemplateFields.load("outbox"), raw)) {
            index.mapped().values().forEach(f -> assertThat(typeByField.merge(f.name(), f.type(), (a, b) -> a))
                    .as("%s in %s", f.name(), index.kind()).isEqualTo(f.type()));
        }
    }

    @Test
    void dashboardShowsEveryKpiPanel() throws IOException {
        SavedObjectsFile file = SavedObjectsFile.read(SHIPPED);
        SavedObject dashboard = only(file, "dashboard");
        assertThat(dashboard.title()).isEqualTo("Ticketflow \u2013 support KPIs");
        Set<String> panelTitles = new TreeSet<>();
        for (var ref : dashboard.references()) {
            file.objects().stream().filter(o -> o.id().equals(ref.id())).forEach(o -> panelTitles.add(o.title()));
        }
        assertThat(panelTitles).contains("Tickets created over time by status", "Backlog (new, open, pending)",
                "Tickets by queue", "Tickets by support level", "Tickets by category", "Tickets by type",
                "Tickets by language", "Tickets by channel", "First response time (minutes)",
                "Time to resolution (minutes)", "SLA breaches", "SLA breaches over time",
                "Intake outcomes", "Messages by screening kind", "Threading decisions", "Pipeline step durations",
                "Quarantine and pipeline errors", "Customer satisfaction by queue and agent",
                "Next response time (minutes)", "SLA breach rate",
                "Reopen, first-contact resolution and SLA breach rates by queue and level",
                "Reopen, first-contact resolution and SLA breach rates by channel and agent", "Backlog by age and queue",
                "Quality review scores by agent and queue", "Refund requests by status, queue and deciding agent");
        assertThat(file.objects().stream().filter(o -> o.type().equals("search")).map(SavedObject::title))
                .contains("Open tickets", "Screened machine mail", "Quarantine and pipeline errors", "SLA breaches");
    }

    /** Defects planted into a copy of the shipped file: find, replace, the problem the check must report. */
    static Stream<Arguments> plantedDefects() {
        return Stream.of(
                arguments("renamed field", "\"sourceField\":\"triage.queue\"", "\"sourceField\":\"triage.queues\"",
                        "'triage.queues' is not in the ticketflow-tickets index template"),
                arguments("number column on a keyword", "\"sourceField\":\"durationMs\"", "\"sourceField\":\"detail\"",
                        "dataType number but 'detail' is keyword"),
                arguments("unknown search column", "\"columns\":[\"number\",\"subject\"",
                        "\"columns\":[\"ticketNumber\",\"subject\"", "column: field 'ticketNumber' is not in"),
                arguments("unknown field in a KQL filter", "status : (\\\"new\\\"", "state : (\\\"new\\\"",
                        "field 'state' is not in the ticketflow-tickets index template"),
                arguments("terms on a text field", "\"sourceField\":\"triage.queue\"", "\"sourceField\":\"subject\"",
                        "'subject' (text) cannot be aggregated"),
                arguments("sort on a text field", "\"sort\":[[\"createdAt\",\"desc\"]]", "\"sort\":[[\"subject\",\"desc\"]]",
                        "sort: field 'subject' (text) cannot be aggregated or sorted on"),
                arguments("dangling panel reference", "\"id\":\"ticketflow-lens-backlog\"}", "\"id\":\"ticketflow-lens-gone\"}",
                        "points at lens ticketflow-lens-gone, which is not in the file"),
                arguments("layer without data view", "\"name\":\"indexpattern-datasource-layer-layer1\"",
                        "\"name\":\"indexpattern-datasource-layer-layer2\"", "layer layer1 has no reference"),
                arguments("accessor without column", "\"metricAccessor\":\"backlog\"", "\"metricAccessor\":\"backlg\"",
                        "visualization uses column 'backlg'"),
                arguments("duplicate id", "\"id\":\"ticketflow-search-open-tickets\"", "\"id\":\"ticketflow-events\"",
                        "id used by two objects"),
                arguments("panel without reference", "\"panelRefName\\\":\\\"panel_p01\\\"",
                        "\"panelRefName\\\":\\\"panel_x\\\"", "no reference named 'p01:panel_x'"),
                arguments("data view on no alias", "\"title\":\"ticketflow-audit\"", "\"title\":\"ticketflow-audi*\"",
                        "is none of our aliases"),
                arguments("field newer than 8.8", "\"typeMigrationVersion\":\"8.7.0\"",
                        "\"typeMigrationVersion\":\"8.7.0\",\"managed\":true", "root field 'managed'"),
                arguments("pre-8.8 object", "\"coreMigrationVersion\":\"8.8.0\"", "\"coreMigrationVersion\":\"7.17.0\"",
                        "coreMigrationVersion '7.17.0'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("plantedDefects")
    void checkCatchesAPlantedDefect(String defect, String find, String replace, String expectedProblem)
            throws IOException {
        String text = Files.readString(SHIPPED);
        assertThat(text.contains(find)).as("the shipped file contains the mutation target %s", find).isTrue();
        SavedObjectsFile mutated = SavedObjectsFile.parse("mutated.ndjson",
                text.replace(find, replace).getBytes(StandardCharsets.UTF_8));
        assertThat(check(mutated).problems).anyMatch(p -> p.contains(expectedProblem));
    }

    @Test
    void pendingFieldsStillNeedAnIndexableMapping() {
        TemplateFields messages = TemplateFields.load("messages");
        assertThat(messages.resolve("routing.rulesMatched", "string")).get()
                .satisfies(f -> assertThat(f.type()).isEqualTo("keyword"));
        // under a leaf field nothing can be mapped
        assertThat(messages.resolve("subject.rules", "string")).isEmpty();
        assertThat(messages.mappedField("subject.keyword")).get().satisfies(f -> assertThat(f.aggregatable()).isTrue());
        assertThat(messages.mappedField("subject")).get().satisfies(f -> assertThat(f.aggregatable()).isFalse());
    }

    @Test
    void badAdminEditsAreReportedWithFileLineAndField() {
        assertThatThrownBy(() -> SavedObjectsFile.parse("t.ndjson", "{\"type\":\"lens\",\"id\":\"a\",\"attributes\":{}}\n{oops\n"
                .getBytes(StandardCharsets.UTF_8))).isInstanceOf(InvalidSavedObjectsException.class)
                .hasMessageStartingWith("t.ndjson:2: not valid JSON");
        assertThatThrownBy(() -> SavedObjectsFile.parse("t.ndjson",
                "{\"type\":\"dashboard\",\"id\":\"d\",\"attributes\":{\"panelsJSON\":\"[{\"}}"
                        .getBytes(StandardCharsets.UTF_8))).isInstanceOf(InvalidSavedObjectsException.class)
                .hasMessageContaining("t.ndjson:1 (dashboard d): attribute 'panelsJSON' is not valid JSON");
        assertThatThrownBy(() -> SavedObjectsFile.parse("t.ndjson",
                "{\"id\":\"d\",\"attributes\":{}}".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("t.ndjson:1: field 'type' is missing");
        assertThatThrownBy(() -> SavedObjectsFile.parse("t.ndjson",
                "{\"type\":\"search\",\"id\":\"s\",\"attributes\":{\"kibanaSavedObjectMeta\":{\"searchSourceJSON\":\"{x\"}}}"
                        .getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("attribute 'kibanaSavedObjectMeta.searchSourceJSON' is not valid JSON");
    }

    @Test
    void kqlFieldNamesAreFoundOutsideQuotedValues() {
        assertThat(SavedObjectsCheck.kqlFields("screening.kind : * and not screening.kind : \"a: b\" or x.y:1"))
                .containsExactly("screening.kind", "x.y");
    }

    /** Chat channels (issue 14) show up in every panel: nothing filters, limits or formats the channel to email. */
    @Test
    void noSavedObjectNarrowsTheChannel() throws IOException {
        assertThat(channelNarrowing(SavedObjectsFile.read(SHIPPED))).isEmpty();
        String text = Files.readString(SHIPPED);
        String terms = "\"sourceField\":\"channel\",\"params\":{";
        assertThat(text).contains(terms);
        for (String planted : List.of(terms + "\"include\":[\"email\"],", terms.replace("\"params\":{",
                "\"filter\":{\"query\":\"channel : \\\"email\\\"\",\"language\":\"kuery\"},\"params\":{"))) {
            SavedObjectsFile mutated = SavedObjectsFile.parse("mutated.ndjson",
                    text.replace(terms, planted).getBytes(StandardCharsets.UTF_8));
            assertThat(channelNarrowing(mutated)).as(planted).isNotEmpty();
        }
    }

    /** Every query, filter, terms include/exclude list, too small terms size or field format that touches channel. */
    static List<String> channelNarrowing(SavedObjectsFile file) {
        List<String> problems = new ArrayList<>();
        for (SavedObject o : file.objects()) {
            walk(o.attributes(), o.id(), problems);
        }
        return problems;
    }

    private static void walk(JsonNode node, String where, List<String> problems) {
        if (node.isArray()) {
            node.forEach(n -> walk(n, where, problems));
            return;
        }
        if (!node.isObject()) {
            return;
        }
        if (node.path("query").isTextual() && node.has("language")
                && SavedObjectsCheck.kqlFields(node.path("query").asText()).contains("channel")) {
            problems.add(where + ": query on channel: " + node.path("query").asText());
        }
        if ("channel".equals(node.path("meta").path("key").asText()) || node.path("query").toString().contains("\"channel\"")) {
            problems.add(where + ": filter on channel: " + node);
        }
        if ("channel".equals(node.path("sourceField").asText())) {
            JsonNode params = node.path("params");
            for (String list : List.of("include", "exclude")) {
                if (!params.path(list).isMissingNode() && !params.path(list).isEmpty()) {
                    problems.add(where + ": channel terms with an " + list + " list " + params.path(list));
                }
            }
            if (params.has("size") && params.path("size").asInt() < 5) {
                problems.add(where + ": channel terms show fewer than the five channels");
            }
        }
        if (node.path("fieldFormatMap").toString().contains("channel") || node.path("fieldAttrs").toString().contains("channel")) {
            problems.add(where + ": a format or label on channel");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> field = it.next();
            walk(field.getValue(), where + "/" + field.getKey(), problems);
        }
    }

    private static SavedObject only(SavedObjectsFile file, String type) {
        List<SavedObject> found = file.objects().stream().filter(o -> o.type().equals(type)).toList();
        assertThat(found).as("objects of type %s", type).hasSize(1);
        return found.get(0);
    }
}
