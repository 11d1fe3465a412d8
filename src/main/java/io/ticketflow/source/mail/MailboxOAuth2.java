package io.ticketflow.source.mail;

import io.ticketflow.config.oauth.MailTokens;
import org.springframework.stereotype.Component;

/**
 * Hands the OAuth2 tokens to {@link MailboxCredentials}: a mailbox listed under {@code ticketflow.mail-oauth2.accounts}
 * logs in with XOAUTH2 and a current access token instead of its password. Created with the other beans, before the
 * mailbox routes are built and connect.
 */
@Component
class MailboxOAuth2 {

    MailboxOAuth2(MailTokens tokens) {
        MailboxCredentials.useTokens(tokens);
    }
}
