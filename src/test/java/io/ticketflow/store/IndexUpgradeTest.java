package io.ticketflow.store;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.ticketflow.testing.ElasticsearchNode;
import io.ticketflow.testing.TestSettings;
import io.ticketflow.ticket.Ticket;
import java.time.Instant;
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

    /** The version of the shipped tickets template: the index an upgrade must end on. */
    private static int ticketsVersion() throws java.io.IOException {
        try (var in = IndexUpgradeTest.class.getResourceAsStream("/elasticsearch/templates/tickets.json")) {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(in).path("version").asInt();
        }
    }
}
