package io.ticketflow.config.oauth;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * OAuth2 (XOAUTH2) logins for mail: per mailbox (keyed by the mailbox's name) and for sending ({@code smtp}). A
 * mailbox listed here logs in with an access token instead of its password; Microsoft 365 and Google Workspace accept
 * nothing else for IMAP/SMTP. Secrets come from the environment or a file, never from the YAML.
 *
 * @param accounts mailbox name (or {@code smtp}) → how to get its tokens
 */
@ConfigurationProperties("ticketflow.mail-oauth2")
public record MailOAuth2Properties(Map<String, Account> accounts) {

    public MailOAuth2Properties {
        accounts = accounts == null ? Map.of() : Map.copyOf(accounts);
    }

    /**
     * @param provider         {@code microsoft}, {@code google} or {@code custom} (presets of token endpoint and scope)
     * @param tenant           Microsoft 365 tenant (id or domain) for the token endpoint
     * @param tokenUri         the token endpoint; overrides the provider's
     * @param scope            overrides the provider's scope
     * @param clientId         the application (client) id
     * @param clientSecretEnv  environment variable holding the client secret (or {@code clientSecretFile})
     * @param clientSecretFile file holding the client secret
     * @param refreshTokenEnv  environment variable holding a refresh token (delegated access); without one (and
     *                         without {@code refreshTokenFile}) the client-credentials grant is used (app-only access)
     * @param refreshTokenFile file holding a refresh token
     * @param refreshBefore    a token is renewed this long before it expires (default 5 minutes, at most half its
     *                         lifetime)
     */
    public record Account(String provider, String tenant, String tokenUri, String scope, String clientId,
            String clientSecretEnv, String clientSecretFile, String refreshTokenEnv, String refreshTokenFile,
            Duration refreshBefore) {

        public Account {
            provider = provider == null ? "custom" : provider.strip().toLowerCase(java.util.Locale.ROOT);
            refreshBefore = refreshBefore == null ? Duration.ofMinutes(5) : refreshBefore;
        }

        public boolean usesRefreshToken() {
            return refreshTokenEnv != null || refreshTokenFile != null;
        }
    }
}
