package io.ticketflow.store;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.ticketflow.testing.ElasticsearchNode;
import io.ticketflow.testing.TestSettings;
import io.ticketflow.ticket.Ticket;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.elasticsearch.client.RestClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A template version newer than the index behind its alias: the new index version is created, the documents are
 * copied (the ticket counter keeps its value) and the alias moves, so nothing already stored disappears.
 */
@ExtendWith(ElasticsearchNode.class)
class IndexUpgradeTest {

    private static RestClient rest;
    private static ElasticsearchClient client;

    @BeforeAll
    static void connect() {
        ElasticsearchProperties properties = TestSettings.elasticsearch(ElasticsearchNode.url(), "unused");
        ElasticsearchClientConfiguration configuration = new ElasticsearchClientConfiguration();
        rest = configuration.elasticsearchRestClient(properties);
        client = configuration.elasticsearchClient(rest, properties);
    }

    @AfterAll
    static void close() throws Exception {
        rest.close();
    }

    @Test
    void olderIndexIsUpgradedWithItsDocumentsAndTheCounterCarriesOn() throws Exception {
        String prefix = "upg-" + UUID.randomUUID().toString().substring(0, 6);
        ElasticsearchProperties properties = TestSettings.elasticsearch(ElasticsearchNode.url(), prefix);
        Indices indices = new Indices(properties);
        // the state an older release left: version-0 indices behind the aliases, a ticket and a used counter
        client.indices().create(c -> c.index(indices.tickets() + "-v0").aliases(indices.tickets(), a -> a.isWriteIndex(true)));
        client.indices().create(c -> c.index(indices.counters() + "-v0").aliases(indices.counters(), a -> a.isWriteIndex(true)));
        Ticket old = Ticket.open("100007", "mail", "old@acme.example", "Old", "From the old release", Instant.now());
        client.index(i -> i.index(indices.tickets()).id(old.number()).document(old));
        for (int i = 0; i < 7; i++) {
            client.index(x -> x.index(indices.counters()).id("ticket-number").document(Map.of("name", "ticket-number")));
        }

        new IndexTemplates(client, indices, properties).install();

        assertThat(client.indices().getAlias(a -> a.name(indices.tickets())).result().keySet())
                .containsExactly(indices.tickets() + "-v" + ticketsVersion());
        TicketStore tickets = new TicketStore(client, indices);
        assertThat(tickets.find("100007").value().subject()).isEqualTo("From the old release");
        assertThat(tickets.allocateNumber()).isEqualTo("100008");
        // the old index is kept for rollback; installing again changes nothing
        assertThat(client.indices().exists(e -> e.index(indices.tickets() + "-v0")).value()).isTrue();
        new IndexTemplates(client, indices, properties).install();
        assertThat(client.indices().getAlias(a -> a.name(indices.tickets())).result().keySet())
                .containsExactly(indices.tickets() + "-v" + ticketsVersion());
        // the new mapping is in force
        var mapping = client.indices().getMapping(m -> m.index(indices.tickets())).result()
                .get(indices.tickets() + "-v" + ticketsVersion()).mappings().properties();
        assertThat(mapping.get("inboundCount").isInteger()).isTrue();
        assertThat(mapping.get("alert").object().properties().get("labels").isFlattened()).isTrue();
    }

    @Test
    void messagesBeforeVersion3AreUpgradedAndAnImmenseRecipientIsThenLeftUnindexedInsteadOfRefused() throws Exception {
        String prefix = "upgm-" + UUID.randomUUID().toString().substring(0, 6);
        ElasticsearchProperties properties = TestSettings.elasticsearch(ElasticsearchNode.url(), prefix);
        Indices indices = new Indices(properties);
        // what version 2 left: the messages mapping with to/cc keywords of unbounded length
        com.fasterxml.jackson.databind.node.ObjectNode v2 = template("messages");
        var fields = (com.fasterxml.jackson.databind.node.ObjectNode) v2.path("template").path("mappings").path("properties");
        ((com.fasterxml.jackson.databind.node.ObjectNode) fields.get("to")).remove("ignore_above");
        ((com.fasterxml.jackson.databind.node.ObjectNode) fields.get("cc")).remove("ignore_above");
        String v2Index = indices.messages() + "-v2";
        byte[] mappings = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsBytes(v2.path("template").path("mappings"));
        client.indices().create(c -> c.index(v2Index).aliases(indices.messages(), a -> a.isWriteIndex(true))
                .mappings(m -> m.withJson(new java.io.ByteArrayInputStream(mappings))));
        client.index(i -> i.index(indices.messages()).id("m1").document(Map.of("id", "m1", "to", List.of("a@x.example"))));
        Map<String, Object> immense = Map.of("id", "m2", "to", List.of("b".repeat(40_000) + "@x.example"));
        Exception refused = org.assertj.core.api.Assertions.catchException(
                () -> client.index(i -> i.index(indices.messages()).id("m2").document(immense)));
        assertThat(StoreErrors.failure("store message m2", refused)).isInstanceOf(DocumentRejectedException.class);

        new IndexTemplates(client, indices, properties).install();

        int version = template("messages").path("version").asInt();
        assertThat(version).isGreaterThanOrEqualTo(3);
        assertThat(client.indices().getAlias(a -> a.name(indices.messages())).result().keySet())
                .containsExactly(indices.messages() + "-v" + version);
        assertThat(client.get(g -> g.index(indices.messages()).id("m1"), Map.class).source().get("to"))
                .isEqualTo(List.of("a@x.example"));
        // the new mapping is in force: the same document is stored (the immense value kept in _source, not indexed)
        client.index(i -> i.index(indices.messages()).id("m2").document(immense));
        assertThat(client.get(g -> g.index(indices.messages()).id("m2"), Map.class).found()).isTrue();
        var to = client.indices().getMapping(m -> m.index(indices.messages())).result()
                .get(indices.messages() + "-v" + version).mappings().properties().get("to").keyword();
        assertThat(to.ignoreAbove()).isEqualTo(512);
    }

    @Test
    void anExistingIndexTakesTheTemplatesDynamicSettingsWithoutANewIndexVersion() throws Exception {
        String prefix = "upgs-" + UUID.randomUUID().toString().substring(0, 6);
        ElasticsearchProperties properties = TestSettings.elasticsearch(ElasticsearchNode.url(), prefix);
        Indices indices = new Indices(properties);
        // indices of the current versions made before their templates had these settings (ES defaults in force)
        String tickets = indices.tickets() + "-v" + ticketsVersion();
        String messages = indices.messages() + "-v" + template("messages").path("version").asInt();
        client.indices().create(c -> c.index(tickets).aliases(indices.tickets(), a -> a.isWriteIndex(true)));
        client.indices().create(c -> c.index(messages).aliases(indices.messages(), a -> a.isWriteIndex(true)));

        new IndexTemplates(client, indices, properties).install();

        // still the same indices behind the aliases, now with the templates' refresh, search-idle and merge settings
        assertThat(client.indices().getAlias(a -> a.name(indices.tickets())).result().keySet()).containsExactly(tickets);
        Map<String, Object> ticketSettings = settings(tickets);
        assertThat(ticketSettings).containsEntry("index.search.idle.after", "5s")
                .containsEntry("index.merge.policy.segments_per_tier", "20")
                .doesNotContainKey("index.refresh_interval");
        assertThat(settings(messages)).containsEntry("index.refresh_interval", "500ms")
                .containsEntry("index.merge.policy.segments_per_tier", "20");
    }

    @Test
    void anExistingIndexTakesTheKeywordLimitsWithoutANewIndexVersion() throws Exception {
        String prefix = "upgk-" + UUID.randomUUID().toString().substring(0, 6);
        ElasticsearchProperties properties = TestSettings.elasticsearch(ElasticsearchNode.url(), prefix);
        Indices indices = new Indices(properties);
        // an index of the current version made from the template as shipped, before every keyword had a limit
        String messages = currentIndexFrom(template("messages"), indices.messages());
        Map<String, Object> immense = Map.of("id", "m1",
                "attachments", List.of(Map.of("name", "a".repeat(40_000) + ".pdf", "contentType", "application/pdf")));
        assertRefused(indices.messages(), "m1", immense);

        new IndexTemplates(client, indices, properties).install();

        // the same index, now storing the document: the immense name kept in _source, only not indexed
        assertThat(client.indices().getAlias(a -> a.name(indices.messages())).result().keySet()).containsExactly(messages);
        client.index(i -> i.index(indices.messages()).id("m1").document(immense));
        assertThat(client.get(g -> g.index(indices.messages()).id("m1"), Map.class).found()).isTrue();
        var fields = client.indices().getMapping(m -> m.index(messages)).result().get(messages).mappings().properties();
        assertThat(fields.get("attachments").object().properties().get("name").keyword().ignoreAbove())
                .isEqualTo(KeywordLimits.MAX_CHARS);
        // a field with a lower limit of its own keeps it
        assertThat(fields.get("to").keyword().ignoreAbove()).isEqualTo(512);
    }

    @Test
    void anExistingIndexTakesAFieldItsTemplateGainedWithoutANewIndexVersion() throws Exception {
        String prefix = "upgf-" + UUID.randomUUID().toString().substring(0, 6);
        ElasticsearchProperties properties = TestSettings.elasticsearch(ElasticsearchNode.url(), prefix);
        Indices indices = new Indices(properties);
        // the raw-bytes index as round 7 made it: strict mapping, no "record" field
        com.fasterxml.jackson.databind.node.ObjectNode template = template("raw-bytes");
        var mappings = (com.fasterxml.jackson.databind.node.ObjectNode) template.path("template").path("mappings");
        ((com.fasterxml.jackson.databind.node.ObjectNode) mappings.get("properties")).remove("record");
        String index = currentIndexFrom(template, indices.rawBytes());
        Map<String, Object> kept = Map.of("id", "r1", "size", 3, "bytes", "YWJj", "encoding", "plain",
                "record", Map.of("state", "received", "attempts", 1));
        assertRefused(indices.rawBytes(), "r1", kept);

        new IndexTemplates(client, indices, properties).install();

        // the same index, no copy: it now takes the new field
        assertThat(client.indices().getAlias(a -> a.name(indices.rawBytes())).result().keySet()).containsExactly(index);
        client.index(i -> i.index(indices.rawBytes()).id("r1").document(kept));
        assertThat(client.get(g -> g.index(indices.rawBytes()).id("r1"), Map.class).source().get("record"))
                .isEqualTo(Map.of("state", "received", "attempts", 1));
    }

    /** Creates the index of the template's current version behind the alias, with the template's mapping as given. */
    private static String currentIndexFrom(com.fasterxml.jackson.databind.node.ObjectNode template, String alias)
            throws java.io.IOException {
        String index = alias + "-v" + template.path("version").asInt();
        byte[] mappings = new com.fasterxml.jackson.databind.ObjectMapper()
                .writeValueAsBytes(template.path("template").path("mappings"));
        client.indices().create(c -> c.index(index).aliases(alias, a -> a.isWriteIndex(true))
                .mappings(m -> m.withJson(new java.io.ByteArrayInputStream(mappings))));
        return index;
    }

    private static void assertRefused(String alias, String id, Map<String, Object> document) {
        Exception refused = org.assertj.core.api.Assertions.catchException(
                () -> client.index(i -> i.index(alias).id(id).document(document)));
        assertThat(StoreErrors.failure("store " + id, refused)).isInstanceOf(DocumentRejectedException.class);
    }

    /** The index's own settings, flat ({@code index.refresh_interval} ...). */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> settings(String index) throws java.io.IOException {
        var response = rest.performRequest(new org.elasticsearch.client.Request("GET", "/" + index + "/_settings?flat_settings=true"));
        Map<String, Object> all = new com.fasterxml.jackson.databind.ObjectMapper().readValue(response.getEntity().getContent(), Map.class);
        return (Map<String, Object>) ((Map<String, Object>) all.get(index)).get("settings");
    }

    private static com.fasterxml.jackson.databind.node.ObjectNode template(String kind) throws java.io.IOException {
        try (var in = IndexUpgradeTest.class.getResourceAsStream("/elasticsearch/templates/" + kind + ".json")) {
            return (com.fasterxml.jackson.databind.node.ObjectNode) new com.fasterxml.jackson.databind.ObjectMapper().readTree(in);
        }
    }

    /** The version of the shipped tickets template: the index an upgrade must end on. */
    private static int ticketsVersion() throws java.io.IOException {
        try (var in = IndexUpgradeTest.class.getResourceAsStream("/elasticsearch/templates/tickets.json")) {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(in).path("version").asInt();
        }
    }
}
