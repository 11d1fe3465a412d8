package io.ticketflow.source.whatsapp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ticketflow.source.ChannelsTestBase;
import io.ticketflow.testing.Await;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * WhatsApp end to end: Meta's verify handshake, signed webhook POSTs (unsigned and forged ones refused with nothing
 * stored), redeliveries of the same wamid, answers through the local Cloud API with their delivery reports, the
 * 24-hour window and media. Each test uses a phone number of its own.
 */
class WhatsAppChannelTest extends ChannelsTestBase {

    private static final AtomicLong PHONES = new AtomicLong(4915100000000L + System.nanoTime() % 1_000_000_000L);
    private static final AtomicLong WAMIDS = new AtomicLong(System.currentTimeMillis());

    @Test
    void theVerifyHandshakeAnswersTheChallengeOnlyForTheVerifyToken() {
        ResponseEntity<String> ok = http.getForEntity("/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token="
                + WA_VERIFY + "&hub.challenge=1158201444", String.class);
        assertThat(ok.getStatusCode().value()).isEqualTo(200);
        assertThat(ok.getBody()).isEqualTo("1158201444");
        ResponseEntity<String> wrong = http.getForEntity("/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=guess"
                + "&hub.challenge=1158201444", String.class);
        assertThat(wrong.getStatusCode().value()).isEqualTo(403);
        assertThat(wrong.getBody()).doesNotContain("1158201444");
    }

    @Test
    void unsignedAndForgedPostsAreRefusedAndNothingIsStored() {
        String phone = String.valueOf(PHONES.incrementAndGet());
        byte[] body = webhook(phone, "Ana", wamid(), "please call me", Instant.now());
        assertThat(post(body, null).getStatusCode().value()).isEqualTo(401);
        assertThat(post(body, "sha256=" + "0".repeat(64)).getStatusCode().value()).isEqualTo(403);
        // signed with the right secret, but over other bytes than those sent
        byte[] other = webhook(phone, "Ana", wamid(), "something else", Instant.now());
        assertThat(post(body, WhatsAppSignature.header(other, WA_SECRET)).getStatusCode().value()).isEqualTo(403);
        assertThat(post(body, WhatsAppSignature.header(body, "not-the-app-secret")).getStatusCode().value()).isEqualTo(403);
        pause(Duration.ofSeconds(2));
        assertThat(search("whatsapp:" + phone)).isEmpty();
    }

    @Test
    void aMessageBecomesATicketIsAcknowledgedAndARedeliveryAddsNothing() {
        String phone = String.valueOf(PHONES.incrementAndGet());
        String first = wamid();
        byte[] body = webhook(phone, "Ben Ortiz", first, "My SIM card is blocked", Instant.now());
        ResponseEntity<String> stored = post(body, WhatsAppSignature.header(body, WA_SECRET));
        assertThat(stored.getStatusCode().value()).isEqualTo(200);
        JsonNode ticket = ticketOf("whatsapp:" + phone, 1);
        assertThat(ticket.path("channel").asText()).isEqualTo("whatsapp");
        assertThat(ticket.path("customerName").asText()).isEqualTo("Ben Ortiz");

        JsonNode ack = Await.until("the acknowledgement", Duration.ofSeconds(30),
                () -> sentTo(phone).size() == 1 ? sentTo(phone).get(0) : null);
        assertThat(ack.path("messaging_product").asText()).isEqualTo("whatsapp");
        assertThat(ack.path("text").path("body").asText()).contains("#" + ticket.path("number").asText());
        assertThat(ack.path("context").path("message_id").asText()).isEqualTo(first);

        // Meta delivers the same webhook again (no 200 seen in time): the same raw record, nothing added
        assertThat(post(body, WhatsAppSignature.header(body, WA_SECRET)).getStatusCode().value()).isEqualTo(200);
        byte[] second = webhook(phone, "Ben Ortiz", wamid(), "The number is 0151 2345", Instant.now());
        assertThat(post(second, WhatsAppSignature.header(second, WA_SECRET)).getStatusCode().value()).isEqualTo(200);
        JsonNode after = ticketOf("whatsapp:" + phone, 2);
        assertThat(after.path("number").asText()).isEqualTo(ticket.path("number").asText());
        pause(Duration.ofSeconds(1));
        assertThat(ticketOf("whatsapp:" + phone, 2).path("messageCount").asInt()).isEqualTo(2);
        assertThat(sentTo(phone)).hasSize(1);
    }

    @Test
    void aCrashBetweenStoringAndAnsweringLosesNothingAndDuplicatesNothing() {
        String phone = String.valueOf(PHONES.incrementAndGet());
        byte[] body = webhook(phone, "Fin", wamid(), "Where is my parcel?", Instant.now());
        faults.arm(io.ticketflow.intake.FaultPoints.FaultPoint.AFTER_RAW_STORE, 1);
        assertThat(post(body, WhatsAppSignature.header(body, WA_SECRET)).getStatusCode().value())
                .as("no 200 after the crash: Meta delivers again").isNotEqualTo(200);
        assertThat(post(body, WhatsAppSignature.header(body, WA_SECRET)).getStatusCode().value()).isEqualTo(200);
        JsonNode ticket = ticketOf("whatsapp:" + phone, 1);
        pause(Duration.ofSeconds(1));
        assertThat(ticketOf("whatsapp:" + phone, 1).path("messageCount").asInt()).isEqualTo(1);
        Await.until("one acknowledgement", Duration.ofSeconds(30), () -> sentTo(phone).size() == 1 ? true : null);
        assertThat(ticket.path("channel").asText()).isEqualTo("whatsapp");
    }

    @Test
    void deliveryReportsAreRecordedOnTheOutgoingMessageAndNeverGoBack() {
        String phone = String.valueOf(PHONES.incrementAndGet());
        byte[] body = webhook(phone, "Cem", wamid(), "Roaming does not work", Instant.now());
        post(body, WhatsAppSignature.header(body, WA_SECRET));
        String number = ticketOf("whatsapp:" + phone, 1).path("number").asText();
        JsonNode ack = Await.until("the acknowledgement", Duration.ofSeconds(30),
                () -> sentTo(phone).size() == 1 ? sentTo(phone).get(0) : null);
        String outboxId = ack.path("biz_opaque_callback_data").asText();
        assertThat(outboxId).startsWith(number + "-");
        for (String status : List.of("delivered", "read", "sent")) {
            byte[] report = statusWebhook(phone, outboxId, status);
            assertThat(post(report, WhatsAppSignature.header(report, WA_SECRET)).getStatusCode().value()).isEqualTo(200);
        }
        JsonNode outgoing = Await.until("the reports on the acknowledgement", Duration.ofSeconds(30), () -> {
            JsonNode o = getJson("/api/tickets/" + number).path("outgoing").path(0);
            return o.path("channelStatus").asText().startsWith("read ") ? o : null;
        });
        assertThat(outgoing.path("state").asText()).isEqualTo("sent");
        assertThat(outgoing.path("externalId").asText()).startsWith("wamid.OUT");
        assertThat(outgoing.path("channelStatus").asText()).startsWith("read ");
    }

    @Test
    void anAnswerOutsideThe24HourWindowIsRefusedWithTheReasonOnTheTicket() {
        String phone = String.valueOf(PHONES.incrementAndGet());
        byte[] body = webhook(phone, "Dee", wamid(), "Old question about my bill",
                Instant.now().minus(Duration.ofHours(25)));
        post(body, WhatsAppSignature.header(body, WA_SECRET));
        String number = ticketOf("whatsapp:" + phone, 1).path("number").asText();
        JsonNode outgoing = Await.until("the refusal", Duration.ofSeconds(30), () -> {
            JsonNode o = getJson("/api/tickets/" + number).path("outgoing").path(0);
            return "refused".equals(o.path("state").asText()) ? o : null;
        });
        assertThat(outgoing.path("lastError").asText()).contains("24-hour customer service window")
                .contains("approved template");
        assertThat(sentTo(phone)).isEmpty();
    }

    @Test
    void anImageIsDownloadedWithTheTokenAndItsCaptionIsTheText() {
        String phone = String.valueOf(PHONES.incrementAndGet());
        String mediaId = "media" + WAMIDS.incrementAndGet();
        WHATSAPP.addMedia(mediaId, "image/jpeg", new byte[] { (byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 9, 9 });
        ObjectNode root = (ObjectNode) tree(webhook(phone, "Eve", wamid(), "unused", Instant.now()));
        ObjectNode message = (ObjectNode) root.at("/entry/0/changes/0/value/messages/0");
        message.remove("text");
        message.put("type", "image");
        message.putObject("image").put("id", mediaId).put("mime_type", "image/jpeg").put("caption", "Broken screen");
        byte[] body = root.toString().getBytes(StandardCharsets.UTF_8);
        assertThat(post(body, WhatsAppSignature.header(body, WA_SECRET)).getStatusCode().value()).isEqualTo(200);
        String number = ticketOf("whatsapp:" + phone, 1).path("number").asText();
        JsonNode stored = getJson("/api/tickets/" + number).path("messages").get(0);
        assertThat(stored.path("text").asText()).isEqualTo("Broken screen");
        assertThat(stored.path("attachments").get(0).path("contentType").asText()).isEqualTo("image/jpeg");
        assertThat(stored.path("attachments").get(0).path("size").asLong()).isEqualTo(5);
    }

    private ResponseEntity<String> post(byte[] body, String signature) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        if (signature != null) {
            headers.set("X-Hub-Signature-256", signature);
        }
        return http.postForEntity(URI.create(http.getRootUri() + "/webhooks/whatsapp"), new HttpEntity<>(body, headers),
                String.class);
    }

    private static String wamid() {
        return "wamid.HBgNNDkxNTEyMzQ1Njc4FQIAEhgU" + WAMIDS.incrementAndGet() + "AA==";
    }

    private static List<JsonNode> sentTo(String phone) {
        return WHATSAPP.sent().stream().filter(s -> s.path("to").asText().equals(phone)).toList();
    }

    /** A webhook POST as Meta sends it for one text message. */
    static byte[] webhook(String phone, String name, String wamid, String text, Instant at) {
        ObjectNode root = JSON.createObjectNode().put("object", "whatsapp_business_account");
        ObjectNode value = change(root);
        ArrayNode contacts = value.putArray("contacts");
        contacts.addObject().put("wa_id", phone).putObject("profile").put("name", name);
        ObjectNode message = value.putArray("messages").addObject().put("from", phone).put("id", wamid)
                .put("timestamp", String.valueOf(at.getEpochSecond())).put("type", "text");
        message.putObject("text").put("body", text);
        return root.toString().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] statusWebhook(String phone, String outboxId, String status) {
        ObjectNode root = JSON.createObjectNode().put("object", "whatsapp_business_account");
        ObjectNode value = change(root);
        value.putArray("statuses").addObject().put("id", "wamid.OUTx").put("status", status)
                .put("timestamp", String.valueOf(Instant.now().getEpochSecond())).put("recipient_id", phone)
                .put("biz_opaque_callback_data", outboxId);
        return root.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static ObjectNode change(ObjectNode root) {
        ObjectNode entry = root.putArray("entry").addObject().put("id", "102290129340398");
        ObjectNode change = entry.putArray("changes").addObject().put("field", "messages");
        ObjectNode value = change.putObject("value").put("messaging_product", "whatsapp");
        value.putObject("metadata").put("display_phone_number", "15550783881").put("phone_number_id", PHONE_NUMBER_ID);
        return value;
    }

    private static JsonNode tree(byte[] json) {
        try {
            return JSON.readTree(json);
        }
        catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
