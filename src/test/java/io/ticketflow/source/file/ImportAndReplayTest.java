package io.ticketflow.source.file;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ticketflow.intake.FaultPoints.FaultPoint;
import io.ticketflow.intake.IntakeSummary;
import io.ticketflow.intake.Replayer;
import io.ticketflow.source.mail.IngestionTest;
import io.ticketflow.store.RawMessageStore;
import io.ticketflow.store.RawRecord;
import io.ticketflow.testing.TestMailServer;
import io.ticketflow.vocabulary.RawMessage;
import jakarta.mail.Message;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
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

    @Autowired
    private RawMessageStore rawStore;

    @Autowired
    private Replayer replayer;

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
    void emlFolderImportRunsEachConversationInFileOrderAndEndsEveryMessage() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Path folder = Files.createDirectories(dir.resolve("eml-" + run));
        List<String> customers = new ArrayList<>();
        List<String> parents = new ArrayList<>();
        int file = 0;
        // 30 conversations of 4 mails each, interleaved (all first mails, then all first replies ...): every reply is
        // in the same window as its parent, so only the per-conversation order keeps it behind its parent
        for (int step = 0; step < 4; step++) {
            for (int c = 0; c < 30; c++) {
                String customer = "chain" + c + "-" + run + "@example.com";
                if (step == 0) {
                    customers.add(customer);
                }
                String id = "<m" + c + "." + step + "." + run + "@client.example>";
                String parent = step == 0 ? null : "<m" + c + "." + (step - 1) + "." + run + "@client.example>";
                String mail = message(customer, (step == 0 ? "" : "Re: ") + "Order " + c + " " + run, id, parent, "",
                        "Step " + step + " of conversation " + c);
                if (step == 0) {
                    parents.add(mail);
                }
                Files.writeString(folder.resolve(String.format("%04d.eml", file++)), mail);
            }
        }
        Files.writeString(folder.resolve(String.format("%04d.eml", file++)), "Subject: nobody " + run + "\r\n\r\nx\r\n");
        List<Long> progress = new ArrayList<>();

        IntakeSummary summary = importer.importPath(folder, progress::add);

        assertThat(summary.total()).isEqualTo(121);
        assertThat(summary.created()).as("one ticket per conversation, opened by its first mail").isEqualTo(30);
        assertThat(summary.appended()).isEqualTo(90);
        assertThat(summary.quarantined()).as("the mail without a sender, without stopping the others").isEqualTo(1);
        assertThat(progress).as("progress counts every message once, in order").hasSize(121).isSorted()
                .endsWith(121L);
        for (int c = 0; c < 30; c += 7) {
            assertThat(ticketsOf(customers.get(c))).isEqualTo(1);
            assertThat(messagesFrom(customers.get(c))).isEqualTo(4);
            assertThat(rawStore.find(RawMessage.sha256Hex(parents.get(c).getBytes(StandardCharsets.UTF_8))).value()
                    .outcome()).isEqualTo("created");
        }
    }

    @Test
    void replayReadsPagesAndRunsEachConversationInArrivalOrder() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Instant base = Instant.parse("2019-03-01T00:00:00Z").plusSeconds(Math.abs(run.hashCode() % 1_000_000) * 10L);
        List<RawMessage> stored = new ArrayList<>();
        List<String> customers = new ArrayList<>();
        // 250 unfinished messages (stored raw, never processed: a crash right after the raw store), more than a page:
        // 50 conversations of 5, arriving one after another; stored in shuffled order so id order is not arrival order
        for (int c = 0; c < 50; c++) {
            customers.add("replay" + c + "-" + run + "@example.com");
        }
        for (int step = 0; step < 5; step++) {
            for (int c = 0; c < 50; c++) {
                String id = "<p" + c + "." + step + "." + run + "@client.example>";
                String parent = step == 0 ? null : "<p" + c + "." + (step - 1) + "." + run + "@client.example>";
                String mail = message(customers.get(c), (step == 0 ? "" : "Re: ") + "Case " + c + " " + run, id, parent,
                        "", "Step " + step);
                stored.add(new RawMessage(mail.getBytes(StandardCharsets.UTF_8), "imap", "replay-" + run, 1L,
                        (long) stored.size() + 1, base.plusSeconds(stored.size())));
            }
        }
        RawMessage poison = new RawMessage(message("poison-" + run + "@example.com", "Poison " + run,
                "<poison." + run + "@x>", null, "", "boom").getBytes(StandardCharsets.UTF_8), "imap", "replay-" + run,
                1L, 9999L, base.plusSeconds(100));
        List<RawMessage> shuffled = new ArrayList<>(stored);
        shuffled.add(poison);
        Collections.shuffle(shuffled, new Random(7));
        shuffled.forEach(rawStore::save);
        faults.failFor(FaultPoint.AFTER_RAW_STORE, 1, poison.id());
        List<Long> progress = new ArrayList<>();

        IntakeSummary summary = replayer.replay(new Replayer.Selection(false, base, base.plusSeconds(3600)),
                progress::add);

        assertThat(summary.total()).isEqualTo(251);
        assertThat(summary.created()).as("each conversation opened by its first mail").isEqualTo(50);
        assertThat(summary.appended()).isEqualTo(200);
        assertThat(summary.quarantined()).as("the failing message, without stopping the others").isEqualTo(1);
        assertThat(progress).hasSize(251).isSorted().endsWith(251L);
        for (int i = 0; i < stored.size(); i++) {
            assertThat(rawStore.find(stored.get(i).id()).value().outcome()).as("message " + i)
                    .isEqualTo(i < 50 ? "created" : "appended");
        }
        assertThat(ticketsOf(customers.get(17))).isEqualTo(1);
        assertThat(messagesFrom(customers.get(17))).isEqualTo(5);

        // a second replay finds nothing left but the quarantined message, which now goes through
        faults.disarm();
        IntakeSummary again = replayer.replay(new Replayer.Selection(false, base, base.plusSeconds(3600)), n -> { });
        assertThat(again.total()).isEqualTo(1);
        assertThat(again.created()).isEqualTo(1);
    }

    /**
     * A conversation whose mails all used up their attempts (the store was down for a while) is replayed whole: every
     * mail is reopened with a fresh attempt budget, also the later ones, which walk alone behind the earlier mails of
     * their conversation. Before, those skipped the reopening and were quarantined again at once, never tried.
     */
    @Test
    void replayReopensEveryMailOfAQuarantinedConversation() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Instant base = Instant.parse("2018-05-01T00:00:00Z").plusSeconds(Math.abs(run.hashCode() % 1_000_000) * 10L);
        String customer = "gaveup-" + run + "@example.com";
        List<String> ids = new ArrayList<>();
        for (int step = 0; step < 6; step++) {
            String id = "<g" + step + "." + run + "@client.example>";
            String parent = step == 0 ? null : "<g" + (step - 1) + "." + run + "@client.example>";
            String mail = message(customer, (step == 0 ? "" : "Re: ") + "Gave up " + run, id, parent, "", "Step " + step);
            RawMessage raw = new RawMessage(mail.getBytes(StandardCharsets.UTF_8), "imap", "gaveup-" + run, 1L,
                    (long) step + 1, base.plusSeconds(step));
            var record = rawStore.save(raw);
            RawRecord gaveUp = record.value();
            for (int attempt = 0; attempt < 4; attempt++) {
                gaveUp = gaveUp.attemptStarted();
            }
            assertThat(rawStore.replace(record, gaveUp.quarantined("gave up after 3 attempts; store unavailable")))
                    .isNotNull();
            ids.add(raw.id());
        }

        IntakeSummary summary = replayer.replay(new Replayer.Selection(true, base, base.plusSeconds(3600)), n -> { });

        assertThat(summary.total()).isEqualTo(6);
        assertThat(summary.quarantined()).isZero();
        assertThat(summary.created()).isEqualTo(1);
        assertThat(summary.appended()).isEqualTo(5);
        for (int i = 0; i < ids.size(); i++) {
            assertThat(rawStore.find(ids.get(i)).value().outcome()).as("message " + i)
                    .isEqualTo(i == 0 ? "created" : "appended");
        }
        assertThat(ticketsOf(customer)).isEqualTo(1);
        assertThat(messagesFrom(customer)).isEqualTo(6);
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
