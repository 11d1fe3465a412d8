package io.ticketflow.source.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ticketflow.embedded.LocalBotApi;
import io.ticketflow.intake.FaultPoints.FaultPoint;
import io.ticketflow.source.ChannelsTestBase;
import io.ticketflow.testing.Await;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * Telegram end to end against a local Bot API: updates polled, stored, made tickets and acknowledged with
 * sendMessage; redeliveries, out-of-order batches, 429, the API down, media, edits, a crash between storing and
 * confirming, agent replies and bot senders. Each test uses chats of its own.
 */
class TelegramChannelTest extends ChannelsTestBase {

    private static final AtomicLong UPDATES = TELEGRAM_UPDATES;
    private static final AtomicLong CHATS = new AtomicLong(System.nanoTime() % 1_000_000_000L);

    @Autowired
    TelegramPoller poller;

    @Test
    void aChatMessageBecomesATicketAndIsAcknowledgedInTheChat() {
        long chat = CHATS.incrementAndGet();
        long update = UPDATES.incrementAndGet();
        BOT.push(LocalBotApi.textUpdate(update, chat, 1, "Dana", "My order 4711 never arrived"));

        JsonNode ticket = ticketOf(chat, 1);
        assertThat(ticket.path("channel").asText()).isEqualTo("telegram");
        assertThat(ticket.path("customer").asText()).isEqualTo("telegram:" + chat);
        assertThat(ticket.path("customerName").asText()).isEqualTo("Dana");
        assertThat(ticket.path("subject").asText()).isEqualTo("My order 4711 never arrived");
        JsonNode ack = Await.until("the acknowledgement", Duration.ofSeconds(30), () -> sentTo(chat).size() == 1
                ? sentTo(chat).get(0) : null);
        assertThat(ack.path("text").asText()).contains("#" + ticket.path("number").asText()).contains("Dana")
                .doesNotContain("TF#");
        assertThat(ack.path("reply_parameters").path("message_id").asLong()).isEqualTo(1);
        Await.until("the update confirmed", Duration.ofSeconds(10),
                () -> poller.offset() != null && poller.offset() > update ? true : null);
        JsonNode view = getJson("/api/tickets/" + ticket.path("number").asText());
        assertThat(view.path("messages").get(0).path("channel").asText()).isEqualTo("telegram");
        assertThat(view.path("messages").get(0).path("from").asText()).isEqualTo("telegram:" + chat);
        String number = ticket.path("number").asText();
        Await.until("the acknowledgement recorded as sent", Duration.ofSeconds(30), () -> "sent".equals(
                getJson("/api/tickets/" + number).path("outgoing").path(0).path("state").asText()) ? true : null);
        assertThat(getJson("/actuator/health").path("components").path("channels").path("components")
                .path("telegram").path("details").path("lastSuccessfulPoll").asText()).isNotEqualTo("never");
    }

    @Test
    void aRedeliveredUpdateAddsNothingAndTheNextMessageAppends() {
        long chat = CHATS.incrementAndGet();
        BOT.push(LocalBotApi.textUpdate(UPDATES.incrementAndGet(), chat, 1, "Eli", "Printer shows error E5"));
        JsonNode ticket = ticketOf(chat, 1);
        BOT.redeliverConfirmedOnce();
        BOT.push(LocalBotApi.textUpdate(UPDATES.incrementAndGet(), chat, 2, "Eli", "It is the HP 4000 in room 2"));
        JsonNode after = ticketOf(chat, 2);
        assertThat(after.path("number").asText()).isEqualTo(ticket.path("number").asText());
        pause(Duration.ofSeconds(1));
        assertThat(ticketOf(chat, 2).path("messageCount").asInt()).as("the redelivery added nothing").isEqualTo(2);
        assertThat(sentTo(chat)).as("one acknowledgement for the one ticket").hasSize(1);
    }

    @Test
    void updatesOutOfOrderInOneBatchAreProcessedInUpdateOrder() {
        long chat = CHATS.incrementAndGet();
        long first = UPDATES.addAndGet(2) - 1;
        BOT.push(LocalBotApi.textUpdate(first + 1, chat, 6, "Fay", "second: it also beeps"));
        BOT.push(LocalBotApi.textUpdate(first, chat, 5, "Fay", "first: the scanner is broken"));
        JsonNode ticket = ticketOf(chat, 2);
        assertThat(ticket.path("subject").asText()).isEqualTo("first: the scanner is broken");
        JsonNode messages = getJson("/api/tickets/" + ticket.path("number").asText()).path("messages");
        assertThat(messages.get(0).path("text").asText()).isEqualTo("first: the scanner is broken");
        assertThat(messages.get(1).path("text").asText()).isEqualTo("second: it also beeps");
    }

    @Test
    void a429IsWaitedOutForItsRetryAfterAndNothingIsLost() {
        long chat = CHATS.incrementAndGet();
        await(() -> BOT.pendingCount() == 0);
        BOT.failNext(1, 429, 2);
        Instant limited = Instant.now();
        BOT.push(LocalBotApi.textUpdate(UPDATES.incrementAndGet(), chat, 1, "Gus", "Password reset mail missing"));
        ticketOf(chat, 1);
        List<LocalBotApi.Poll> polls = BOT.polls().stream().filter(p -> p.at().isAfter(limited)).toList();
        assertThat(Duration.between(limited, polls.get(0).at())).as("no getUpdates within the retry_after")
                .isGreaterThanOrEqualTo(Duration.ofMillis(1900));
    }

    @Test
    void theApiDownForAWhileLosesNothingAndDoesNotConfirm() {
        long chat = CHATS.incrementAndGet();
        long update = UPDATES.incrementAndGet();
        BOT.down(true);
        try {
            BOT.push(LocalBotApi.textUpdate(update, chat, 1, "Hal", "VPN drops every hour"));
            Await.until("the failure in the health", Duration.ofSeconds(10), () -> getJson("/actuator/health/channels/telegram")
                    .path("status").asText().equals("DOWN") ? true : null);
            pause(Duration.ofSeconds(3));
            assertThat(poller.offset() == null || poller.offset() <= update).as("not confirmed while down").isTrue();
        }
        finally {
            BOT.down(false);
        }
        ticketOf(chat, 1);
        Await.until("the channel healthy again", Duration.ofSeconds(20), () -> getJson("/actuator/health/channels/telegram")
                .path("status").asText().equals("UP") ? true : null);
    }

    @Test
    void aPhotoAndADocumentAreDownloadedAndTheDocumentsTextExtracted() {
        long chat = CHATS.incrementAndGet();
        BOT.addFile("photos/file_p" + chat + ".jpg", new byte[] { (byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0, 1, 2 });
        BOT.addFile("documents/file_d" + chat + ".txt",
                "2026-12-06 ERROR disk /var is full\n".getBytes(StandardCharsets.UTF_8));
        ObjectNode photo = LocalBotApi.textUpdate(UPDATES.incrementAndGet(), chat, 3, "Ida", "unused");
        ObjectNode message = (ObjectNode) photo.get("message");
        message.remove("text");
        message.put("caption", "Screen after the update");
        message.putArray("photo").addObject().put("file_id", "p" + chat).put("width", 90).put("height", 90)
                .put("file_size", 6);
        BOT.push(photo);
        ObjectNode doc = LocalBotApi.textUpdate(UPDATES.incrementAndGet(), chat, 4, "Ida", "unused");
        ((ObjectNode) doc.get("message")).remove("text");
        ((ObjectNode) doc.get("message")).putObject("document").put("file_id", "d" + chat).put("file_name", "server.log")
                .put("mime_type", "text/plain").put("file_size", 36);
        BOT.push(doc);
        JsonNode ticket = ticketOf(chat, 2);
        assertThat(ticket.path("subject").asText()).isEqualTo("Screen after the update");
        JsonNode messages = getJson("/api/tickets/" + ticket.path("number").asText()).path("messages");
        JsonNode image = messages.get(0).path("attachments").get(0);
        assertThat(image.path("contentType").asText()).isEqualTo("image/jpeg");
        assertThat(image.path("size").asLong()).isEqualTo(6);
        JsonNode log = messages.get(1).path("attachments").get(0);
        assertThat(log.path("name").asText()).isEqualTo("server.log");
        assertThat(log.path("text").asText()).contains("disk /var is full");
        assertThat(log.path("extraction").asText()).isEqualTo("extracted");
    }

    @Test
    void anEditedMessageChangesTheStoredMessageInsteadOfAddingOne() {
        long chat = CHATS.incrementAndGet();
        BOT.push(LocalBotApi.textUpdate(UPDATES.incrementAndGet(), chat, 8, "Jo", "Invoice 12 is wrong"));
        JsonNode ticket = ticketOf(chat, 1);
        ObjectNode edit = LocalBotApi.textUpdate(UPDATES.incrementAndGet(), chat, 8, "Jo", "Invoice 13 is wrong");
        ObjectNode edited = (ObjectNode) edit.remove("message");
        edited.put("edit_date", Instant.now().getEpochSecond() + 5);
        edit.set("edited_message", edited);
        BOT.push(edit);
        String number = ticket.path("number").asText();
        JsonNode message = Await.until("the edit applied", Duration.ofSeconds(30), () -> {
            JsonNode m = getJson("/api/tickets/" + number).path("messages").get(0);
            return m.path("text").asText().equals("Invoice 13 is wrong") ? m : null;
        });
        assertThat(message.path("warnings").toString()).contains("Invoice 12 is wrong");
        assertThat(getJson("/api/tickets/" + number).path("ticket").path("messageCount").asInt()).isEqualTo(1);
    }

    @Test
    void aCrashBetweenStoringAndConfirmingLosesNothingAndDuplicatesNothing() {
        long chat = CHATS.incrementAndGet();
        await(() -> BOT.pendingCount() == 0);
        faults.arm(FaultPoint.AFTER_RAW_STORE, 1);
        BOT.push(LocalBotApi.textUpdate(UPDATES.incrementAndGet(), chat, 1, "Kai", "Cannot export the report"));
        JsonNode ticket = ticketOf(chat, 1);
        pause(Duration.ofSeconds(1));
        assertThat(ticketOf(chat, 1).path("messageCount").asInt()).isEqualTo(1);
        Await.until("the acknowledgement", Duration.ofSeconds(30), () -> sentTo(chat).size() == 1 ? true : null);
        assertThat(search("telegram:" + chat)).hasSize(1);
        assertThat(ticket.path("channel").asText()).isEqualTo("telegram");
    }

    @Test
    void anAgentsReplyGoesOutOnTheChat() {
        long chat = CHATS.incrementAndGet();
        BOT.push(LocalBotApi.textUpdate(UPDATES.incrementAndGet(), chat, 21, "Lou", "How do I add a user?"));
        String number = ticketOf(chat, 1).path("number").asText();
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        ResponseEntity<String> reply = http.postForEntity("/api/tickets/" + number + "/replies",
                new HttpEntity<>("{\"text\":\"Open Settings, then Users.\",\"agent\":\"Kim\"}", headers), String.class);
        assertThat(reply.getStatusCode().value()).isEqualTo(201);
        JsonNode sent = Await.until("the reply in the chat", Duration.ofSeconds(30), () -> sentTo(chat).stream()
                .filter(s -> s.path("text").asText().contains("Open Settings")).findFirst().orElse(null));
        assertThat(sent.path("text").asText()).contains("Kim").contains("#" + number);
        assertThat(sent.path("reply_parameters").path("message_id").asLong()).isEqualTo(21);
        JsonNode messages = getJson("/api/tickets/" + number).path("messages");
        assertThat(messages.get(1).path("direction").asText()).isEqualTo("outbound");
        assertThat(messages.get(1).path("channel").asText()).isEqualTo("telegram");
    }

    @Test
    void aSolvedTicketReopensAndOneClosedLongerAgoGivesTheChatANewLinkedTicket() {
        long chat = CHATS.incrementAndGet();
        BOT.push(LocalBotApi.textUpdate(UPDATES.incrementAndGet(), chat, 1, "Max", "Wifi in the office is slow"));
        String first = ticketOf(chat, 1).path("number").asText();
        assertThat(patchStatus(first, "solved")).isEqualTo(200);
        BOT.push(LocalBotApi.textUpdate(UPDATES.incrementAndGet(), chat, 2, "Max", "It is slow again"));
        JsonNode reopened = ticketOf(chat, 2);
        assertThat(reopened.path("number").asText()).isEqualTo(first);
        assertThat(reopened.path("status").asText()).isEqualTo("open");

        assertThat(patchStatus(first, "closed")).isEqualTo(200);
        pause(Duration.ofSeconds(4)); // longer ago than the test's reopen-within of 3 s
        BOT.push(LocalBotApi.textUpdate(UPDATES.incrementAndGet(), chat, 3, "Max", "New problem: printer offline"));
        JsonNode second = Await.until("the new ticket", Duration.ofSeconds(30), () -> search("telegram:" + chat).stream()
                .filter(t -> !t.path("number").asText().equals(first)).findFirst().orElse(null));
        assertThat(second.path("links").path("related").toString()).contains(first);
        BOT.push(LocalBotApi.textUpdate(UPDATES.incrementAndGet(), chat, 4, "Max", "It is the one on floor 2"));
        String number = second.path("number").asText();
        Await.until("the chat's next message on the new ticket", Duration.ofSeconds(30), () -> getJson("/api/tickets/"
                + number).path("ticket").path("messageCount").asInt() == 2 ? true : null);
        assertThat(getJson("/api/tickets/" + first).path("ticket").path("messageCount").asInt()).isEqualTo(2);
    }

    private int patchStatus(String number, String status) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return http.exchange("/api/tickets/" + number, org.springframework.http.HttpMethod.PATCH,
                new HttpEntity<>("{\"status\":\"" + status + "\"}", headers), String.class).getStatusCode().value();
    }

    @Test
    void aBotsMessageIsKeptButNeverAnswered() {
        long chat = CHATS.incrementAndGet();
        ObjectNode update = LocalBotApi.textUpdate(UPDATES.incrementAndGet(), chat, 1, "Notifier", "Build 812 passed");
        ((ObjectNode) update.get("message").get("from")).put("is_bot", true);
        BOT.push(update);
        Await.until("the update confirmed", Duration.ofSeconds(30), () -> BOT.pendingCount() == 0 ? true : null);
        pause(Duration.ofSeconds(1));
        assertThat(sentTo(chat)).isEmpty();
        assertThat(search("telegram:" + chat)).isEmpty();
    }

    private JsonNode ticketOf(long chat, int messages) {
        return ticketOf("telegram:" + chat, messages);
    }

    private static List<JsonNode> sentTo(long chat) {
        return BOT.sent().stream().filter(s -> s.path("chat_id").asText().equals(String.valueOf(chat))).toList();
    }

    private static void await(java.util.function.BooleanSupplier condition) {
        Await.until("condition", Duration.ofSeconds(30), () -> condition.getAsBoolean() ? true : null);
    }

}
