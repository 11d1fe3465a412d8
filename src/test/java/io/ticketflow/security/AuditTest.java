package io.ticketflow.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.ticketflow.cli.TokensCommandRunner;
import io.ticketflow.store.AuditEntry;
import io.ticketflow.store.AuditLog;
import io.ticketflow.testing.TestTokens;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Every change through the API, every refusal of an authenticated caller and every token created or revoked is in
 * the audit index with who, when and what; never a token, never a reply's text.
 */
class AuditTest extends SecuredApiTest {

    @Autowired
    AuditLog audit;

    private AuditEntry awaitEntry(String what, Predicate<AuditEntry> match) {
        return await(what, () -> audit.latest(500).stream().filter(match).findFirst().orElse(null));
    }

    private String nameOf(String token) {
        return tokens.authenticate(token).orElseThrow().name();
    }

    @Test
    void changesByATokenAreAuditedWithoutTextOrSecrets() throws Exception {
        String number = newTicket("Audit me");
        String other = newTicket("Audit merge target");
        String agent = token(Role.AGENT);
        String admin = token(Role.ADMIN);
        String agentName = nameOf(agent);

        assertThat(json("PATCH", "/api/tickets/" + number, agent, "{\"priority\":\"high\",\"queue\":\"billing\"}").status())
                .isEqualTo(200);
        Answer reply = json("POST", "/api/tickets/" + number + "/replies", agent,
                "{\"text\":\"Very private words for the customer\",\"status\":\"pending\"}");
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        assertThat(json("POST", "/api/tickets/" + number + "/merge", agent, "{\"target\":\"" + other + "\"}").status())
                .isEqualTo(200);
        assertThat(json("POST", "/api/admin/replay", admin, "{\"quarantined\":true}").status()).isEqualTo(200);
        byte[] mail = "From: a@example.com\r\nSubject: dry run\r\n\r\nhello\r\n".getBytes(StandardCharsets.UTF_8);
        assertThat(call("POST", "/api/rules/test", admin, "message/rfc822", mail).status()).isEqualTo(200);
        // a read is not a change
        assertThat(call("GET", "/api/tickets/" + number, agent).status()).isEqualTo(200);

        AuditEntry change = awaitEntry("the PATCH", e -> agentName.equals(e.actor()) && "ticket.change".equals(e.action()));
        assertThat(change.actorKind()).isEqualTo("token");
        assertThat(change.roles()).containsExactly("agent");
        assertThat(change.ticket()).isEqualTo(number);
        assertThat(change.details()).contains("priority=high").contains("queue=billing");
        assertThat(change.outcome()).isEqualTo("done");
        assertThat(change.status()).isEqualTo(200);
        assertThat(change.address()).isEqualTo("127.0.0.1");
        assertThat(change.at()).isNotNull();

        AuditEntry replied = awaitEntry("the reply", e -> agentName.equals(e.actor()) && "ticket.reply".equals(e.action()));
        assertThat(replied.details()).contains("textLength=35").contains("status=pending").doesNotContain("private");
        AuditEntry merged = awaitEntry("the merge", e -> agentName.equals(e.actor()) && "ticket.merge".equals(e.action()));
        assertThat(merged.ticket()).isEqualTo(number);
        assertThat(merged.target()).isEqualTo(other);
        String adminName = nameOf(admin);
        awaitEntry("the replay", e -> adminName.equals(e.actor()) && "replay".equals(e.action()));
        AuditEntry dryRun = awaitEntry("the rule test", e -> adminName.equals(e.actor()) && "rules.test".equals(e.action()));
        assertThat(dryRun.details()).contains(mail.length + " bytes");

        List<AuditEntry> all = audit.latest(500);
        assertThat(all).noneMatch(e -> agentName.equals(e.actor()) && "GET".equals(e.method()));
        String everything = all.toString();
        assertThat(everything).doesNotContain(agent).doesNotContain(admin)
                .doesNotContain(agent.substring(agent.lastIndexOf('_') + 1));
    }

    @Test
    void refusalsOfAnAuthenticatedCallerAreAudited() {
        String analyst = token(Role.ANALYST);
        String name = nameOf(analyst);
        assertThat(json("POST", "/api/admin/replay", analyst, "{\"quarantined\":true}").status()).isEqualTo(403);
        AuditEntry denied = awaitEntry("the refusal", e -> name.equals(e.actor()) && "api.denied".equals(e.action()));
        assertThat(denied.outcome()).isEqualTo("denied");
        assertThat(denied.path()).isEqualTo("/api/admin/replay");
        assertThat(denied.status()).isEqualTo(403);
    }

    @Test
    void tokensCreatedAndRevokedAreAuditedOnceWithoutTheToken() throws Exception {
        String name = "audited-" + System.nanoTime();
        TokensCommandRunner.Result created = TokensCommandRunner.run("create", name, "--role", "intake", "--file",
                TestTokens.file());
        String token = created.out().lines().reduce((a, b) -> b).orElseThrow();
        AuditEntry entry = awaitEntry("token.created", e -> "token.created".equals(e.action()) && name.equals(e.target()));
        assertThat(entry.actor()).startsWith("cli:");
        assertThat(entry.details()).contains("role=intake");

        TokensCommandRunner.run("revoke", name, "--file", TestTokens.file());
        awaitEntry("token.revoked", e -> "token.revoked".equals(e.action()) && name.equals(e.target()));

        // reloading the file again (any change) writes no second entry for the same token
        token(Role.ANALYST);
        List<AuditEntry> all = audit.latest(500);
        assertThat(all.stream().filter(e -> name.equals(e.target()) && "token.created".equals(e.action()))).hasSize(1);
        // the secret is all after "tf_<id>_": base64url, so it may hold '_' itself (the last '_' can leave one char)
        String secret = token.substring(token.indexOf('_', "tf_".length()) + 1);
        assertThat(secret).hasSizeGreaterThan(40);
        assertThat(all.toString()).doesNotContain(token).doesNotContain(secret);
    }
}
