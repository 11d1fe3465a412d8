package io.ticketflow.intake;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.JsonNode;
import io.ticketflow.store.Indices;
import io.ticketflow.testing.RealPartsTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The admin YAML route in routes/drop-folder.camel.yaml: a dropped .eml file becomes a ticket like polled mail. */
class DropFolderRouteTest extends RealPartsTest {

    @Autowired
    private CamelContext camel;

    @Autowired
    private ElasticsearchClient es;

    @Autowired
    private Indices indices;

    @Test
    void droppedEmlFileBecomesTicketAndIsMovedToDone() throws Exception {
        String customer = "drop-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        Path folder = Path.of("target/drop-test");
        Files.createDirectories(folder);
        Path file = folder.resolve(UUID.randomUUID() + ".eml");
        NotifyBuilder dropped = new NotifyBuilder(camel).fromRoute("drop-folder").whenDone(1).create();
        Files.writeString(Path.of(file + ".tmp"), "From: " + customer + "\r\nTo: support@ticketflow.local\r\n"
                + "Subject: Dropped in\r\nMessage-ID: <" + UUID.randomUUID() + "@drop.example>\r\n\r\nFrom a file.\r\n",
                StandardCharsets.UTF_8);
        Files.move(Path.of(file + ".tmp"), file);

        // the route answers only after direct:intake stored the outcome; a refresh makes it searchable at once
        assertThat(dropped.matches(60, TimeUnit.SECONDS)).as("the drop-folder route took the file").isTrue();
        es.indices().refresh(r -> r.index(indices.tickets()));
        JsonNode page = getJson("/api/tickets?q=" + customer.replace("@", "%40"));
        assertThat(page.path("total").asLong()).isEqualTo(1);
        JsonNode ticket = page.path("tickets").get(0);
        assertThat(ticket.path("subject").asText()).isEqualTo("Dropped in");
        assertThat(ticket.path("channel").asText()).isEqualTo("file");
        await("file moved to .done", Duration.ofSeconds(10),
                () -> Files.exists(folder.resolve(".done").resolve(file.getFileName())) ? true : null);
        assertThat(file).doesNotExist();
    }

    @Test
    void filesOfOnePollRunAsOneOrderedBatchAndEveryFileEnds() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Path folder = Path.of("target/drop-test");
        Files.createDirectories(folder);
        List<String> customers = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
            customers.add("dropchain" + c + "-" + run + "@example.com");
        }
        List<Path> files = new ArrayList<>();
        // 4 conversations of 3 mails, interleaved, dropped before the next poll: a reply only threads if it runs
        // after its parent (files are taken oldest first, then by name)
        int n = 0;
        for (int step = 0; step < 3; step++) {
            for (int c = 0; c < 4; c++) {
                String parent = step == 0 ? "" : "In-Reply-To: <d" + c + "." + (step - 1) + "." + run + "@x>\r\n";
                files.add(drop(folder, run + "-" + String.format("%02d", n++), "From: " + customers.get(c)
                        + "\r\nTo: support@ticketflow.local\r\nSubject: " + (step == 0 ? "" : "Re: ") + "Crate " + c
                        + "\r\nMessage-ID: <d" + c + "." + step + "." + run + "@x>\r\n" + parent + "\r\nStep " + step
                        + "\r\n"));
            }
        }
        files.add(drop(folder, run + "-" + String.format("%02d", n++), "Subject: nobody " + run + "\r\n\r\nx\r\n"));

        for (Path file : files) {
            await("file " + file.getFileName() + " moved to .done", Duration.ofSeconds(60),
                    () -> Files.exists(folder.resolve(".done").resolve(file.getFileName())) ? true : null);
            assertThat(file).doesNotExist();
        }
        es.indices().refresh(r -> r.index(indices.tickets(), indices.messages()));
        for (String customer : customers) {
            assertThat(getJson("/api/tickets?q=" + customer.replace("@", "%40")).path("total").asLong())
                    .as("one ticket for " + customer).isEqualTo(1);
            assertThat(es.count(c -> c.index(indices.messages()).query(q -> q.term(t -> t.field("from").value(customer))))
                    .count()).isEqualTo(3);
        }
    }

    /** Written under another name and renamed, as an MTA pipe should, so the poll never sees half a file. */
    private static Path drop(Path folder, String name, String mail) throws Exception {
        Path file = folder.resolve(name + ".eml");
        Files.writeString(Path.of(file + ".tmp"), mail, StandardCharsets.UTF_8);
        Files.move(Path.of(file + ".tmp"), file);
        return file;
    }
}
