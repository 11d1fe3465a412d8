package io.ticketflow.source.mastodon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ticketflow.source.ChannelsTestBase;
import io.ticketflow.source.FakeMastodon;
import io.ticketflow.testing.Await;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Mastodon end to end against a local instance: mentions polled since the last id become tickets, answers are statuses
 * in reply to the customer's status with the customer's visibility (direct stays direct, public becomes unlisted),
 * the instance's rate limit is waited out, and bots and the support account itself are never answered.
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
