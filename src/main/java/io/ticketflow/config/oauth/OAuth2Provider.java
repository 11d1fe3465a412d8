package io.ticketflow.config.oauth;

import java.util.Locale;

/**
 * Token endpoints and scopes of the providers that require XOAUTH2 for IMAP/POP3/SMTP.
 * <ul>
 * <li>Microsoft 365 (Entra ID): app-only access (client credentials) uses the {@code .default} scope of Exchange
 * Online; the app needs the IMAP.AccessAsApp / SMTP.SendAsApp permissions and an Exchange service principal with
 * mailbox access. Delegated access (a refresh token) asks for IMAP.AccessAsUser.All, POP.AccessAsUser.All and
 * SMTP.Send.</li>
 * <li>Google Workspace: only delegated access (a refresh token with the {@code https://mail.google.com/} scope); the
 * client-credentials grant does not exist there (service accounts sign JWTs, not supported here).</li>
 * </ul>
 */
enum OAuth2Provider {

    MICROSOFT("https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token", "https://outlook.office365.com/.default",
            "https://outlook.office.com/IMAP.AccessAsUser.All https://outlook.office.com/POP.AccessAsUser.All "
                    + "https://outlook.office.com/SMTP.Send offline_access"),
    GOOGLE("https://oauth2.googleapis.com/token", null, "https://mail.google.com/"),
    CUSTOM(null, null, null);

    private final String tokenUri;
    private final String appScope;
    private final String delegatedScope;

    OAuth2Provider(String tokenUri, String appScope, String delegatedScope) {
        this.tokenUri = tokenUri;
        this.appScope = appScope;
        this.delegatedScope = delegatedScope;
    }

    static OAuth2Provider of(String name) {
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        }
        catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("provider '" + name + "' is unknown; use microsoft, google or custom");
        }
    }

    /** The token endpoint of an account (its own, or the preset's), or a clear error. */
    String tokenUri(String account, MailOAuth2Properties.Account a) {
        if (a.tokenUri() != null && !a.tokenUri().isBlank()) {
            return a.tokenUri();
        }
        if (tokenUri == null) {
            throw new IllegalArgumentException(where(account) + "token-uri is required for provider custom");
        }
        if (tokenUri.contains("{tenant}")) {
            if (a.tenant() == null || a.tenant().isBlank()) {
                throw new IllegalArgumentException(where(account) + "tenant is required for provider microsoft");
            }
            return tokenUri.replace("{tenant}", a.tenant());
        }
        return tokenUri;
    }

    String scope(String account, MailOAuth2Properties.Account a) {
        if (a.scope() != null && !a.scope().isBlank()) {
            return a.scope();
        }
        String preset = a.usesRefreshToken() ? delegatedScope : appScope;
        if (preset == null) {
            throw new IllegalArgumentException(where(account) + (this == GOOGLE
                    ? "Google accepts only a refresh token for mail (refresh-token-env or refresh-token-file)"
                    : "scope is required for provider custom"));
        }
        return preset;
    }

    private static String where(String account) {
        return "ticketflow.mail-oauth2.accounts." + account + ": ";
    }
}
