package io.ticketflow.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ticketflow.testing.RealPartsTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The admin YAML route in routes/drop-folder.camel.yaml: a dropped .eml file becomes a ticket like polled mail. */
class DropFolderRouteTest extends RealPartsTest {

    @Test
    void droppedEmlFileBecomesTicketAndIsMovedToDone() throws Exception {
        String customer = "drop-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        Path folder = Path.of("target/drop-test");
        Files.createDirectories(folder);
        Path file = folder.resolve(UUID.randomUUID() + ".eml");
        Files.writeString(Path.of(file + ".tmp"), "From: " + customer + "\r\nTo: support@ticketflow.local\r\n"
                + "Subject: Dropped in\r\nMessage-ID: <" + UUID.randomUUID() + "@drop.example>\r\n\r\nFrom a file.\r\n",
                StandardCharsets.UTF_8);
        Files.move(Path.of(file + ".tmp"), file);

        JsonNode ticket = await("ticket from dropped file", Duration.ofSeconds(60), () -> {
            JsonNode page = getJson("/api/tickets?q=" + customer.replace("@", "%40"));
            return page.path("total").asLong() == 1 ? page.path("tickets").get(0) : null;
        });
        assertThat(ticket.path("subject").asText()).isEqualTo("Dropped in");
        assertThat(ticket.path("channel").asText()).isEqualTo("file");
        await("file moved to .done", Duration.ofSeconds(10),
                () -> Files.exists(folder.resolve(".done").resolve(file.getFileName())) ? true : null);
        assertThat(file).doesNotExist();
    }
}
