package io.ticketflow.source.mastodon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ticketflow.parse.extract.TestPdf;
import io.ticketflow.source.ChannelsTestBase;
import io.ticketflow.source.FakeMastodon;
import io.ticketflow.testing.Await;
import io.ticketflow.testing.ElasticsearchNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Mastodon end to end against a local instance: mentions polled since the last id become tickets, answers are statuses
 * in reply to the customer's status with the customer's visibility (direct stays direct, public becomes unlisted),
 * the instance's rate limit is waited out, bots and the support account itself are never answered, and media is
 * downloaded (the token only to the instance itself) and extracted, or listed with the reason it could not be.
 */
class MastodonChannelTest extends ChannelsTestBase {

    private static final AtomicLong ACCOUNTS = new AtomicLong(109_500_000_000_000_000L + System.nanoTime() % 1_000_000_000L);

    @Test
    void aDirectMentionBecomesATicketAndIsAnsweredDirectlyInReply() {
        String account = String.valueOf(ACCOUNTS.incrementAndGet());
        String status = MASTODON.mention(account, "mia@social.example", "Mia", "<p><span class=\"h-card\">"
                + "<a href=\"https://x\">@<span>support</span></a></span> my backup job fails &amp; stops</p>", "direct",
                false);
        JsonNode ticket = ticketOf("mastodon:" + account, 1);
        assertThat(ticket.path("channel").asText()).isEqualTo("mastodon");
        assertThat(ticket.path("subject").asText()).isEqualTo("@support my backup job fails & stops");
        assertThat(ticket.path("customerName").asText()).isEqualTo("Mia (@mia@social.example)");
        JsonNode answer = Await.until("the answer", Duration.ofSeconds(30), () -> postedTo(status).stream().findFirst()
                .orElse(null));
        assertThat(answer.path("visibility").asText()).isEqualTo("direct");
        assertThat(answer.path("status").asText()).startsWith("@mia@social.example ")
                .contains("#" + ticket.path("number").asText());
    }

    @Test
    void aPublicMentionIsAnsweredUnlistedAndTheNextMentionAppends() {
        String account = String.valueOf(ACCOUNTS.incrementAndGet());
        String first = MASTODON.mention(account, "noa", "Noa", "<p>@support is the API down?</p>", "public", false);
        JsonNode ticket = ticketOf("mastodon:" + account, 1);
        JsonNode answer = Await.until("the answer", Duration.ofSeconds(30), () -> postedTo(first).stream().findFirst()
                .orElse(null));
        assertThat(answer.path("visibility").asText()).isEqualTo("unlisted");
        MASTODON.mention(account, "noa", "Noa", "<p>@support it answers 503 since 9:00</p>", "public", false);
        assertThat(ticketOf("mastodon:" + account, 2).path("number").asText()).isEqualTo(ticket.path("number").asText());
    }

    @Test
    void anExhaustedRateLimitIsWaitedOutUntilItsReset() {
        Instant reset = Instant.now().plusSeconds(3);
        MASTODON.exhaustUntil(reset);
        String account = String.valueOf(ACCOUNTS.incrementAndGet());
        Instant asked = Instant.now();
        MASTODON.mention(account, "ola", "Ola", "<p>@support invoice question</p>", "direct", false);
        ticketOf("mastodon:" + account, 1);
        List<Instant> during = MASTODON.notificationRequests().stream()
                .filter(t -> t.isAfter(asked.plusMillis(500)) && t.isBefore(reset.minusMillis(200))).toList();
        assertThat(during).as("no polls while the limit is used up").isEmpty();
    }

    @Test
    void botsAndTheSupportAccountItselfAreNeverAnswered() {
        String bot = String.valueOf(ACCOUNTS.incrementAndGet());
        String botStatus = MASTODON.mention(bot, "alerts", "Alerts", "<p>@support disk at 91%</p>", "public", true);
        String own = MASTODON.mention(FakeMastodon.OWN_ID, "support", "Support", "<p>@support note to self</p>",
                "direct", false);
        Await.until("both polled", Duration.ofSeconds(30), () -> pollerSeen(own) ? true : null);
        pause(Duration.ofSeconds(2));
        assertThat(postedTo(botStatus)).isEmpty();
        assertThat(postedTo(own)).isEmpty();
        assertThat(search("mastodon:" + bot)).isEmpty();
    }

    @Test
    void anImageAndAPdfBecomeAttachmentsAndThePdfTextIsSearchable() throws Exception {
        String account = String.valueOf(ACCOUNTS.incrementAndGet());
        String word = "quux" + account;
        String imagePath = "/system/media_attachments/files/" + account + "/original/screen.jpg";
        String pdfPath = "/cache/media_attachments/" + account + "/original/invoice.pdf";
        byte[] jpeg = { (byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0, 1, 2, 3 };
        MASTODON.mention(account, "uma@other.example", "Uma", "<p>@support see attached</p>", "direct", false, List.of(
                FakeMastodon.attachment("m1" + account, "image", MASTODON.mediaUrl(imagePath, "image/jpeg", jpeg),
                        "Dialog: quota exceeded"),
                FakeMastodon.attachment("m2" + account, "unknown", MASTODON.foreignMediaUrl(pdfPath, "application/pdf",
                        TestPdf.of("Invoice " + word + " was charged twice")), null)));
        // the first PDF starts the extraction workers: on a loaded machine that takes longer than a text mention
        String number = Await.until("the ticket with the media", Duration.ofSeconds(120), () -> {
            List<JsonNode> found = search("mastodon:" + account);
            return found.size() == 1 ? found.get(0) : null;
        }).path("number").asText();
        JsonNode message = getJson("/api/tickets/" + number).path("messages").get(0);
        assertThat(message.path("text").asText()).isEqualTo("@support see attached");
        assertThat(message.path("attachments")).hasSize(2);
        JsonNode image = message.path("attachments").get(0);
        assertThat(image.path("name").asText()).isEqualTo("screen.jpg");
        assertThat(image.path("contentType").asText()).isEqualTo("image/jpeg");
        assertThat(image.path("size").asLong()).isEqualTo(jpeg.length);
        assertThat(image.path("text").asText()).as("the alt text").startsWith("Dialog: quota exceeded");
        JsonNode pdf = message.path("attachments").get(1);
        assertThat(pdf.path("name").asText()).isEqualTo("invoice.pdf");
        assertThat(pdf.path("contentType").asText()).isEqualTo("application/pdf");
        assertThat(pdf.path("extraction").asText()).isEqualTo("extracted");
        assertThat(pdf.path("text").asText()).contains(word + " was charged twice");
        // the token went to the instance, never to the other host
        assertThat(MASTODON.mediaAuthorizations(imagePath)).containsExactly("Bearer " + MASTODON_TOKEN);
        assertThat(MASTODON.mediaAuthorizations(pdfPath)).containsExactly("");
        // searchable like a mail attachment's text: in the messages index (near real time: its next refresh)
        JsonNode hits = Await.until("the pdf's text found in the messages index", Duration.ofSeconds(10), () -> {
            HttpResponse<String> found;
            try {
                found = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(ElasticsearchNode.url() + "/chan-messages/_search"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"query\":{\"match\":{\"attachments.text\":\""
                                + word + "\"}}}")).build(), HttpResponse.BodyHandlers.ofString());
                JsonNode h = JSON.readTree(found.body()).path("hits").path("hits");
                return h.size() > 0 ? h : null;
            }
            catch (java.io.IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(hits).hasSize(1);
        assertThat(hits.get(0).path("_source").path("ticket").asText()).isEqualTo(number);
    }

    @Test
    void mediaThatCannotBeDownloadedIsListedWithTheReasonAndTheMentionIsKeptOnce() {
        String account = String.valueOf(ACCOUNTS.incrementAndGet());
        String gonePath = "/system/media_attachments/files/" + account + "/original/gone.png";
        String bigPath = "/system/media_attachments/files/" + account + "/original/clip.mp4";
        MASTODON.mention(account, "vic", "Vic", "<p>@support the app crashes on start</p>", "public", false, List.of(
                FakeMastodon.attachment("g" + account, "image", MASTODON.url() + gonePath, "crash screen"),
                FakeMastodon.attachment("b" + account, "video", MASTODON.mediaUrl(bigPath, "video/mp4",
                        new byte[MAX_FILE_BYTES + 1]), null)));
        String number = ticketOf("mastodon:" + account, 1).path("number").asText();
        JsonNode message = getJson("/api/tickets/" + number).path("messages").get(0);
        assertThat(message.path("text").asText()).isEqualTo("@support the app crashes on start");
        JsonNode gone = message.path("attachments").get(0);
        assertThat(gone.path("name").asText()).isEqualTo("gone.png");
        assertThat(gone.path("extraction").asText()).startsWith("failed:").contains("HTTP 404");
        assertThat(gone.path("text").asText()).isEqualTo("crash screen");
        JsonNode big = message.path("attachments").get(1);
        assertThat(big.path("extraction").asText()).startsWith("failed:").contains("larger than " + MAX_FILE_BYTES);
        assertThat(message.path("warnings").toString()).contains("gone.png could not be downloaded")
                .contains("clip.mp4 could not be downloaded");
        // the poll went on: the mention is neither stored again nor its media asked for again
        pause(Duration.ofSeconds(2));
        assertThat(getJson("/api/tickets/" + number).path("ticket").path("messageCount").asInt()).isEqualTo(1);
        assertThat(MASTODON.mediaAuthorizations(gonePath)).hasSize(1);
        assertThat(MASTODON.mediaAuthorizations(bigPath)).hasSize(1);
    }

    @org.springframework.beans.factory.annotation.Autowired
    MastodonPoller poller;

    private boolean pollerSeen(String statusId) {
        Long last = poller.lastId();
        return last != null && last >= Long.parseLong(statusId);
    }

    private static List<JsonNode> postedTo(String statusId) {
        return MASTODON.posted().stream().filter(p -> statusId.equals(p.path("in_reply_to_id").asText())).toList();
    }
}
