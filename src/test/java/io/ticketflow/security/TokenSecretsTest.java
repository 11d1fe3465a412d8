package io.ticketflow.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Token shape, salted hash and the checks that a changed, foreign or expired token fails. */
class TokenSecretsTest {

    @Test
    void issuedTokenMatchesOnlyItsOwnEntry() {
        Instant now = Instant.now();
        TokenSecrets.Issued a = TokenSecrets.issue("a", Role.AGENT, "test", now, null);
        TokenSecrets.Issued b = TokenSecrets.issue("b", Role.AGENT, "test", now, null);
        assertThat(TokenSecrets.looksLikeToken(a.token())).isTrue();
        assertThat(TokenSecrets.idOf(a.token())).isEqualTo(a.entry().id());
        assertThat(TokenSecrets.matches(a.entry(), a.token())).isTrue();
        assertThat(TokenSecrets.matches(b.entry(), a.token())).isFalse();
        String changed = a.token().substring(0, a.token().length() - 1) + (a.token().endsWith("x") ? "y" : "x");
        assertThat(TokenSecrets.matches(a.entry(), changed)).isFalse();
        assertThat(a.entry().hash()).doesNotContain(a.token().substring(16));
        assertThat(a.entry().salt()).isNotEqualTo(b.entry().salt());
    }

    @Test
    void jwtsAndJunkAreNotOurTokens() {
        assertThat(TokenSecrets.looksLikeToken("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln")).isFalse();
        assertThat(TokenSecrets.looksLikeToken("tf_short")).isFalse();
        assertThat(TokenSecrets.looksLikeToken(null)).isFalse();
        assertThat(TokenSecrets.idOf("tf_abc")).isNull();
    }

    @Test
    void expiredAndRevokedEntriesAreNotActive() {
        Instant now = Instant.now();
        ApiToken expired = TokenSecrets.issue("e", Role.ADMIN, "t", now.minusSeconds(60), now.minusSeconds(1)).entry();
        ApiToken live = TokenSecrets.issue("l", Role.ADMIN, "t", now, now.plusSeconds(60)).entry();
        assertThat(expired.state(now)).isEqualTo(ApiToken.State.EXPIRED);
        assertThat(live.state(now)).isEqualTo(ApiToken.State.ACTIVE);
        assertThat(live.revokedBy("cli:x", now).state(now)).isEqualTo(ApiToken.State.REVOKED);
    }
}
