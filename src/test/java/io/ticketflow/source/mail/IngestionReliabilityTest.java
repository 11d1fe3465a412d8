package io.ticketflow.source.mail;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.core.search.Hit;
import io.ticketflow.intake.FaultPoints.FaultPoint;
import io.ticketflow.intake.IntakeProperties;
import io.ticketflow.intake.ScriptedFaults;
import io.ticketflow.store.MailboxCheckpoints;
import io.ticketflow.store.MailboxCheckpoints.Checkpoint;
import io.ticketflow.testing.TestMailServer;
import jakarta.mail.Flags;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The mailbox side of "never lose a message", with real GreenMail and a real Elasticsearch: every test reads a mailbox
 * of its own with a poller it drives itself.
 */
class IngestionReliabilityTest extends IngestionTest {

    @Autowired
    private MailboxCheckpoints checkpoints;

    @ParameterizedTest
    @EnumSource(FaultPoint.class)
    void crashAtAnyFaultPointLosesNothingDuplicatesNothingAndAcknowledgesOnce(FaultPoint point) throws Exception {
        Account account = account();
        List<String> customers = List.of(customer(), customer(), customer());
        customers.forEach(c -> account.deliver(mail(c, "Crash test " + point, "Please help, " + c)));

        faults.arm(point, 1);
        MailboxPoller beforeCrash = pollers.create(account.mailbox());
        try {
            beforeCrash.poll();
        }
        catch (ScriptedFaults.SimulatedCrash expected) {
            // the process "died" here
        }
        finally {
            beforeCrash.close();
        }
        assertThat(faults.fired()).as("the crash at " + point + " happened").isTrue();
        faults.disarm();

        MailboxPoller afterRestart = pollers.create(account.mailbox());
        assertThat(afterRestart.poll()).isTrue();
        afterRestart.close();

        for (String c : customers) {
            assertThat(messagesFrom(c)).as("ticket messages from " + c).isEqualTo(1);
            assertThat(ticketsOf(c)).as("tickets of " + c).isEqualTo(1);
        }
        assertThat(account.flags("INBOX")).hasSize(3).allMatch(f -> f.contains(Flags.Flag.SEEN));
        assertThat(afterRestart.status().acknowledgedCount()).as("acknowledgements on the server").isEqualTo(3);
        for (String c : customers) {
            await("one acknowledgement mail to " + c, Duration.ofSeconds(20), () -> mailsTo(c) == 1 ? true : null);
        }
        Thread.sleep(700);
        for (String c : customers) {
            assertThat(mailsTo(c)).as("acknowledgement mails to " + c).isEqualTo(1);
        }
    }

    @Test
    void poisonMessageFirstThenTenValidOnesAllEndInTheSamePoll() throws Exception {
        Account account = account();
        MimeMessage poison = mail(customer(), "no sender", "this mail has no From");
        poison.removeHeader("From");
        poison.saveChanges();
        account.deliver(poison);
        List<String> customers = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String c = customer();
            customers.add(c);
            account.deliver(mail(c, "Valid " + i, "Valid mail " + i));
        }

        MailboxPoller poller = pollers.create(account.mailbox());
        assertThat(poller.poll()).isTrue();
        poller.close();

        for (String c : customers) {
            assertThat(messagesFrom(c)).isEqualTo(1);
        }
        assertThat(poller.status().quarantined()).isEqualTo(1);
        assertThat(poller.status().processed()).isEqualTo(11);
        // the poison cannot be parsed, which the same bytes always cause: quarantined at its first attempt (no
        // retries that could only end the same way) and acknowledged like the others
        var quarantined = quarantinedRawOf(account);
        assertThat(quarantined).hasSize(1);
        assertThat(quarantined.get(0).source().get("attempts")).isEqualTo(1);
        assertThat((String) quarantined.get(0).source().get("reason")).containsIgnoringCase("from");
        assertThat(account.flags("INBOX")).hasSize(11).allMatch(f -> f.contains(Flags.Flag.SEEN));
    }

    @Test
    void aMailWhoseDocumentElasticsearchRefusesIsQuarantinedWithTheReasonAndTheNextMailGoesOn() throws Exception {
        Account account = account();
        String refused = customer();
        String valid = customer();
        account.deliver(withImmenseAttachmentName(refused));
        account.deliver(mail(valid, "After the refused one", "This one must go through"));

        MailboxPoller poller = pollers.create(account.mailbox());
        assertThat(poller.poll()).isTrue();
        poller.close();

        // not "store unavailable": the mail is not kept on the server to be offered again forever
        assertThat(poller.status().healthy()).isTrue();
        assertThat(poller.status().quarantined()).isEqualTo(1);
        assertThat(messagesFrom(valid)).isEqualTo(1);
        assertThat(messagesFrom(refused)).isZero();
        assertThat(account.flags("INBOX")).hasSize(2).allMatch(f -> f.contains(Flags.Flag.SEEN));
        var quarantined = quarantinedRawOf(account);
        assertThat(quarantined).hasSize(1);
        // a refused document is refused every time: quarantined at its first attempt, no retries
        assertThat(quarantined.get(0).source().get("attempts")).isEqualTo(1);
        assertThat((String) quarantined.get(0).source().get("reason"))
                .contains("Elasticsearch refused", "in index ingest-messages-v", "attachments.name", "immense term")
                .hasSizeLessThanOrEqualTo(1000);
    }

    @Test
    void theApiAnswersARefusedDocumentWith422AndTheReasonNever503() throws Exception {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        withImmenseAttachmentName(customer()).writeTo(bytes);
        var headers = new org.springframework.http.HttpHeaders();
        headers.setContentType(org.springframework.http.MediaType.parseMediaType("message/rfc822"));

        var answer = api.postForEntity("/api/messages", new org.springframework.http.HttpEntity<>(bytes.toByteArray(),
                headers), com.fasterxml.jackson.databind.JsonNode.class);

        assertThat(answer.getStatusCode().value()).isEqualTo(422);
        assertThat(answer.getBody().path("outcome").asText()).isEqualToIgnoringCase("quarantined");
        assertThat(answer.getBody().path("reason").asText()).contains("Elasticsearch refused", "immense term");
    }

    /**
     * A mail whose attachment name is over Lucene's 32766-byte limit for one keyword term. The shipped mapping leaves
     * such a name out of the keyword index (store/KeywordLimits), so a mail like this becomes a ticket
     * (MailToTicketEndToEndTest); to see what happens to a document Elasticsearch does refuse, the tests that send
     * it first lift that limit on their index, as a mapping made by hand or an older release would have it.
     */
    private MimeMessage withImmenseAttachmentName(String from) throws Exception {
        byte[] unlimited = "{\"properties\":{\"attachments\":{\"properties\":{\"name\":{\"type\":\"keyword\",\"ignore_above\":2147483647}}}}}"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        es.indices().putMapping(p -> p.index("ingest-messages").withJson(new java.io.ByteArrayInputStream(unlimited)));
        MimeMessage m = mail(from, "Attachment with an immense name", "See the attached file");
        var text = new jakarta.mail.internet.MimeBodyPart();
        text.setText("See the attached file", "UTF-8");
        var file = new jakarta.mail.internet.MimeBodyPart();
        file.setContent("file content", "text/plain");
        file.setFileName("a".repeat(40_000) + ".txt");
        m.setContent(new jakarta.mail.internet.MimeMultipart(text, file));
        m.saveChanges();
        return m;
    }

    @Test
    void mailReadInWebmailBeforeThePollIsStillImported() throws Exception {
        Account account = account();
        String c = customer();
        account.deliver(mail(c, "Read by a colleague", "Someone opened this in webmail first"));
        account.readInWebmail();

        MailboxPoller poller = pollers.create(account.mailbox());
        assertThat(poller.poll()).isTrue();
        poller.close();

        assertThat(messagesFrom(c)).isEqualTo(1);
    }

    @Test
    void fetchingDoesNotSetSeenWhenTheMailboxIsNotAcknowledged() throws Exception {
        Account account = account();
        String c = customer();
        account.deliver(mail(c, "Peek", "fetched with BODY.PEEK"));

        MailboxPoller poller = pollers.create(account.mailbox().withAfterSuccess("none", null));
        assertThat(poller.poll()).isTrue();
        poller.close();

        assertThat(messagesFrom(c)).isEqualTo(1);
        assertThat(account.flags("INBOX")).singleElement().matches(f -> !f.contains(Flags.Flag.SEEN));
        // the checkpoint, not a flag, remembers it: the next poll does not process it again
        MailboxPoller again = pollers.create(account.mailbox().withAfterSuccess("none", null));
        assertThat(again.poll()).isTrue();
        again.close();
        assertThat(again.status().processed()).isEqualTo(1);
    }

    @Test
    void elasticsearchDownKeepsMailOnTheServerUntilItReturns() throws Exception {
        Account account = account();
        List<String> customers = List.of(customer(), customer());
        customers.forEach(c -> account.deliver(mail(c, "During the outage", "ES is down")));

        elasticsearch().cut();
        MailboxPoller poller = pollers.create(account.mailbox());
        assertThat(poller.poll()).isFalse();
        assertThat(poller.status().lastError()).containsIgnoringCase("unavailable");
        assertThat(account.flags("INBOX")).hasSize(2).noneMatch(f -> f.contains(Flags.Flag.SEEN));

        elasticsearch().restore();
        assertThat(poller.poll()).isTrue();
        poller.close();
        for (String c : customers) {
            assertThat(messagesFrom(c)).isEqualTo(1);
        }
        assertThat(account.flags("INBOX")).hasSize(2).allMatch(f -> f.contains(Flags.Flag.SEEN));
        assertThat(poller.status().healthy()).isTrue();
    }

    @Test
    void elasticsearchGoingDownInTheMiddleOfAMessageAcknowledgesNothing() throws Exception {
        Account account = account();
        String c = customer();
        account.deliver(mail(c, "Cut after raw store", "the store goes away mid-message"));
        faults.whenReached(FaultPoint.AFTER_RAW_STORE, () -> elasticsearch().cut());

        MailboxPoller poller = pollers.create(account.mailbox());
        assertThat(poller.poll()).isFalse();
        assertThat(account.flags("INBOX")).singleElement().matches(f -> !f.contains(Flags.Flag.SEEN));

        elasticsearch().restore();
        assertThat(poller.poll()).isTrue();
        poller.close();
        assertThat(messagesFrom(c)).isEqualTo(1);
        assertThat(account.flags("INBOX")).singleElement().matches(f -> f.contains(Flags.Flag.SEEN));
    }

    @Test
    void sameMessageToTwoSupportMailboxesIsOneTicket() throws Exception {
        Account support = account();
        Account sales = account();
        String c = customer();
        MimeMessage original = mail(c, "To both of you", "Sent to support and sales at once");
        original.setHeader("Message-ID", "<" + UUID.randomUUID() + "@client.example>");
        MimeMessage toSupport = new MimeMessage(original);
        toSupport.addHeader("Delivered-To", support.address());
        MimeMessage toSales = new MimeMessage(original);
        toSales.addHeader("Delivered-To", sales.address());
        support.deliver(toSupport);
        sales.deliver(toSales);

        MailboxPoller first = pollers.create(support.mailbox());
        MailboxPoller second = pollers.create(sales.mailbox());
        assertThat(first.poll()).isTrue();
        assertThat(second.poll()).isTrue();
        first.close();
        second.close();

        assertThat(ticketsOf(c)).isEqualTo(1);
        assertThat(messagesFrom(c)).isEqualTo(1);
        assertThat(second.status().details().get("duplicates")).isEqualTo(1L);
        assertThat(sales.flags("INBOX")).singleElement().matches(f -> f.contains(Flags.Flag.SEEN));
    }

    @Test
    void uidValidityChangeRereadsTheFolderWithoutDuplicates() throws Exception {
        Account account = account();
        List<String> customers = new ArrayList<>(List.of(customer(), customer()));
        customers.forEach(c -> account.deliver(mail(c, "Before the migration", "old")));
        MailboxPoller poller = pollers.create(account.mailbox());
        assertThat(poller.poll()).isTrue();
        Checkpoint before = checkpoints.find(account.mailbox().name(), "INBOX");
        assertThat(before.lastUid()).isPositive();

        // the server was migrated: new UIDVALIDITY, UIDs start again (here: the old checkpoint no longer matches)
        checkpoints.save(Checkpoint.imap(account.mailbox().name(), "INBOX", before.uidValidity() + 1000, 999_999));
        String late = customer();
        customers.add(late);
        account.deliver(mail(late, "After the migration", "new"));
        assertThat(poller.poll()).isTrue();
        poller.close();

        for (String c : customers) {
            assertThat(messagesFrom(c)).isEqualTo(1);
        }
        assertThat(poller.status().acknowledgedCount()).isEqualTo(3);
        assertThat(checkpoints.find(account.mailbox().name(), "INBOX").uidValidity()).isEqualTo(before.uidValidity());
    }

    @Test
    void oversizedMailIsQuarantinedWithoutLoadingItAndStaysOnTheServer() throws Exception {
        Account account = account();
        String big = customer();
        String small = customer();
        account.deliver(mail(big, "Huge attachment", "x".repeat(300_000)));
        account.deliver(mail(small, "Small", "fits"));
        IntakeProperties.Mailbox limited = account.mailbox().withLimits(100_000, 100, Duration.ofSeconds(5)).withAfterSuccess("delete", null);

        MailboxPoller poller = pollers.create(limited);
        assertThat(poller.poll()).isTrue();
        poller.close();

        assertThat(messagesFrom(small)).isEqualTo(1);
        assertThat(messagesFrom(big)).isZero();
        es.indices().refresh(r -> r.index("ingest-raw"));
        var oversized = es.search(s -> s.index("ingest-raw").query(q -> q.bool(b -> b
                .filter(f -> f.term(t -> t.field("mailbox").value(limited.name())))
                .filter(f -> f.term(t -> t.field("state").value("oversized"))))), java.util.Map.class).hits().hits();
        assertThat(oversized).hasSize(1);
        assertThat((String) oversized.get(0).source().get("reason")).contains("oversized").contains("100000");
        assertThat(((Number) oversized.get(0).source().get("size")).longValue()).isEqualTo(MailboxPoller.HEAD_BYTES);
        // the small one was deleted after its ticket; the big one is kept for an admin
        assertThat(account.flags("INBOX")).hasSize(1);
    }

    @Test
    void existingMailCanBeLeftAloneWhenAMailboxIsConnected() throws Exception {
        Account account = account();
        String old = customer();
        account.deliver(mail(old, "Years ago", "history that must not become a ticket"));
        MailboxPoller poller = pollers.create(account.mailbox().withExistingMail("skip"));
        assertThat(poller.poll()).isTrue();
        String fresh = customer();
        account.deliver(mail(fresh, "Today", "new mail after connecting"));
        assertThat(poller.poll()).isTrue();
        poller.close();

        assertThat(messagesFrom(old)).isZero();
        assertThat(messagesFrom(fresh)).isEqualTo(1);
        assertThat(account.flags("INBOX").get(0).contains(Flags.Flag.SEEN)).as("history untouched").isFalse();
    }

    @Test
    void moveAcknowledgementMovesEveryMailExactlyOnce() throws Exception {
        Account account = account();
        List<String> customers = List.of(customer(), customer(), customer());
        customers.forEach(c -> account.deliver(mail(c, "Move me", "to Processed")));

        MailboxPoller poller = pollers.create(account.mailbox().withAfterSuccess("move", "Processed"));
        assertThat(poller.poll()).isTrue();
        assertThat(poller.poll()).isTrue();
        poller.close();

        assertThat(account.flags("INBOX")).isEmpty();
        assertThat(account.flags("Processed")).hasSize(3);
        for (String c : customers) {
            assertThat(messagesFrom(c)).isEqualTo(1);
        }
    }

    private static long mailsTo(String address) {
        return Arrays.stream(TestMailServer.get().getReceivedMessages()).filter(m -> {
            try {
                return m.getRecipients(Message.RecipientType.TO)[0].toString().contains(address);
            }
            catch (Exception e) {
                return false;
            }
        }).count();
    }

    /** The raw records of the account's mailbox that ended quarantined. */
    @SuppressWarnings("rawtypes")
    private List<Hit<Map>> quarantinedRawOf(Account account) throws IOException {
        es.indices().refresh(r -> r.index("ingest-raw"));
        return es.search(s -> s.index("ingest-raw").query(q -> q.bool(b -> b
                .filter(f -> f.term(t -> t.field("mailbox").value(account.mailbox().name())))
                .filter(f -> f.term(t -> t.field("state").value("quarantined"))))), Map.class).hits().hits();
    }
}
