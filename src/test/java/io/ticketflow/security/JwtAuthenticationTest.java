package io.ticketflow.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.ticketflow.store.AuditEntry;
import io.ticketflow.store.AuditLog;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * JWTs from the organisation's identity provider (an OpenID discovery document and JWK set served in this JVM): roles
 * come from the configured claim ({@code realm_access.roles}, with {@code support-agents} mapped to agent); a token
 * signed by another key, expired or from another issuer is 401.
 */
class JwtAuthenticationTest extends SecuredApiTest {

    private final FakeIdentityProvider idp = FakeIdentityProvider.get();

    @Autowired
    AuditLog audit;

    private static Map<String, Object> roles(String user, String... roles) {
        return Map.of("preferred_username", user, "realm_access", Map.of("roles", List.of(roles)));
    }

    @Test
    void rolesComeFromTheConfiguredClaimThroughTheMapping() {
        String number = newTicket("JWT roles");
        String agent = idp.token("u-1", roles("alice", "support-agents", "offline_access"));
        assertThat(call("GET", "/api/tickets/" + number, agent).status()).isEqualTo(200);
        Answer changed = json("PATCH", "/api/tickets/" + number, agent, "{\"assignee\":\"alice\"}");
        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        assertThat(json("POST", "/api/admin/replay", agent, "{\"quarantined\":true}").status()).isEqualTo(403);

        String analyst = idp.token("u-2", roles("carol", "analyst"));
        assertThat(call("GET", "/api/tickets/" + number, analyst).status()).isEqualTo(200);
        assertThat(json("PATCH", "/api/tickets/" + number, analyst, "{\"priority\":\"low\"}").status()).isEqualTo(403);

        String nobody = idp.token("u-3", roles("dave", "offline_access"));
        assertThat(call("GET", "/api/tickets", nobody).status()).isEqualTo(403);
        String admin = idp.token("u-4", roles("erin", "admin"));
        assertThat(call("GET", "/actuator/metrics", admin).status()).isEqualTo(200);

        // the audit log names the person from the principal claim, not a token
        AuditEntry entry = await("the change in the audit log", () -> audit.latest(200).stream()
                .filter(e -> "alice".equals(e.actor()) && "ticket.change".equals(e.action())).findFirst().orElse(null));
        assertThat(entry.actorKind()).isEqualTo("jwt");
        assertThat(entry.roles()).containsExactly("agent");
        assertThat(entry.ticket()).isEqualTo(number);
    }

    @Test
    void forgedExpiredOrForeignTokensAre401() {
        Map<String, Object> claims = roles("mallory", "admin");
        for (String bad : List.of(idp.forgedToken("m", claims), idp.expiredToken("m", claims),
                idp.tokenFromOtherIssuer("m", claims))) {
            Answer a = call("GET", "/api/tickets", bad);
            assertThat(a.status()).as(a.toString()).isEqualTo(401);
            assertThat(a.json().path("error").asText()).isEqualTo("unauthorized");
        }
        assertThat(call("GET", "/api/tickets", idp.token("m", claims)).status()).isEqualTo(200);
    }
}
