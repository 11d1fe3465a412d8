package io.ticketflow.ingest;

import io.ticketflow.pipeline.IntakeRoute;
import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mail.MailHeaderFilterStrategy;
import org.apache.camel.component.mail.MailMessage;
import org.apache.camel.support.DefaultHeaderFilterStrategy;
import org.apache.camel.support.DefaultMessage;
import org.springframework.context.annotation.Bean;
import org.springframework.stereotype.Component;

/**
 * One polling route per configured mailbox ({@code mailbox-<name>}). Each mail is read with IMAP peek (the \Seen flag
 * is set only when processing committed), turned into a {@link RawMessage} and handed to {@code direct:intake}. If the
 * intake fails (store down), the exchange fails and the mail stays unread for the next poll.
 */
@Component
public class MailboxRoutes extends RouteBuilder {

    private final IntakeProperties intake;

    public MailboxRoutes(IntakeProperties intake) {
        this.intake = intake;
    }

    @Override
    public void configure() {
        List<IntakeProperties.Mailbox> mailboxes = intake.mailboxes();
        for (int i = 0; i < mailboxes.size(); i++) {
            IntakeProperties.Mailbox mailbox = mailboxes.get(i);
            mailbox.validate(i);
            if (!mailbox.enabled() || !intake.pollingEnabled()) {
                continue;
            }
            from(uri(mailbox)).routeId("mailbox-" + mailbox.name())
                    .process(e -> toRawMessage(e, mailbox))
                    .to(IntakeRoute.URI);
        }
    }

    static String uri(IntakeProperties.Mailbox m) {
        StringBuilder uri = new StringBuilder(m.protocol()).append("://").append(m.host());
        if (m.port() != null) {
            uri.append(':').append(m.port());
        }
        uri.append("?username=RAW(").append(m.username()).append(')')
                .append("&password=RAW(").append(m.password() == null ? "" : m.password()).append(')')
                .append("&folderName=").append(URLEncoder.encode(m.folder(), StandardCharsets.UTF_8))
                .append("&delay=").append(m.pollDelayMs())
                .append("&connectionTimeout=").append(m.timeoutMs())
                .append("&peek=true&unseen=true&mapMailMessage=false&maxMessagesPerPoll=100")
                .append("&headerFilterStrategy=#safeMailHeaders");
        return uri.toString();
    }

    private static void toRawMessage(Exchange exchange, IntakeProperties.Mailbox mailbox) throws Exception {
        MailMessage mail = exchange.getMessage(MailMessage.class);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        mail.getOriginalMessage().writeTo(bytes);
        RawMessage raw = new RawMessage(bytes.toByteArray(), mailbox.protocol(), mailbox.name(), null, null, Instant.now());
        // replace the MailMessage: its copies would otherwise show the IMAP message again (stack.md §5.1)
        DefaultMessage message = new DefaultMessage(exchange);
        message.setBody(raw);
        exchange.setMessage(message);
    }

    /**
     * Stops inbound mail headers from setting Camel control headers (CVE-2026-33454 in camel-mail 4.18.0): every mail
     * endpoint uses this strategy.
     */
    @Bean("safeMailHeaders")
    static MailHeaderFilterStrategy safeMailHeaders() {
        MailHeaderFilterStrategy strategy = new MailHeaderFilterStrategy();
        strategy.setInFilterStartsWith(DefaultHeaderFilterStrategy.CAMEL_FILTER_STARTS_WITH);
        return strategy;
    }
}
