package io.ticketflow.thread;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ticketflow.store.OutboxStore;
import io.ticketflow.store.TicketStore;
import io.ticketflow.testing.RealPartsTest;
import io.ticketflow.vocabulary.SenderAuthentication;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * A reply whose From fails DMARC by our own server's Authentication-Results (authserv-id {@code mx.ticketflow.test} in
 * the test settings) is held for review instead of appended, and a new ticket from such a sender is not acknowledged;
 * results the sender wrote below our border change nothing.
 */
class SenderTrustTest extends RealPartsTest {

    private static final String BORDER = "from mail.sender.example by mx.ticketflow.test; Fri, 27 Nov 2026 10:00:00 +0000";

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String domain = "acme-" + run + ".example";
    private final String alice = "alice-" + run + "@" + domain;

    @Autowired
    private TicketStore tickets;

    @Autowired
    private OutboxStore outbox;

    @Test
    void aTaggedReplyWhoseFromFailsDmarcIsHeldWithTheEvidence() throws Exception {
        String number = open(TestMail.from(alice).subject("Invoice " + run));
        JsonNode r = post(TestMail.from(alice).subject("Re: [TF#" + number + "] Invoice " + run)
                .header("Authentication-Results", "mx.ticketflow.test; spf=fail smtp.mailfrom=" + domain
                        + "; dmarc=fail (p=reject) header.from=" + domain)
                .header("Received", BORDER).body("Please send the refund to my new account"));
        assertThat(r.path("outcome").asText()).as(r.toString()).isEqualTo("quarantined");
        assertThat(r.path("reason").asText()).contains("held for review").contains("names ticket " + number)
                .contains("fails DMARC").contains("mx.ticketflow.test: spf=fail dkim=none dmarc=fail");
        assertThat(tickets.find(number).value().messageCount()).isEqualTo(1);
    }

    @Test
    void aPassingOrUncheckedReplyIsAppendedAsBefore() throws Exception {
        String number = open(TestMail.from(alice).subject("Laptop " + run));
        JsonNode pass = post(TestMail.from(alice).subject("Re: [TF#" + number + "]")
                .header("Authentication-Results", "mx.ticketflow.test; dmarc=pass header.from=" + domain)
                .header("Received", BORDER));
        assertThat(pass.path("outcome").asText()).as(pass.toString()).isEqualTo("appended");
        // a fail the sender wrote below our border is not ours: nothing known, today's behaviour
        JsonNode forged = post(TestMail.from(alice).subject("Re: [TF#" + number + "]").header("Received", BORDER)
                .header("Authentication-Results", "mx.ticketflow.test; dmarc=fail header.from=" + domain));
        assertThat(forged.path("outcome").asText()).as(forged.toString()).isEqualTo("appended");
    }

    @Test
    void aForgedPassBelowOurFailDoesNotGetTheReplyIn() throws Exception {
        String number = open(TestMail.from(alice).subject("Access " + run));
        JsonNode r = post(TestMail.from(alice).subject("Re: [TF#" + number + "]")
                .header("Authentication-Results", "mx.ticketflow.test; dmarc=fail header.from=" + domain)
                .header("Received", BORDER)
                .header("Authentication-Results", "mx.ticketflow.test; dmarc=pass header.from=" + domain));
        assertThat(r.path("outcome").asText()).as(r.toString()).isEqualTo("quarantined");
    }

    @Test
    void aNewTicketFromASenderFailingDmarcIsNotAcknowledged() throws Exception {
        JsonNode r = post(TestMail.from(alice).subject("Urgent " + run)
                .header("Authentication-Results", "mx.ticketflow.test; dmarc=fail header.from=" + domain)
                .header("Received", BORDER));
        assertThat(r.path("outcome").asText()).as(r.toString()).isEqualTo("created");
        assertThat(r.path("reason").asText()).contains("no acknowledgement: sender fails DMARC");
        String number = r.path("ticket").asText();
        assertThat(tickets.find(number).value().tags()).contains(SenderAuthentication.DMARC_FAIL_TAG);
        // the control: the same mail passing DMARC is acknowledged
        JsonNode ok = post(TestMail.from("bob-" + run + "@" + domain).subject("Urgent too " + run)
                .header("Authentication-Results", "mx.ticketflow.test; dmarc=pass header.from=" + domain)
                .header("Received", BORDER));
        await("acknowledgement of the passing mail", Duration.ofSeconds(10),
                () -> outbox.find(ok.path("ticket").asText() + "-acknowledgement"));
        assertThat(outbox.find(number + "-acknowledgement")).isNull();
    }

    private String open(TestMail mail) throws Exception {
        JsonNode r = post(mail);
        assertThat(r.path("outcome").asText()).as(r.toString()).isEqualTo("created");
        return r.path("ticket").asText();
    }

    private JsonNode post(TestMail mail) throws Exception {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.parseMediaType("message/rfc822"));
        ResponseEntity<String> response = http.postForEntity("/api/messages", new HttpEntity<>(mail.bytes(), headers),
                String.class);
        return JSON.readTree(response.getBody());
    }
}
