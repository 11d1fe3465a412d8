package io.ticketflow.source.file;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ticketflow.intake.FaultPoints.FaultPoint;
import io.ticketflow.intake.IntakeSummary;
import io.ticketflow.source.mail.IngestionTest;
import io.ticketflow.testing.TestMailServer;
import io.ticketflow.vocabulary.RawMessage;
import jakarta.mail.Message;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** {@code ticketflow import} (mbox of 500 generated messages) and replay of quarantined messages. */
class ImportAndReplayTest extends IngestionTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    private MessageImporter importer;

    @Autowired
    private TestRestTemplate http;

    @TempDir
    Path dir;

    @Test
    void mboxImportOf500MessagesReconcilesAndSendsNoAcknowledgement() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> customers = new ArrayList<>();
        List<String> messages = new ArrayList<>();
        // 400 new conversations, 50 replies to them, 30 auto-replies, 10 without any sender, 10 exact repeats
        for (int i = 0; i < 400; i++) {
            String c = "imp" + i + "-" + run + "@example.com";
            customers.add(c);
            messages.add(message(c, "Question " + i, "<q" + i + "." + run + "@client.example>", null, "", "Body " + i
                    + "\nFrom now on, a line that needs mbox quoting."));
        }
        for (int i = 0; i < 50; i++) {
            messages.add(message(customers.get(i), "Re: Question " + i, "<r" + i + "." + run + "@client.example>",
                    "<q" + i + "." + run + "@client.example>", "", "Follow-up " + i));
        }
        for (int i = 0; i < 30; i++) {
            messages.add(message("ooo" + i + "-" + run + "@example.com", "Out of office", "<o" + i + "." + run + "@x>", null,
                    "Auto-Submitted: auto-replied\r\n", "Away"));
        }
        for (int i = 0; i < 10; i++) {
            messages.add("Subject: no sender " + i + "\r\nMessage-ID: <n" + i + "." + run + "@x>\r\n\r\nWho sent this?\r\n");
        }
        for (int i = 0; i < 10; i++) {
            messages.add(messages.get(100 + i));
        }
        Path mbox = dir.resolve("export.mbox");
        try (OutputStream out = Files.newOutputStream(mbox)) {
            for (String m : messages) {
                out.write(("From MAILER-DAEMON Fri Nov 27 10:00:00 2026\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(m.replace("\r\nFrom now", "\r\n>From now").getBytes(StandardCharsets.UTF_8));
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
        }

        assertThat(importer.count(mbox)).isEqualTo(500);
        IntakeSummary summary = importer.importPath(mbox, n -> { });

        assertThat(summary.total()).isEqualTo(500);
        assertThat(summary.created()).isEqualTo(400);
        assertThat(summary.appended()).isEqualTo(50);
        assertThat(summary.screened()).isEqualTo(30);
        assertThat(summary.quarantined()).isEqualTo(10);
        assertThat(summary.duplicates()).isEqualTo(10);
        es.indices().refresh(r -> r.index("ingest-raw"));
        long raw = es.count(c -> c.index("ingest-raw")
                .query(q -> q.term(t -> t.field("mailbox").value("import:export.mbox")))).count();
        assertThat(raw).as("raw records of distinct messages").isGreaterThanOrEqualTo(490);
        assertThat(messagesFrom(customers.get(7))).isEqualTo(2);
        assertThat(ticketsOf(customers.get(7))).isEqualTo(1);
        assertThat(messagesFrom(customers.get(300))).isEqualTo(1);
        // the unquoted body line made it through
        assertThat(es.count(c -> c.index("ingest-messages").query(q -> q.bool(b -> b
                .filter(f -> f.term(t -> t.field("from").value(customers.get(3))))
                .filter(f -> f.matchPhrase(m -> m.field("text").query("From now on")))))).count()).isEqualTo(1);
        Thread.sleep(1000);
        assertThat(Arrays.stream(TestMailServer.get().getReceivedMessages()).filter(m -> {
            try {
                return m.getRecipients(Message.RecipientType.TO)[0].toString().contains(run);
            }
            catch (Exception e) {
                return false;
            }
        })).as("acknowledgements for imported history").isEmpty();
    }

    @Test
    void quarantinedMessageIsListedAndReplayedIntoOneTicket() throws Exception {
        String c = customer();
        String message = message(c, "Hit by a bug", "<" + UUID.randomUUID() + "@client.example>", null, "",
                "A stage had a bug when this arrived.");
        faults.failFor(FaultPoint.AFTER_RAW_STORE, 1, RawMessage.sha256Hex(message.getBytes(StandardCharsets.UTF_8)));
        ResponseEntity<String> posted = post(message);
        faults.disarm();
        JsonNode outcome = JSON.readTree(posted.getBody());
        assertThat(outcome.path("outcome").asText()).isEqualTo("quarantined");
        String rawId = outcome.path("rawId").asText();

        assertThat(quarantinedIds()).contains(rawId);

        JsonNode replayed = JSON.readTree(http.postForObject("/api/admin/replay", json("{\"quarantined\": true}"),
                String.class));
        assertThat(replayed.path("created").asLong()).isPositive();
        assertThat(messagesFrom(c)).isEqualTo(1);
        assertThat(quarantinedIds()).doesNotContain(rawId);

        // replaying again changes nothing for it: it is on its ticket now
        http.postForObject("/api/admin/replay", json("{\"quarantined\": true}"), String.class);
        assertThat(messagesFrom(c)).isEqualTo(1);
        assertThat(ticketsOf(c)).isEqualTo(1);
    }

    @Test
    void replayWithoutSelectionIsAClearError() {
        ResponseEntity<String> response = http.postForEntity("/api/admin/replay", json("{}"), String.class);
        assertThat(response.getStatusCode().value()).isEqualTo(400);
        assertThat(response.getBody()).contains("quarantined");
    }

    private List<String> quarantinedIds() throws Exception {
        List<String> ids = new ArrayList<>();
        String after = null;
        do {
            JsonNode page = JSON.readTree(http.getForObject("/api/admin/quarantine?size=500"
                    + (after == null ? "" : "&after=" + after), String.class));
            page.path("messages").forEach(m -> ids.add(m.path("rawId").asText()));
            after = page.path("next").isTextual() ? page.path("next").asText() : null;
        }
        while (after != null);
        return ids;
    }

    private ResponseEntity<String> post(String message) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.parseMediaType("message/rfc822"));
        return http.postForEntity("/api/messages", new HttpEntity<>(message.getBytes(StandardCharsets.UTF_8), headers),
                String.class);
    }

    private static HttpEntity<String> json(String body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return new HttpEntity<>(body, headers);
    }

    private static String message(String from, String subject, String messageId, String inReplyTo, String extraHeaders,
            String body) {
        return "From: " + from + "\r\nTo: support@ticketflow.local\r\nSubject: " + subject + "\r\nMessage-ID: " + messageId
                + "\r\nDate: Fri, 27 Nov 2026 10:00:00 +0000\r\n"
                + (inReplyTo == null ? "" : "In-Reply-To: " + inReplyTo + "\r\nReferences: " + inReplyTo + "\r\n")
                + extraHeaders + "\r\n" + body.replace("\n", "\r\n") + "\r\n";
    }
}
