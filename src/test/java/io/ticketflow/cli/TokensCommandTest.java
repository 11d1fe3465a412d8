package io.ticketflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ticketflow.security.ApiToken;
import io.ticketflow.security.TokenFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ticketflow tokens}: the token is printed once, alone on the last line, and only its salted hash is kept. */
class TokensCommandTest {

    @TempDir
    Path dir;

    @Test
    void createPrintsTheTokenOnceAndStoresOnlyASaltedHash() throws Exception {
        Path file = dir.resolve("api-tokens.yml");
        TokensCommandRunner.Result r = TokensCommandRunner.run("create", "mta", "--role", "intake", "--expires", "P90D",
                "--file", file.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        String token = lines.get(lines.size() - 1);
        assertThat(token).matches("tf_[0-9a-f]{12}_[A-Za-z0-9_-]{43}");
        String secret = token.substring(16);
        String stored = Files.readString(file);
        assertThat(stored).doesNotContain(token).doesNotContain(secret).contains("name: mta").contains("role: intake");
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));

        ApiToken entry = new TokenFile(file).read().get(0);
        assertThat(entry.id()).isEqualTo(token.substring(3, 15));
        assertThat(Duration.between(entry.created(), entry.expires())).isEqualTo(Duration.ofDays(90));
        assertThat(entry.createdBy()).startsWith("cli:");

        // a second token of the same name and role still gets its own salt and hash
        TokensCommandRunner.run("revoke", "mta", "--file", file.toString());
        TokensCommandRunner.Result again = TokensCommandRunner.run("create", "mta", "--role", "intake", "--file", file.toString());
        assertThat(again.exit()).isZero();
        List<ApiToken> both = new TokenFile(file).read();
        assertThat(both).hasSize(2);
        assertThat(both.get(0).salt()).isNotEqualTo(both.get(1).salt());
        assertThat(both.get(0).hash()).isNotEqualTo(both.get(1).hash());
    }

    @Test
    void listShowsStatesAndRevokeKeepsTheRecord() throws Exception {
        Path file = dir.resolve("tokens.yml");
        TokensCommandRunner.run("create", "alice", "--role", "agent", "--file", file.toString());
        TokensCommandRunner.run("create", "bob", "--role", "analyst", "--file", file.toString());
        TokensCommandRunner.Result revoke = TokensCommandRunner.run("revoke", "alice", "--file", file.toString());
        assertThat(revoke.exit()).isZero();

        TokensCommandRunner.Result list = TokensCommandRunner.run("list", "--file", file.toString());
        assertThat(list.out()).containsPattern("alice\\s+agent\\s+[0-9a-f]{12}\\s+revoked")
                .containsPattern("bob\\s+analyst\\s+[0-9a-f]{12}\\s+active").doesNotContain("hash").doesNotContain("tf_");
        ApiToken alice = new TokenFile(file).read().get(0);
        assertThat(alice.revoked()).isNotNull();
        assertThat(alice.isActive(Instant.now())).isFalse();
        assertThat(TokensCommandRunner.run("revoke", "nobody", "--file", file.toString()).exit()).isEqualTo(1);
    }

    @Test
    void badInputIsAClearUsageError() throws Exception {
        Path file = dir.resolve("tokens.yml");
        assertThat(TokensCommandRunner.run("create", "x", "--role", "root", "--file", file.toString()).err())
                .contains("agent, analyst, admin, intake");
        assertThat(TokensCommandRunner.run("create", "x", "--role", "admin", "--expires", "soon", "--file", file.toString())
                .exit()).isEqualTo(2);
        assertThat(TokensCommandRunner.run("create", "local-admin", "--role", "admin", "--file", file.toString()).exit())
                .isEqualTo(2);
        assertThat(TokensCommandRunner.run("create", "a b", "--role", "admin", "--file", file.toString()).exit()).isEqualTo(2);
        assertThat(TokensCommandRunner.run().exit()).isEqualTo(2);
        assertThat(Files.exists(file)).isFalse();

        TokensCommandRunner.run("create", "dup", "--role", "admin", "--file", file.toString());
        TokensCommandRunner.Result dup = TokensCommandRunner.run("create", "dup", "--role", "admin", "--file", file.toString());
        assertThat(dup.exit()).isEqualTo(1);
        assertThat(dup.err()).contains("active token named dup");
    }

    @Test
    void theFileComesFromTheEnvironmentWhenNotGiven() throws Exception {
        Path file = dir.resolve("from-env.yml");
        TokensCommandRunner.Result r = TokensCommandRunner.run(Map.of("TICKETFLOW_TOKENS_FILE", file.toString()),
                "create", "envtoken", "--role", "analyst");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(new TokenFile(file).read()).extracting(ApiToken::name).containsExactly("envtoken");
    }

    @Test
    void expiryTakesDurationsAndCalendarPeriods() {
        Instant now = Instant.parse("2026-01-31T00:00:00Z");
        assertThat(TokensCommand.expiry(now, "PT12H")).isEqualTo(Instant.parse("2026-01-31T12:00:00Z"));
        assertThat(TokensCommand.expiry(now, "P1M")).isEqualTo(Instant.parse("2026-02-28T00:00:00Z"));
    }
}
