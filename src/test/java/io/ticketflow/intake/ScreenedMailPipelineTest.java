package io.ticketflow.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ticketflow.store.AddressStore;
import io.ticketflow.store.MessageStore;
import io.ticketflow.testing.RealPartsTest;
import io.ticketflow.ticket.TicketMessage;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/**
 * Machine mail through the real pipeline: out-of-office replies and bounces land on their ticket without changing it
 * and without any reply, a bounce makes the address undeliverable, and screened mail without a ticket stays visible.
 */
class ScreenedMailPipelineTest extends RealPartsTest {

    private final String customer = "screen-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";

    @Autowired
    private MessageStore messages;

    @Autowired
    private AddressStore addresses;

    @Autowired
    private io.ticketflow.store.OutboxStore outbox;

    @Test
    void outOfOfficeReplyIsAttachedToItsTicketWithoutStateChangeOrReply() throws Exception {
        String original = UUID.randomUUID() + "@c.example";
        JsonNode created = post("From: " + customer + "\r\nTo: support@ticketflow.local\r\nSubject: VPN down\r\n"
                + "Message-ID: <" + original + ">\r\n\r\nThe VPN is down.\r\n");
        String number = created.path("ticket").asText();
        JsonNode before = getJson("/api/tickets/" + number);

        JsonNode oof = post("From: " + customer + "\r\nTo: support@ticketflow.local\r\nSubject: Automatic reply: VPN down\r\n"
                + "Message-ID: <" + UUID.randomUUID() + "@c.example>\r\nIn-Reply-To: <" + original + ">\r\n"
                + "Auto-Submitted: auto-replied\r\nX-Auto-Response-Suppress: All\r\n\r\nI am out of the office.\r\n");

        assertThat(oof.path("outcome").asText()).isEqualTo("screened");
        assertThat(oof.path("ticket").asText()).isEqualTo(number);
        assertThat(oof.path("reason").asText()).contains("Auto-Submitted").contains("attached to ticket " + number);
        JsonNode after = getJson("/api/tickets/" + number);
        assertThat(after.path("ticket").path("messageCount").asInt()).isEqualTo(2);
        assertThat(after.path("ticket").path("status").asText()).isEqualTo(before.path("ticket").path("status").asText());
        assertThat(after.path("ticket").path("lastMessageAt")).isEqualTo(before.path("ticket").path("lastMessageAt"));
        assertThat(after.path("messages").get(1).path("screening").path("kind").asText()).isEqualTo("auto-reply");
        // the only outgoing mail is the acknowledgement of the customer's mail: the out-of-office reply was not answered
        Thread.sleep(500);
        JsonNode outgoing = getJson("/api/tickets/" + number).path("outgoing");
        assertThat(outgoing.size()).isLessThanOrEqualTo(1);
        outgoing.forEach(o -> assertThat(o.path("purpose").asText()).isEqualTo("acknowledgement"));
    }

    @Test
    void bounceIsAttachedToTheTicketOfTheBouncedMailAndMakesTheAddressUndeliverable() throws Exception {
        String original = UUID.randomUUID() + "@c.example";
        JsonNode created = post("From: " + customer + "\r\nTo: support@ticketflow.local\r\nSubject: Invoice question\r\n"
                + "Message-ID: <" + original + ">\r\n\r\nWhere is my invoice?\r\n");
        String number = created.path("ticket").asText();
        // a bounce counts only for mail we sent: it quotes our acknowledgement (ForgedBounceTest for the rest)
        String acknowledgement = await("acknowledgement recorded", java.time.Duration.ofSeconds(10),
                () -> outbox.find(number + "-acknowledgement")).value().messageId();

        JsonNode bounce = post("""
                From: Mail Delivery System <MAILER-DAEMON@mx.example.com>
                To: support@ticketflow.local
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

                --r
                Content-Type: text/rfc822-headers

                From: support@ticketflow.local
                To: %s
                Message-ID: <%s>
                --r--
                """.formatted(UUID.randomUUID(), customer, customer, acknowledgement).replace("\n", "\r\n"));

        assertThat(bounce.path("outcome").asText()).isEqualTo("screened");
        assertThat(bounce.path("ticket").asText()).isEqualTo(number);
        assertThat(bounce.path("reason").asText()).contains("undeliverable: " + customer);
        assertThat(addresses.find(customer).isUndeliverable()).isTrue();
        JsonNode ticket = getJson("/api/tickets/" + number);
        assertThat(ticket.path("messages").get(1).path("deliveryReport").path("recipients").get(0).path("status").asText())
                .isEqualTo("5.1.1");

        JsonNode next = post("From: " + customer + "\r\nTo: support@ticketflow.local\r\nSubject: Another question\r\n"
                + "Message-ID: <" + UUID.randomUUID() + "@c.example>\r\n\r\nAnd my delivery?\r\n");
        assertThat(next.path("outcome").asText()).isEqualTo("created");
        assertThat(next.path("reason").asText()).contains("no acknowledgement: address is undeliverable");
    }

    @Test
    void screenedMailWithoutTicketStaysVisibleWithItsVerdict() throws Exception {
        JsonNode list = post("From: " + customer + "\r\nTo: support@ticketflow.local\r\nSubject: Weekly digest\r\n"
                + "Message-ID: <" + UUID.randomUUID() + "@lists.example>\r\nList-Id: <digest.lists.example>\r\n\r\nNews.\r\n");

        assertThat(list.path("outcome").asText()).isEqualTo("screened");
        assertThat(list.has("ticket")).isFalse();
        List<TicketMessage> stored = messages.findAll(List.of(list.path("rawId").asText()));
        assertThat(stored).singleElement().satisfies(m -> {
            assertThat(m.ticket()).isNull();
            assertThat(m.screening().kind()).isEqualTo("list");
            assertThat(m.screening().reason()).contains("List-Id");
        });
    }

    private JsonNode post(String mail) throws Exception {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.parseMediaType("message/rfc822"));
        String body = http.postForEntity("/api/messages",
                new HttpEntity<>(mail.getBytes(StandardCharsets.UTF_8), headers), String.class).getBody();
        return JSON.readTree(body);
    }
}
