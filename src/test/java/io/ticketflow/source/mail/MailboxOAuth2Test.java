package io.ticketflow.source.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.user.GreenMailUser;
import com.sun.net.httpserver.HttpServer;
import io.ticketflow.config.oauth.MailOAuth2Properties;
import io.ticketflow.config.oauth.MailTokens;
import io.ticketflow.intake.IntakeProperties;
import io.ticketflow.respond.SmtpProperties;
import io.ticketflow.respond.SmtpSender;
import io.ticketflow.testing.Await;
import io.ticketflow.testing.TestMailServer;
import io.ticketflow.vocabulary.TicketflowIdentity;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * XOAUTH2 against local servers: a token endpoint (JDK HttpServer) that checks the client and its secret or refresh
 * token and issues short-lived tokens, and GreenMail, which checks the bearer token of AUTHENTICATE XOAUTH2 (IMAP)
 * and AUTH XOAUTH2 (SMTP) against the user's current token. Tokens are renewed before they expire; a failing renewal
 * shows in the health indicator.
 */
class MailboxOAuth2Test {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 6);
    private static final String IMAP_USER = "oauth-" + RUN + "@ticketflow.local";
    private static final String SMTP_USER = "oauth-smtp-" + RUN + "@ticketflow.local";

    private HttpServer endpoint;
    private final AtomicInteger issued = new AtomicInteger();
    private final AtomicBoolean refusing = new AtomicBoolean();
    private final Map<String, String> secrets = Map.of("CLIENT_SECRET", "s3cret", "REFRESH_TOKEN", "rt-" + RUN);
    private MailTokens tokens;

    @BeforeEach
    void start() throws Exception {
        GreenMailUser imap = TestMailServer.get().setUser(IMAP_USER, IMAP_USER, "not-a-token");
        GreenMailUser smtp = TestMailServer.get().setUser(SMTP_USER, SMTP_USER, "not-a-token");
        endpoint = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        endpoint.createContext("/token", exchange -> {
            Map<String, String> form = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            String answer;
            int status = 200;
            boolean clientOk = "ticketflow".equals(form.get("client_id")) && "s3cret".equals(form.get("client_secret"));
            if (refusing.get() || !clientOk) {
                status = 401;
                answer = "{\"error\":\"invalid_client\",\"error_description\":\"client authentication failed\"}";
            }
            else if ("client_credentials".equals(form.get("grant_type")) && "imap-scope".equals(form.get("scope"))) {
                answer = issue(imap);
            }
            else if ("refresh_token".equals(form.get("grant_type")) && ("rt-" + RUN).equals(form.get("refresh_token"))) {
                answer = issue(smtp);
            }
            else {
                status = 400;
                answer = "{\"error\":\"invalid_grant\"}";
            }
            byte[] body = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        endpoint.start();
        String uri = "http://127.0.0.1:" + endpoint.getAddress().getPort() + "/token";
        MailOAuth2Properties properties = new MailOAuth2Properties(Map.of(
                "oauthbox", new MailOAuth2Properties.Account("custom", null, uri, "imap-scope", "ticketflow",
                        "CLIENT_SECRET", null, null, null, Duration.ofMinutes(5)),
                SmtpSender.OAUTH2_ACCOUNT, new MailOAuth2Properties.Account("custom", null, uri, "smtp-scope", "ticketflow",
                        "CLIENT_SECRET", null, "REFRESH_TOKEN", null, null)));
        tokens = new MailTokens(properties, secrets::get, Clock.systemUTC(), Duration.ofMillis(200));
        MailboxCredentials.useTokens(tokens);
    }

    /** A new token, valid 4 s; the mail server accepts only the newest one (the old one is revoked). */
    private String issue(GreenMailUser user) {
        String token = "at-" + issued.incrementAndGet() + "-" + UUID.randomUUID();
        user.setPassword(token);
        return "{\"access_token\":\"" + token + "\",\"token_type\":\"Bearer\",\"expires_in\":4}";
    }

    @AfterEach
    void stop() {
        tokens.stop();
        MailboxCredentials.useTokens(null);
        endpoint.stop(0);
    }

    @Test
    void imapLogsInWithXoauth2AndTheTokenIsRenewedBeforeItExpires() throws Exception {
        IntakeProperties.Mailbox mailbox = IntakeProperties.Mailbox.of("oauthbox", "imap", "127.0.0.1",
                TestMailServer.imapPort(), IMAP_USER, null);
        assertThat(MailboxCredentials.usesOAuth2(mailbox)).isTrue();
        String first = MailboxCredentials.secret(mailbox);
        assertThat(first).startsWith("at-");
        ByteArrayOutputStream protocol = new ByteArrayOutputStream();
        connect(mailbox, first, protocol);
        assertThat(protocol.toString(StandardCharsets.UTF_8)).contains("AUTHENTICATE XOAUTH2").doesNotContain(" LOGIN ");

        // renewed in the background before it expires (half its 4 s lifetime); the server now refuses the old one
        String second = Await.until("a renewed token", Duration.ofSeconds(10),
                () -> first.equals(tokens.state("oauthbox").accessToken()) ? null : tokens.state("oauthbox").accessToken());
        assertThat(tokens.state("oauthbox").expiresAt()).isAfter(java.time.Instant.now());
        assertThatThrownBy(() -> connect(mailbox, first, new ByteArrayOutputStream()))
                .isInstanceOf(AuthenticationFailedException.class);
        connect(mailbox, MailboxCredentials.secret(mailbox), new ByteArrayOutputStream());
        assertThat(second).isNotEqualTo(first);

        assertThat(health("oauthbox").getStatus().getCode()).isEqualTo("UP");
        assertThat(health("oauthbox").getDetails()).containsKeys("expiresAt", "lastRefresh").doesNotContainKey("lastRefreshError");
    }

    @Test
    void aFailingRenewalShowsInHealthAndTheMailboxCannotLogInOnceTheTokenExpired() throws Exception {
        IntakeProperties.Mailbox mailbox = IntakeProperties.Mailbox.of("oauthbox", "imap", "127.0.0.1",
                TestMailServer.imapPort(), IMAP_USER, null);
        MailboxCredentials.secret(mailbox);
        refusing.set(true);
        Await.until("the token expires without renewal", Duration.ofSeconds(10),
                () -> "DOWN".equals(health("oauthbox").getStatus().getCode()) ? true : null);
        assertThat(health("oauthbox").getDetails().get("lastRefreshError").toString())
                .contains("401").contains("invalid_client").doesNotContain("s3cret");
        assertThatThrownBy(() -> MailboxCredentials.secret(mailbox)).hasMessageContaining("invalid_client");

        refusing.set(false);
        Await.until("renewed again", Duration.ofSeconds(10),
                () -> "UP".equals(health("oauthbox").getStatus().getCode()) ? true : null);
        connect(mailbox, MailboxCredentials.secret(mailbox), new ByteArrayOutputStream());
        // the last error stays visible after recovery, with its time
        assertThat(health("oauthbox").getDetails()).containsKeys("lastRefreshError", "lastRefreshErrorAt");
    }

    @Test
    void smtpSendsWithXoauth2FromARefreshToken() throws Exception {
        TicketflowIdentity identity = new TicketflowIdentity(List.of("support@ticketflow.local"), SMTP_USER, "Support",
                "ticketflow.local", "TF", "ticketflow", "secret");
        SmtpSender sender = new SmtpSender(new SmtpProperties("127.0.0.1", TestMailServer.smtpPort(), SMTP_USER, null,
                false, Duration.ofSeconds(10)), identity, tokens);
        try (SmtpSender.Connection connection = sender.connect()) {
            assertThat(connection).isNotNull();
        }
        // the server checks the token: once it is revoked (a new one issued elsewhere), the login fails
        TestMailServer.get().getUserManager().getUser(SMTP_USER).setPassword("revoked");
        assertThatThrownBy(sender::connect).isInstanceOf(AuthenticationFailedException.class);
    }

    private static void connect(IntakeProperties.Mailbox mailbox, String token, ByteArrayOutputStream protocol)
            throws Exception {
        Session session = MailSessions.of(mailbox);
        session.setDebug(true);
        session.setDebugOut(new PrintStream(protocol, true, StandardCharsets.UTF_8));
        Store store = session.getStore("imap");
        try {
            store.connect("127.0.0.1", TestMailServer.imapPort(), IMAP_USER, token);
            assertThat(store.isConnected()).isTrue();
        }
        finally {
            store.close();
        }
    }

    private org.springframework.boot.actuate.health.Health health(String account) {
        return io.ticketflow.config.oauth.MailOAuth2Configuration.indicator(tokens, account).health();
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }
}
