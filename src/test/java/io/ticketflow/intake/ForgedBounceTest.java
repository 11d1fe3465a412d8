package io.ticketflow.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ticketflow.store.AddressStore;
import io.ticketflow.store.OutboxEntry;
import io.ticketflow.store.OutboxStore;
import io.ticketflow.testing.RealPartsTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/**
 * Only a bounce that proves our mail failed marks an address undeliverable: one sent to the signed VERP address of
 * that mail and recipient, or one quoting the Message-ID of a mail we sent to that recipient. Forged bounces (the
 * customer's own Message-ID, our address signed for someone else, our Message-ID of a mail to someone else, a made-up
 * signature) mark nothing, so nobody can silence another customer's mail.
 */
class ForgedBounceTest extends RealPartsTest {

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String alice = "alice-" + run + "@bounce-" + run + ".example";
    private final String bob = "bob-" + run + "@bounce-" + run + ".example";

    @Autowired
    private AddressStore addresses;

    @Autowired
    private OutboxStore outbox;

    @Test
    void aBounceToTheSignedAddressMarksItsRecipient() throws Exception {
        OutboxEntry ack = acknowledgementTo(alice);
        assertThat(ack.envelopeFrom()).startsWith("bounces+" + ack.id() + "-");
        JsonNode r = post(dsn(ack.envelopeFrom(), alice, null));
        assertThat(r.path("reason").asText()).as(r.toString())
                .contains("undeliverable: " + alice + " (signed bounce address of " + ack.id() + ")");
        assertThat(addresses.find(alice).isUndeliverable()).isTrue();
    }

    @Test
    void aBounceQuotingOurMessageIdToThatRecipientMarksIt() throws Exception {
        OutboxEntry ack = acknowledgementTo(alice);
        JsonNode r = post(dsn("support@ticketflow.local", alice, ack.messageId()));
        assertThat(r.path("reason").asText()).as(r.toString()).contains("reports our Message-ID");
        assertThat(addresses.find(alice).isUndeliverable()).isTrue();
    }

    @Test
    void aBounceQuotingTheCustomersOwnMessageIdMarksNothing() throws Exception {
        String customerId = UUID.randomUUID() + "@client.example";
        post(("From: " + alice + "\r\nTo: support@ticketflow.local\r\nSubject: Order " + run + "\r\nMessage-ID: <"
                + customerId + ">\r\n\r\nWhere is my order?\r\n"));
        JsonNode r = post(dsn("support@ticketflow.local", alice, customerId));
        assertThat(r.path("outcome").asText()).isEqualTo("screened");
        assertThat(r.path("reason").asText()).as(r.toString()).contains("not marked undeliverable").contains(alice);
        assertThat(addresses.find(alice)).isNull();
    }

    @Test
    void ourSignedAddressOrMessageIdOfMailToSomeoneElseMarksNothing() throws Exception {
        OutboxEntry ack = acknowledgementTo(alice);
        post(dsn(ack.envelopeFrom(), bob, null));
        post(dsn("support@ticketflow.local", bob, ack.messageId()));
        assertThat(addresses.find(bob)).isNull();
    }

    @Test
    void aMadeUpSignatureMarksNothing() throws Exception {
        OutboxEntry ack = acknowledgementTo(alice);
        String forged = ack.envelopeFrom().replaceAll("-[0-9a-f]{16}@", "-0123456789abcdef@");
        JsonNode r = post(dsn(forged, alice, null));
        assertThat(r.path("reason").asText()).contains("not marked undeliverable");
        assertThat(addresses.find(alice)).isNull();
    }

    private OutboxEntry acknowledgementTo(String customer) throws Exception {
        JsonNode created = post("From: " + customer + "\r\nTo: support@ticketflow.local\r\nSubject: Question " + run
                + "\r\nMessage-ID: <" + UUID.randomUUID() + "@client.example>\r\n\r\nHello?\r\n");
        assertThat(created.path("outcome").asText()).as(created.toString()).isEqualTo("created");
        String number = created.path("ticket").asText();
        return await("acknowledgement recorded", Duration.ofSeconds(10),
                () -> outbox.find(number + "-acknowledgement")).value();
    }

    /** A DSN for {@code recipient} sent to {@code to}, with the returned headers quoting {@code messageId} if given. */
    private static String dsn(String to, String recipient, String messageId) {
        String returned = messageId == null ? "" : """
                --r
                Content-Type: text/rfc822-headers

                From: support@ticketflow.local
                To: %s
                Message-ID: <%s>
                """.formatted(recipient, messageId);
        return """
                From: Mail Delivery System <MAILER-DAEMON@mx.example.com>
                To: %s
                Subject: Undelivered Mail Returned to Sender
                Message-ID: <%s@mx.example.com>
                MIME-Version: 1.0
                Content-Type: multipart/report; report-type=delivery-status; boundary=r

                --r
                Content-Type: text/plain

                Your message could not be delivered.
                --r
                Content-Type: message/delivery-status

                Reporting-MTA: dns; mx.example.com

                Final-Recipient: rfc822; %s
                Action: failed
                Status: 5.1.1
                Diagnostic-Code: smtp; 550 5.1.1 User unknown

                %s--r--
                """.formatted(to, UUID.randomUUID(), recipient, returned).replace("\n", "\r\n");
    }

    private JsonNode post(String mail) throws Exception {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.parseMediaType("message/rfc822"));
        String body = http.postForEntity("/api/messages",
                new HttpEntity<>(mail.getBytes(StandardCharsets.UTF_8), headers), String.class).getBody();
        return JSON.readTree(body);
    }
}
