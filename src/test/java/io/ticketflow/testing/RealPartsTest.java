package io.ticketflow.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ticketflow.TicketflowApplication;
import java.time.Duration;
import java.util.function.Supplier;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the tests that run a full Ticketflow with real parts: the shared Elasticsearch node, the shared GreenMail
 * server, the Camel context and the web server on a random port. All subclasses share one Spring context (same
 * settings), so the mailbox is polled by one route only; tests keep apart by using their own addresses and subjects.
 */
@CamelSpringBootTest
// metrics export as in production (Spring's tests switch it off): the Prometheus endpoint is part of what we ship
@AutoConfigureObservability(tracing = false)
@SpringBootTest(classes = TicketflowApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "ticketflow.embedded.enabled=false", "ticketflow.outbox.retry-delay-ms=500",
        "ticketflow.intake.drop-folder=target/drop-test", "ticketflow.followups.enabled=false",
        "ticketflow.followups.lock-dir=target/cluster-lock",
        // tests poll the API quickly; the limits themselves are tested in security.ApiSecurityTest
        "ticketflow.security.rate-limit.per-token.requests=1000000",
        "ticketflow.security.rate-limit.per-address.requests=1000000",
        // mail carrying Authentication-Results of this id below one Received header is trusted (SenderTrustTest)
        "ticketflow.security.mail.authserv-id=mx.ticketflow.test",
        // AlertIncidentTest: a short flapping window, and the Alertmanager secret (a property here, an env var in use)
        "ticketflow.monitoring.flapping-window=PT4S", "ticketflow.alertmanager.secret-env=TF_TEST_ALERTMANAGER_SECRET",
        "TF_TEST_ALERTMANAGER_SECRET=alertmanager-test-secret",
        // AgentMailTest writes this file while it runs and removes it after each test (no agents for the others)
        "ticketflow.agents.file=target/test-config/agents.yml" })
public abstract class RealPartsTest {

    protected static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    protected TestRestTemplate http;

    @DynamicPropertySource
    static void realParts(DynamicPropertyRegistry registry) {
        registry.add("ticketflow.elasticsearch.url", ElasticsearchNode::url);
        registry.add("ticketflow.elasticsearch.index-prefix", () -> "it");
        registry.add("ticketflow.smtp.host", () -> "127.0.0.1");
        registry.add("ticketflow.smtp.port", TestMailServer::smtpPort);
        registry.add("ticketflow.intake.mailboxes[0].name", () -> "support");
        registry.add("ticketflow.intake.mailboxes[0].protocol", () -> "imap");
        registry.add("ticketflow.intake.mailboxes[0].host", () -> "127.0.0.1");
        registry.add("ticketflow.intake.mailboxes[0].port", TestMailServer::imapPort);
        registry.add("ticketflow.intake.mailboxes[0].username", () -> TestMailServer.SUPPORT);
        registry.add("ticketflow.intake.mailboxes[0].password", () -> TestMailServer.SUPPORT_PASSWORD);
        registry.add("ticketflow.intake.mailboxes[0].poll-delay-ms", () -> 300);
        registry.add("ticketflow.security.tokens-file", TestTokens::file);
    }

    /** The tests call the API as an admin (the token is in the test JVM's tokens file). */
    @BeforeEach
    void authorizeApi() {
        TestTokens.authorize(http);
    }

    protected JsonNode getJson(String path) {
        // as a URI, so an already-encoded query (%40 for @) is not encoded a second time (%2540)
        ResponseEntity<String> response = http.getForEntity(java.net.URI.create(http.getRootUri() + path), String.class);
        try {
            return JSON.readTree(response.getBody());
        }
        catch (Exception e) {
            throw new AssertionError("GET " + path + " answered " + response.getStatusCode() + ": " + response.getBody(), e);
        }
    }

    /** Polls until the supplier returns non-null, or fails after the timeout with the description. */
    protected static <T> T await(String what, Duration timeout, Supplier<T> supplier) {
        return Await.until(what, timeout, supplier);
    }
}
