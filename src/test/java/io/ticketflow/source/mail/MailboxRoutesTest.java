package io.ticketflow.source.mail;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.camel.Exchange;
import org.apache.camel.component.mail.MailHeaderFilterStrategy;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/** The header filter that admin-written camel-mail routes must use (CVE-2026-33454). */
class MailboxRoutesTest {

    private final Exchange exchange = new DefaultExchange(new DefaultCamelContext());

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
