package io.ticketflow.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ticketflow.TicketflowApplication;
import io.ticketflow.testing.Await;
import io.ticketflow.testing.ElasticsearchNode;
import io.ticketflow.testing.TestMailServer;
import io.ticketflow.testing.TestTokens;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the security tests: a full Ticketflow (one context shared by the subclasses) with production security
 * settings except small rate limits, a fast tokens-file check and an identity provider: a {@link FakeIdentityProvider}
 * serving OpenID discovery and a JWK set from this JVM. Requests go through a plain HTTP client, so nothing adds
 * credentials behind the test's back.
 */
@CamelSpringBootTest
@SpringBootTest(classes = TicketflowApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "ticketflow.embedded.enabled=false", "ticketflow.intake.polling-enabled=false",
                "ticketflow.followups.enabled=false", "ticketflow.followups.lock-dir=target/cluster-lock-security",
                "ticketflow.security.reload-check=100ms",
                "ticketflow.security.rate-limit.per-token.requests=15",
                "ticketflow.security.rate-limit.per-address.requests=300",
                "ticketflow.security.jwt.roles-claim=realm_access.roles",
                "ticketflow.security.jwt.role-mapping.support-agents=agent" })
abstract class SecuredApiTest {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void parts(DynamicPropertyRegistry registry) {
        registry.add("ticketflow.elasticsearch.url", ElasticsearchNode::url);
        registry.add("ticketflow.elasticsearch.index-prefix", () -> "sec");
        registry.add("ticketflow.smtp.host", () -> "127.0.0.1");
        registry.add("ticketflow.smtp.port", TestMailServer::smtpPort);
        registry.add("ticketflow.security.tokens-file", TestTokens::file);
        registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", () -> FakeIdentityProvider.get().issuer());
    }

    /** An answer: status, headers and the body as JSON (null when it is not JSON). */
    record Answer(int status, HttpResponse<String> response) {
        JsonNode json() {
            try {
                return JSON.readTree(response.body());
            }
            catch (IOException e) {
                throw new AssertionError("not JSON: " + response.body(), e);
            }
        }

        String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }

        @Override
        public String toString() {
            return status + " " + response.body();
        }
    }

    Answer call(String method, String path, String bearer) {
        return call(method, path, bearer, null, null);
    }

    Answer call(String method, String path, String bearer, String contentType, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response);
        }
        catch (IOException | InterruptedException e) {
            throw new AssertionError(method + " " + path + " failed: " + e, e);
        }
    }

    Answer json(String method, String path, String bearer, String json) {
        return call(method, path, bearer, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    /** Posts a new customer mail as an intake caller and answers the new ticket's number. */
    String newTicket(String subject) {
        String intake = token(Role.INTAKE);
        String customer = "sec-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        String mail = "From: " + customer + "\r\nTo: support@ticketflow.local\r\nSubject: " + subject
                + "\r\nMessage-ID: <" + UUID.randomUUID() + "@c.example>\r\n\r\nPlease help.\r\n";
        Answer created = call("POST", "/api/messages", intake, "message/rfc822", mail.getBytes(StandardCharsets.UTF_8));
        if (created.status() != 201) {
            throw new AssertionError("posting a mail answered " + created);
        }
        return created.json().path("ticket").asText();
    }

    @Autowired
    ApiTokens tokens;

    /** A new token in the tests' tokens file, once the service has read it. */
    String token(Role role) {
        String token = TestTokens.create(role.label(), role, null);
        awaitAccepted(token);
        return token;
    }

    void awaitAccepted(String token) {
        await("the service to read the new token", () -> tokens.authenticate(token).isPresent() ? true : null);
    }

    static <T> T await(String what, Supplier<T> supplier) {
        return Await.until(what, Duration.ofSeconds(20), supplier);
    }
}
