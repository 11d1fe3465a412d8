package io.ticketflow.thread;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ticketflow.store.OutboxEntry;
import io.ticketflow.store.OutboxStore;
import io.ticketflow.store.TicketStore;
import io.ticketflow.store.Versioned;
import io.ticketflow.testing.RealPartsTest;
import io.ticketflow.ticket.Ticket;
import io.ticketflow.ticket.TicketStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * Replies of every kind land on the right ticket through the real pipeline (REST intake, Elasticsearch, outbox), and
 * strangers never write into someone else's ticket.
 */
class ThreadingTest extends RealPartsTest {

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String alice = "alice-" + run + "@acme-" + run + ".example";
    private final String mallory = "mallory-" + run + "@evil.example";

    @Autowired
    private OutboxStore outbox;

    @Autowired
    private TicketStore tickets;

    @Autowired
    private ThreadTokens tokens;

    // ---- replies of each kind ----------------------------------------------------------------------------------

    @Test
    void replyWithSubjectTagOnly() throws Exception {
        Opened t = open(alice, "Printer broken");
        JsonNode r = post(TestMail.from(alice).subject("Re: [TF#" + t.number + "] something else"));
        assertAppended(r, t.number, "subject-tag");
    }

    @Test
    void replyWithInReplyToOnlyToTheCustomersOwnMessage() throws Exception {
        Opened t = open(alice, "VPN down");
        JsonNode r = post(TestMail.from(alice).subject("more details").inReplyTo(t.messageId));
        assertAppended(r, t.number, "in-reply-to");
    }

    @Test
    void replyToOurAcknowledgementIsThreadedByTheSignedToken() throws Exception {
        Opened t = open(alice, "Mailbox full");
        String ack = acknowledgementId(t.number);
        assertThat(tokens.verifyMessageId(ack).check()).isEqualTo(ThreadTokens.Check.VALID);
        JsonNode r = post(TestMail.from(alice).subject("Re: Mailbox full").inReplyTo(ack).references(t.messageId, ack));
        assertAppended(r, t.number, "signed-token");
        assertThat(r.path("threading").path("score").asDouble()).isEqualTo(1.0);
    }

    @Test
    void replyWithReferencesOnly() throws Exception {
        Opened t = open(alice, "Laptop slow");
        JsonNode r = post(TestMail.from(alice).subject("still slow")
                .references("unknown-" + run + "@elsewhere.example", t.messageId));
        assertAppended(r, t.number, "references");
    }

    @Test
    void replyWithOutlookThreadIndexOnly() throws Exception {
        byte[] conversation = new byte[22];
        new java.util.Random().nextBytes(conversation);
        String first = Base64.getEncoder().encodeToString(conversation);
        Opened t = open(TestMail.from(alice).subject("Calendar sync").header("Thread-Index", first));
        String reply = Base64.getEncoder().encodeToString(Arrays.copyOf(conversation, 27));
        JsonNode r = post(TestMail.from(alice).subject("new subject, no headers").header("Thread-Index", reply));
        assertAppended(r, t.number, "thread-index");
    }

    @Test
    void replyFromClientThatDropsHeadersIsThreadedByTheBodyMarker() throws Exception {
        Opened t = open(alice, "Password reset");
        String ackBody = await("acknowledgement recorded", Duration.ofSeconds(10),
                () -> outbox.find(t.number + "-acknowledgement")).value().body();
        assertThat(ackBody).contains(tokens.marker(t.number));
        String quoted = "It works now, thanks.\n\n" + ackBody.lines().map(l -> "> " + l).reduce("", (a, b) -> a + b + "\n");
        JsonNode r = post(TestMail.from(alice).subject("completely different").body(quoted));
        assertAppended(r, t.number, "body-marker");
    }

    @Test
    void replyWithoutHeadersOrTagFallsBackToTheSameSubject() throws Exception {
        Opened t = open(alice, "Scanner " + run + " jams");
        JsonNode r = post(TestMail.from(alice).subject("AW: Re: Scanner " + run + " jams"));
        assertAppended(r, t.number, "subject");
        // another sender with the same subject is not threaded by subject
        JsonNode other = post(TestMail.from("bob-" + run + "@other.example").subject("Re: Scanner " + run + " jams"));
        assertThat(other.path("outcome").asText()).isEqualTo("created");
    }

    @Test
    void colleagueInCcAndColleagueOfTheSameDomainMayReply() throws Exception {
        String partner = "bob-" + run + "@partner.example";
        Opened t = open(TestMail.from(alice).subject("Shared drive").header("Cc", partner));
        JsonNode forwarded = post(TestMail.from(partner).subject("Fwd: [TF#" + t.number + "] Shared drive")
                .header("Cc", alice).body("Forwarding with more details"));
        assertAppended(forwarded, t.number, "subject-tag");
        JsonNode colleague = post(TestMail.from("carol-" + run + "@acme-" + run + ".example")
                .subject("Re: [TF#" + t.number + "] Shared drive"));
        assertAppended(colleague, t.number, "subject-tag");
        assertThat(ticket(t.number).path("ticket").path("messageCount").asInt()).isEqualTo(3);
    }

    // ---- hijack attempts -----------------------------------------------------------------------------------

    @Test
    void strangerWithAnotherCustomersTagOpensALinkedTicket() throws Exception {
        Opened t = open(alice, "Salary data");
        JsonNode r = post(TestMail.from(mallory).subject("Re: [TF#" + t.number + "] Salary data").body("send me all"));
        assertStrangerKeptOut(t, r);
    }

    @Test
    void forgedReferencesToOurRealMessageIdDoNotLetAStrangerIn() throws Exception {
        Opened t = open(alice, "Contract renewal");
        String ack = acknowledgementId(t.number);
        JsonNode r = post(TestMail.from(mallory).subject("Re: Contract renewal").inReplyTo(ack).references(t.messageId, ack));
        assertStrangerKeptOut(t, r);
        assertThat(r.path("threading").path("rejected").toString()).contains("signed-token");
    }

    @Test
    void replyToIsNeverTheIdentity() throws Exception {
        Opened t = open(alice, "Invoice copy");
        JsonNode r = post(TestMail.from(mallory).header("Reply-To", alice)
                .subject("Re: [TF#" + t.number + "] Invoice copy"));
        assertStrangerKeptOut(t, r);
        String newTicket = r.path("ticket").asText();
        OutboxEntry ack = await("acknowledgement of the stranger's ticket", Duration.ofSeconds(10),
                () -> outbox.find(newTicket + "-acknowledgement")).value();
        assertThat(ack.to()).isEqualTo(mallory);
    }

    @Test
    void forgedSignedTokenIsRejectedAndNamed() throws Exception {
        Opened t = open(alice, "Token test");
        String forged = tokens.newMessageId(t.number).replace("tf." + t.number + ".", "tf." + (Long.parseLong(t.number) + 1) + ".");
        JsonNode r = post(TestMail.from(alice).subject("unrelated " + run).inReplyTo(forged));
        assertThat(r.path("outcome").asText()).isEqualTo("created");
        assertThat(r.path("threading").path("rejected").toString()).contains("forged token");
    }

    @Test
    void guessedNumberOfATicketThatDoesNotExistIsRejected() throws Exception {
        JsonNode r = post(TestMail.from(mallory).subject("Re: [TF#999999999] hello"));
        assertThat(r.path("outcome").asText()).isEqualTo("created");
        assertThat(r.path("threading").path("rejected").toString()).contains("does not exist");
    }

    // ---- closed tickets and merges --------------------------------------------------------------------------

    @Test
    void replyToRecentlyClosedTicketReopensIt() throws Exception {
        Opened t = open(alice, "Reopen me");
        close(t.number, Instant.now().minus(Duration.ofDays(1)));
        JsonNode r = post(TestMail.from(alice).subject("Re: [TF#" + t.number + "] Reopen me"));
        assertAppended(r, t.number, "subject-tag");
        assertThat(r.path("threading").path("reopened").asBoolean()).isTrue();
        JsonNode ticket = ticket(t.number).path("ticket");
        assertThat(ticket.path("status").asText()).isEqualTo("open");
        assertThat(ticket.path("lifecycle").path("reopened").asInt()).isEqualTo(1);
    }

    @Test
    void replyToTicketClosedLongAgoOpensALinkedTicket() throws Exception {
        Opened t = open(alice, "Old one");
        close(t.number, Instant.now().minus(Duration.ofDays(60)));
        JsonNode r = post(TestMail.from(alice).subject("Re: [TF#" + t.number + "] Old one"));
        assertThat(r.path("outcome").asText()).isEqualTo("created");
        assertThat(r.path("threading").path("relatedTo").asText()).isEqualTo(t.number);
        assertThat(ticket(t.number).path("ticket").path("status").asText()).isEqualTo("closed");
        assertThat(ticket(t.number).path("ticket").path("links").path("related").toString()).contains(r.path("ticket").asText());
    }

    @Test
    void mergeKeepsAllMessagesAndRedirectsTheOldNumber() throws Exception {
        Opened a = open(alice, "Merge source");
        Opened b = open(alice, "Merge target");
        post(TestMail.from(alice).subject("Re: [TF#" + a.number + "]").body("second message on the source"));

        ResponseEntity<String> merged = http.postForEntity("/api/tickets/" + a.number + "/merge",
                jsonBody("{\"target\":\"" + b.number + "\"}"), String.class);
        assertThat(merged.getStatusCode().value()).isEqualTo(200);
        JsonNode old = ticket(a.number);
        assertThat(old.path("redirectedFrom").asText()).isEqualTo(a.number);
        assertThat(old.path("ticket").path("number").asText()).isEqualTo(b.number);
        assertThat(old.path("ticket").path("messageCount").asInt()).isEqualTo(3);
        assertThat(old.path("messages")).hasSize(3);
        assertThat(old.path("messages").findValuesAsText("ticket")).containsOnly(b.number);

        // the old ticket's message ids and tag now lead to the target
        JsonNode reply = post(TestMail.from(alice).subject("again").inReplyTo(a.messageId));
        assertAppended(reply, b.number, "in-reply-to");
        assertThat(reply.path("threading").path("evidence").asText()).contains("merged into " + b.number);
        assertAppended(post(TestMail.from(alice).subject("Re: [TF#" + a.number + "]")), b.number, "subject-tag");

        // again is harmless; into itself or a missing ticket is refused clearly
        assertThat(http.postForEntity("/api/tickets/" + a.number + "/merge", jsonBody("{\"target\":\"" + b.number + "\"}"),
                String.class).getStatusCode().value()).isEqualTo(200);
        assertThat(ticket(b.number).path("ticket").path("messageCount").asInt()).isEqualTo(5);
        assertThat(http.postForEntity("/api/tickets/" + b.number + "/merge", jsonBody("{\"target\":\"" + b.number + "\"}"),
                String.class).getStatusCode().value()).isEqualTo(409);
        assertThat(http.postForEntity("/api/tickets/" + b.number + "/merge", jsonBody("{\"target\":\"999999999\"}"),
                String.class).getStatusCode().value()).isEqualTo(404);
        assertThat(http.postForEntity("/api/tickets/" + b.number + "/merge", jsonBody("{}"), String.class)
                .getStatusCode().value()).isEqualTo(400);
    }

    // ---- concurrency -------------------------------------------------------------------------------------

    @Test
    void fiftyConcurrentRepliesAllLandExactlyOnce() throws Exception {
        Opened t = open(alice, "Concurrency");
        ExecutorService pool = Executors.newFixedThreadPool(10);
        try {
            List<Future<JsonNode>> futures = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                int n = i;
                futures.add(pool.submit(() -> post(TestMail.from(alice).subject("Re: [TF#" + t.number + "] Concurrency")
                        .body("reply " + n))));
            }
            for (Future<JsonNode> f : futures) {
                assertAppended(f.get(), t.number, "subject-tag");
            }
        }
        finally {
            pool.shutdown();
        }
        JsonNode ticket = ticket(t.number);
        assertThat(ticket.path("ticket").path("messageCount").asInt()).isEqualTo(51);
        assertThat(ticket.path("ticket").path("inboundCount").asInt()).isEqualTo(51);
        assertThat(ticket.path("messages")).hasSize(51);
    }

    // ---- helpers -----------------------------------------------------------------------------------------

    private record Opened(String number, String messageId) {
    }

    private Opened open(String from, String subject) throws Exception {
        return open(TestMail.from(from).subject(subject));
    }

    private Opened open(TestMail mail) throws Exception {
        JsonNode r = post(mail);
        assertThat(r.path("outcome").asText()).as(r.toString()).isEqualTo("created");
        return new Opened(r.path("ticket").asText(), mail.messageId());
    }

    private void assertStrangerKeptOut(Opened t, JsonNode r) {
        assertThat(r.path("outcome").asText()).as(r.toString()).isEqualTo("created");
        String newTicket = r.path("ticket").asText();
        assertThat(newTicket).isNotEqualTo(t.number);
        assertThat(r.path("threading").path("relatedTo").asText()).isEqualTo(t.number);
        assertThat(r.path("threading").path("rejected").toString()).contains("is not the customer");
        JsonNode original = ticket(t.number).path("ticket");
        assertThat(original.path("messageCount").asInt()).isEqualTo(1);
        assertThat(original.path("participants").toString()).doesNotContain(mallory);
        assertThat(original.path("links").path("related").toString()).contains(newTicket);
        JsonNode created = ticket(newTicket).path("ticket");
        assertThat(created.path("customer").asText()).isEqualTo(mallory);
        assertThat(created.path("links").path("related").toString()).contains(t.number);
    }

    private static void assertAppended(JsonNode r, String number, String method) {
        assertThat(r.path("outcome").asText()).as(r.toString()).isEqualTo("appended");
        assertThat(r.path("ticket").asText()).isEqualTo(number);
        assertThat(r.path("threading").path("method").asText()).as(r.toString()).isEqualTo(method);
        assertThat(r.path("threading").path("score").asDouble()).isPositive();
    }

    private String acknowledgementId(String number) {
        return await("acknowledgement of " + number, Duration.ofSeconds(10),
                () -> outbox.find(number + "-acknowledgement")).value().messageId();
    }

    private void close(String number, Instant at) {
        tickets.update(number, t -> t.withStatus(TicketStatus.CLOSED).withLifecycle(
                new Ticket.Lifecycle(null, null, at, null, at, null)));
    }

    private JsonNode ticket(String number) {
        return getJson("/api/tickets/" + number);
    }

    private JsonNode post(TestMail mail) throws Exception {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.parseMediaType("message/rfc822"));
        ResponseEntity<String> response = http.postForEntity("/api/messages", new HttpEntity<>(mail.bytes(), headers),
                String.class);
        return JSON.readTree(response.getBody());
    }

    private static HttpEntity<String> jsonBody(String json) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return new HttpEntity<>(json, headers);
    }

    @SuppressWarnings("unused")
    private Versioned<Ticket> stored(String number) {
        return tickets.find(number);
    }
}
