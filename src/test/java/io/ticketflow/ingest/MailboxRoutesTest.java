package io.ticketflow.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.ticketflow.ingest.IntakeProperties.Mailbox;
import org.apache.camel.Exchange;
import org.apache.camel.component.mail.MailHeaderFilterStrategy;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

class MailboxRoutesTest {

    private static final Mailbox SUPPORT = new Mailbox("support", "imaps", "imap.example.com", 993, "support@example.com",
            "p&ss+w=rd%", "Support Queue", 30_000L, 7_000, true);

    private final Exchange exchange = new DefaultExchange(new DefaultCamelContext());

    @Test
    void shouldBuildEndpointOnProtocolHostAndPort() {
        assertThat(MailboxRoutes.uri(SUPPORT)).startsWith("imaps://imap.example.com:993?");
    }

    @Test
    void shouldOmitPortWhenNotConfigured() {
        Mailbox noPort = new Mailbox("support", "imap", "imap.example.com", null, "u", "p", null, null, null, null);

        assertThat(MailboxRoutes.uri(noPort)).startsWith("imap://imap.example.com?");
    }

    @Test
    void shouldUseSafeMailHeaderFilterStrategy() {
        assertThat(MailboxRoutes.uri(SUPPORT)).contains("headerFilterStrategy=#safeMailHeaders");
    }

    @Test
    void shouldPeekSoMailStaysUnreadUntilProcessed() {
        assertThat(MailboxRoutes.uri(SUPPORT)).contains("peek=true").contains("unseen=true");
    }

    @Test
    void shouldPassCredentialsRaw() {
        String uri = MailboxRoutes.uri(SUPPORT);

        assertThat(uri).contains("username=RAW(support@example.com)").contains("password=RAW(p&ss+w=rd%)");
    }

    @Test
    void shouldPassEmptyPasswordWhenNoneIsConfigured() {
        Mailbox noPassword = new Mailbox("support", "imap", "imap.example.com", null, "u", null, null, null, null, null);

        assertThat(MailboxRoutes.uri(noPassword)).contains("password=RAW()");
    }

    @Test
    void shouldSetConnectionTimeoutDelayAndEncodedFolder() {
        String uri = MailboxRoutes.uri(SUPPORT);

        assertThat(uri).contains("connectionTimeout=7000").contains("delay=30000").contains("folderName=Support+Queue");
    }

    @Test
    void shouldFilterInboundCamelHeader() {
        MailHeaderFilterStrategy strategy = MailboxRoutes.safeMailHeaders();

        assertThat(strategy.applyFilterToExternalHeaders("CamelFileName", "../../etc/passwd", exchange)).isTrue();
    }

    @Test
    void shouldFilterInboundCamelHeaderInAnyCase() {
        MailHeaderFilterStrategy strategy = MailboxRoutes.safeMailHeaders();

        assertThat(strategy.applyFilterToExternalHeaders("CAMELBeanMethodName", "evil", exchange)).isTrue();
        assertThat(strategy.applyFilterToExternalHeaders("cAmElExecCommandExecutable", "sh", exchange)).isTrue();
    }

    @Test
    void shouldKeepOrdinaryMailHeaders() {
        MailHeaderFilterStrategy strategy = MailboxRoutes.safeMailHeaders();

        assertThat(strategy.applyFilterToExternalHeaders("Subject", "Printer broken", exchange)).isFalse();
        assertThat(strategy.applyFilterToExternalHeaders("From", "jane@example.com", exchange)).isFalse();
        assertThat(strategy.applyFilterToExternalHeaders("Message-ID", "<1@example.com>", exchange)).isFalse();
    }
}
