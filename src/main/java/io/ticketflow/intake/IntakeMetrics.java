package io.ticketflow.intake;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.ticketflow.vocabulary.ProcessingOutcome;
import io.ticketflow.vocabulary.RawMessage;
import java.util.Set;
import org.apache.camel.Exchange;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.apache.camel.support.EventNotifierSupport;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@code ticketflow.intake.messages}: every message handed to {@code direct:intake}, whoever sent it (mailboxes,
 * REST, import, drop folder, channels), counted by where it came from and how it ended. Tags: {@code channel}
 * ({@code imap}, {@code api} ...), {@code source} (the mailbox name for mail, else the channel: bounded by the
 * configuration, never by what a client sends) and {@code outcome} (created, appended, screened, quarantined,
 * duplicate, or failed when the store was unavailable and the source keeps the message).
 */
@Configuration(proxyBeanMethods = false)
class IntakeMetrics {

    private static final Set<String> MAIL = Set.of("imap", "imaps", "pop3", "pop3s");
    private static final String SOURCE = "ticketflow.metrics.source";
    private static final String CHANNEL = "ticketflow.metrics.channel";

    @Bean
    CamelContextConfiguration intakeMetricsNotifier(MeterRegistry meters) {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(org.apache.camel.CamelContext context) {
                context.getManagementStrategy().addEventNotifier(new Notifier(meters));
            }

            @Override
            public void afterApplicationStart(org.apache.camel.CamelContext context) {
            }
        };
    }

    static final class Notifier extends EventNotifierSupport {

        private final MeterRegistry meters;

        Notifier(MeterRegistry meters) {
            this.meters = meters;
            setIgnoreCamelContextEvents(true);
            setIgnoreRouteEvents(true);
            setIgnoreServiceEvents(true);
            setIgnoreStepEvents(true);
            setIgnoreExchangeCreatedEvent(true);
            setIgnoreExchangeCompletedEvent(true);
            setIgnoreExchangeFailedEvents(true);
            setIgnoreExchangeRedeliveryEvents(true);
        }

        @Override
        public boolean isEnabled(CamelEvent event) {
            return event instanceof CamelEvent.ExchangeSendingEvent sending && isIntake(sending.getEndpoint().getEndpointUri())
                    || event instanceof CamelEvent.ExchangeSentEvent sent && isIntake(sent.getEndpoint().getEndpointUri());
        }

        private static boolean isIntake(String uri) {
            return uri.equals(IntakeRoute.URI) || uri.equals("direct://intake");
        }

        @Override
        public void notify(CamelEvent event) {
            Exchange exchange = ((CamelEvent.ExchangeEvent) event).getExchange();
            if (event instanceof CamelEvent.ExchangeSendingEvent) {
                if (exchange.getMessage().getBody() instanceof RawMessage raw) {
                    exchange.setProperty(CHANNEL, raw.channel() == null ? "unknown" : raw.channel());
                    exchange.setProperty(SOURCE, MAIL.contains(raw.channel()) && raw.mailbox() != null ? raw.mailbox()
                            : exchange.getProperty(CHANNEL));
                }
                return;
            }
            String channel = exchange.getProperty(CHANNEL, "unknown", String.class);
            String source = exchange.getProperty(SOURCE, channel, String.class);
            String outcome;
            if (exchange.getException() != null) {
                outcome = "failed";
            }
            else if (exchange.getMessage().getBody() instanceof ProcessingOutcome o) {
                outcome = Boolean.TRUE.equals(o.duplicate()) ? "duplicate" : o.outcome().label();
            }
            else {
                outcome = "unknown";
            }
            Counter.builder("ticketflow.intake.messages").description("messages handed to the intake, by source and outcome")
                    .tag("channel", channel).tag("source", source).tag("outcome", outcome)
                    .register(meters).increment();
        }
    }
}
