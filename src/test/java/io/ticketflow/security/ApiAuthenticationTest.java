package io.ticketflow.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ticketflow.cli.TokensCommandRunner;
import io.ticketflow.testing.TestTokens;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Who may call what: 401 without valid credentials, 403 with the wrong role, tokens that come and go at run time. */
class ApiAuthenticationTest extends SecuredApiTest {

    @Test
    void missingOrWrongCredentialsAre401AsJson() {
        String admin = token(Role.ADMIN);
        String tampered = admin.substring(0, admin.length() - 2) + (admin.endsWith("AA") ? "BB" : "AA");
        for (String bearer : new String[] { null, tampered, "tf_000000000000_" + "x".repeat(43), "not-a-jwt" }) {
            Answer a = call("GET", "/api/tickets", bearer);
            assertThat(a.status()).as("bearer %s", bearer).isEqualTo(401);
            assertThat(a.json().path("error").asText()).isEqualTo("unauthorized");
            assertThat(a.json().path("message").asText()).isNotBlank();
            assertThat(a.header("WWW-Authenticate")).startsWith("Bearer");
        }
        assertThat(call("GET", "/api/tickets", admin).status()).isEqualTo(200);
    }

    @Test
    void eachRoleDoesItsOwnJobOnly() {
        String number = newTicket("Roles check");
        String analyst = token(Role.ANALYST);
        String agent = token(Role.AGENT);
        String intake = token(Role.INTAKE);
        String admin = token(Role.ADMIN);

        assertThat(call("GET", "/api/tickets/" + number, analyst).status()).isEqualTo(200);
        Answer refused = json("PATCH", "/api/tickets/" + number, analyst, "{\"priority\":\"high\"}");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().path("error").asText()).isEqualTo("forbidden");
        assertThat(refused.json().path("message").asText()).contains("analyst");
        assertThat(call("POST", "/api/messages", analyst, "message/rfc822", "x".getBytes()).status()).isEqualTo(403);

        assertThat(json("PATCH", "/api/tickets/" + number, agent, "{\"priority\":\"high\"}").status()).isEqualTo(200);
        assertThat(json("POST", "/api/admin/replay", agent, "{\"quarantined\":true}").status()).isEqualTo(403);
        assertThat(call("POST", "/api/rules/test", agent, "message/rfc822", "x".getBytes()).status()).isEqualTo(403);
        assertThat(call("GET", "/actuator/metrics", agent).status()).isEqualTo(403);
        assertThat(call("POST", "/api/messages", agent, "message/rfc822", "x".getBytes()).status()).isEqualTo(403);

        assertThat(call("GET", "/api/tickets", intake).status()).isEqualTo(403);
        assertThat(call("GET", "/api/admin/quarantine", intake).status()).isEqualTo(403);

        assertThat(json("POST", "/api/admin/replay", admin, "{\"quarantined\":true}").status()).isEqualTo(200);
        assertThat(call("GET", "/actuator/metrics", admin).status()).isEqualTo(200);
        assertThat(call("GET", "/api/tickets/" + number, admin).json().path("ticket").path("triage").path("priority")
                .asText()).isEqualTo("high");
    }

    @Test
    void tokensCreatedAndRevokedByTheCommandApplyWithoutRestart() throws Exception {
        String name = "reload-" + System.nanoTime();
        TokensCommandRunner.Result created = TokensCommandRunner.run("create", name, "--role", "analyst", "--file",
                TestTokens.file());
        assertThat(created.exit()).as(created.err()).isZero();
        List<String> lines = created.out().lines().toList();
        String token = lines.get(lines.size() - 1);
        assertThat(token).startsWith("tf_").doesNotContain(" ");
        assertThat(Files.readString(Path.of(TestTokens.file()))).contains(name).doesNotContain(token)
                .doesNotContain(token.substring(token.lastIndexOf('_') + 1));

        await("the new token to be accepted", () -> call("GET", "/api/tickets", token).status() == 200 ? true : null);

        TokensCommandRunner.Result revoked = TokensCommandRunner.run("revoke", name, "--file", TestTokens.file());
        assertThat(revoked.exit()).as(revoked.err()).isZero();
        await("the revoked token to be refused", () -> call("GET", "/api/tickets", token).status() == 401 ? true : null);
    }

    @Test
    void aBrokenTokensFileKeepsTheTokensReadBefore() throws Exception {
        String admin = token(Role.ADMIN);
        Path file = Path.of(TestTokens.file());
        String good = Files.readString(file);
        try {
            Files.writeString(file, "tokens: [ {name: broken\n");
            Thread.sleep(500); // several checks of the file (every 100 ms here)
            assertThat(call("GET", "/api/tickets", admin).status()).isEqualTo(200);
        }
        finally {
            Files.writeString(file, good);
        }
    }

    @Test
    void expiredTokensAreRefused() throws Exception {
        String expired = TestTokens.create("expired", Role.ADMIN, Instant.now().minusSeconds(1));
        String shortLived = TestTokens.create("short", Role.ADMIN, Instant.now().plusSeconds(3));
        awaitAccepted(shortLived);
        assertThat(call("GET", "/api/tickets", expired).status()).isEqualTo(401);
        assertThat(call("GET", "/api/tickets", shortLived).status()).isEqualTo(200);
        await("the token to expire", () -> call("GET", "/api/tickets", shortLived).status() == 401 ? true : null);
    }

    @Test
    void unknownPathsAre404AndWrongMethods405AsJson() {
        String admin = token(Role.ADMIN);
        for (String path : new String[] { "/api/no-such-thing", "/actuator/env", "/nothing-here" }) {
            Answer a = call("GET", path, admin);
            assertThat(a.status()).as(path + ": " + a).isEqualTo(404);
            assertThat(a.json().path("error").asText()).isEqualTo("not_found");
        }
        Answer wrongMethod = call("DELETE", "/api/tickets", admin);
        assertThat(wrongMethod.status()).as(wrongMethod.toString()).isEqualTo(405);
        assertThat(wrongMethod.json().path("error").asText()).isEqualTo("method_not_allowed");
        // without credentials nothing is revealed, not even whether a path exists
        assertThat(call("GET", "/api/no-such-thing", null).status()).isEqualTo(401);
    }

    @Test
    void healthShowsStatusOnlyWithoutCredentialsAndActuatorNeedsAdmin() {
        JsonNode anonymous = call("GET", "/actuator/health", null).json();
        assertThat(anonymous.path("status").asText()).isNotBlank();
        assertThat(anonymous.has("components")).as(anonymous.toString()).isFalse();
        JsonNode detailed = call("GET", "/actuator/health", token(Role.ADMIN)).json();
        assertThat(detailed.path("components").has("elasticsearch") || detailed.path("components").size() > 1)
                .as(detailed.toString()).isTrue();
        assertThat(call("GET", "/actuator/health", token(Role.ANALYST)).json().has("components")).isFalse();
        assertThat(call("GET", "/actuator/metrics", null).status()).isEqualTo(401);
        assertThat(call("GET", "/actuator/info", token(Role.ANALYST)).status()).isEqualTo(403);
    }

    @Test
    void browsersOnOtherOriginsGetNoCorsGrant() throws Exception {
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/api/tickets"))
                .method("OPTIONS", java.net.http.HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://evil.example").header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "authorization").build();
        var preflight = java.net.http.HttpClient.newHttpClient().send(request,
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        var withOrigin = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + port + "/api/tickets")).header("Origin", "https://evil.example")
                .header("Authorization", "Bearer " + token(Role.ADMIN)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(withOrigin.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void webhooksAreOutsideBearerAuthentication() {
        Answer a = call("POST", "/webhooks/example", null, "application/json", "{}".getBytes());
        assertThat(a.status()).as(a.toString()).isNotEqualTo(401).isNotEqualTo(403);
    }

    @Test
    void listensOnLoopbackOnlyByDefault() throws IOException {
        Optional<InetAddress> external = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .flatMap(i -> Collections.list(i.getInetAddresses()).stream())
                .filter(a -> !a.isLoopbackAddress() && !a.isLinkLocalAddress() && a instanceof java.net.Inet4Address)
                .findFirst();
        Assumptions.assumeTrue(external.isPresent(), "no non-loopback address on this machine");
        try (Socket viaLoopback = new Socket()) {
            viaLoopback.connect(new InetSocketAddress("127.0.0.1", port), 2000);
        }
        try (Socket viaNetwork = new Socket()) {
            viaNetwork.connect(new InetSocketAddress(external.get(), port), 2000);
            throw new AssertionError("the API answered on " + external.get() + ": it must listen on 127.0.0.1 only");
        }
        catch (java.net.ConnectException expected) {
            // refused: nothing listens there
        }
    }
}
