package io.ticketflow.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ticketflow.TicketflowApplication;
import io.ticketflow.embedded.LocalBotApi;
import io.ticketflow.intake.ScriptedFaults;
import io.ticketflow.testing.Await;
import io.ticketflow.testing.ElasticsearchNode;
import io.ticketflow.testing.TestMailServer;
import io.ticketflow.testing.TestTokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the chat channel tests: one full Ticketflow (one Spring context shared by the subclasses) on the real
 * Elasticsearch node, with every channel configured against local fakes of its API: a {@link LocalBotApi} for
 * Telegram, a {@link FakeCloudApi} for WhatsApp and a {@link FakeMastodon}. Secrets come through the environment variables the settings name
 * (given here as properties of that name). Tests keep apart by using chats of their own.
 */
@CamelSpringBootTest
@SpringBootTest(classes = TicketflowApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "ticketflow.embedded.enabled=false", "ticketflow.outbox.retry-delay-ms=500",
                "ticketflow.followups.enabled=false", "ticketflow.intake.drop-folder=target/drop-channels",
                "ticketflow.threading.reopen-within=3s",
                "ticketflow.channels.telegram.token-env=TF_TEST_TELEGRAM_TOKEN",
                "ticketflow.channels.telegram.poll-delay=100ms", "ticketflow.channels.telegram.long-poll=0s",
                "TF_TEST_TELEGRAM_TOKEN=" + ChannelsTestBase.TELEGRAM_TOKEN,
                "ticketflow.channels.whatsapp.phone-number-id=" + ChannelsTestBase.PHONE_NUMBER_ID,
                "ticketflow.channels.whatsapp.access-token-env=TF_TEST_WA_TOKEN",
                "ticketflow.channels.whatsapp.app-secret-env=TF_TEST_WA_SECRET",
                "ticketflow.channels.whatsapp.verify-token-env=TF_TEST_WA_VERIFY",
                "TF_TEST_WA_TOKEN=" + ChannelsTestBase.WA_TOKEN, "TF_TEST_WA_SECRET=" + ChannelsTestBase.WA_SECRET,
                "TF_TEST_WA_VERIFY=" + ChannelsTestBase.WA_VERIFY,
                "ticketflow.channels.mastodon.access-token-env=TF_TEST_MASTODON_TOKEN",
                "ticketflow.channels.mastodon.poll-delay=200ms",
                "ticketflow.channels.mastodon.max-file-bytes=" + ChannelsTestBase.MAX_FILE_BYTES,
                // tests poll the API quickly; the limits themselves are tested in the security package
                "ticketflow.security.rate-limit.per-token.requests=1000000",
                "ticketflow.security.rate-limit.per-address.requests=1000000",
                "TF_TEST_MASTODON_TOKEN=" + ChannelsTestBase.MASTODON_TOKEN })
@Import(ChannelsTestBase.Faults.class)
public abstract class ChannelsTestBase {

    protected static final ObjectMapper JSON = new ObjectMapper();
    public static final String TELEGRAM_TOKEN = "123456:test-token";
    public static final String PHONE_NUMBER_ID = "106540352242922";
    public static final String WA_TOKEN = "wa-test-access-token";
    public static final String WA_SECRET = "wa-test-app-secret";
    public static final String WA_VERIFY = "wa-test-verify-token";
    public static final String MASTODON_TOKEN = "mastodon-test-token";
    public static final int MAX_FILE_BYTES = 100_000;
    protected static final LocalBotApi BOT = startBot();
    /**
     * Update ids for the one Bot API of the JVM, shared by every test class that pushes updates: the poller confirms
     * an offset, and Telegram (like the fake) never returns an update below it, so each class counting from its own
     * clock-based start could fall below another's and wait for nothing.
     */
    protected static final java.util.concurrent.atomic.AtomicLong TELEGRAM_UPDATES =
            new java.util.concurrent.atomic.AtomicLong(System.currentTimeMillis() % 1_000_000 * 1000);
    protected static final FakeMastodon MASTODON = new FakeMastodon(MASTODON_TOKEN);
    protected static final FakeCloudApi WHATSAPP = new FakeCloudApi(WA_TOKEN);

    @TestConfiguration
    static class Faults {
        @Bean
        @Primary
        ScriptedFaults scriptedFaults() {
            return new ScriptedFaults();
        }
    }

    @Autowired
    protected TestRestTemplate http;

    @Autowired
    protected ScriptedFaults faults;

    private static LocalBotApi startBot() {
        try {
            return new LocalBotApi(TELEGRAM_TOKEN);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void parts(DynamicPropertyRegistry registry) {
        registry.add("ticketflow.elasticsearch.url", ElasticsearchNode::url);
        registry.add("ticketflow.elasticsearch.index-prefix", () -> "chan");
        registry.add("ticketflow.smtp.host", () -> "127.0.0.1");
        registry.add("ticketflow.smtp.port", TestMailServer::smtpPort);
        registry.add("ticketflow.channels.telegram.api-url", BOT::url);
        registry.add("ticketflow.channels.whatsapp.api-url", WHATSAPP::url);
        registry.add("ticketflow.channels.mastodon.api-url", MASTODON::url);
        registry.add("ticketflow.security.tokens-file", TestTokens::file);
    }

    /** The tests call the API as an admin (the token is in the test JVM's tokens file). */
    @org.junit.jupiter.api.BeforeEach
    void authorizeApi() {
        TestTokens.authorize(http);
    }

    /** The one ticket of a customer once it has at least this many messages. */
    protected JsonNode ticketOf(String customer, int messages) {
        return Await.until("ticket of " + customer + " with " + messages + " message(s)", Duration.ofSeconds(30), () -> {
            List<JsonNode> found = search(customer);
            return found.size() == 1 && found.get(0).path("messageCount").asInt() >= messages ? found.get(0) : null;
        });
    }

    protected List<JsonNode> search(String customer) {
        JsonNode page = getJson("/api/tickets?q=" + customer.replace(":", "%3A").replace("+", "%2B"));
        List<JsonNode> out = new ArrayList<>();
        page.path("tickets").forEach(out::add);
        return out;
    }

    protected JsonNode getJson(String path) {
        ResponseEntity<String> response = http.getForEntity(URI.create(http.getRootUri() + path), String.class);
        try {
            return JSON.readTree(response.getBody());
        }
        catch (IOException e) {
            throw new AssertionError(path + ": " + response.getBody(), e);
        }
    }

    protected static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
