package io.ticketflow.integration.webhooks;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Subscribers of ticket events ({@code ticketflow.webhooks}, docs/integrations.md).
 *
 * @param pollInterval how often the outbox is read for each subscriber
 * @param settle       how old an entry must be before it is sent: events of one ticket recorded by several
 *                     threads become searchable in their order within it (index refresh is 1 s)
 * @param maxBackoff   the longest wait between attempts at a failing subscriber (doubling from 1 s)
 * @param giveUpAfter  an event still undelivered this long after it happened is marked dead (kept, visible in health)
 * @param timeout      connect and response timeout of one delivery
 */
@ConfigurationProperties("ticketflow.webhooks")
public record WebhookProperties(List<Subscriber> subscribers, Duration pollInterval, Duration settle,
        Duration maxBackoff, Duration giveUpAfter, Duration timeout) {

    public WebhookProperties {
        subscribers = subscribers == null ? List.of() : List.copyOf(subscribers);
        pollInterval = pollInterval == null ? Duration.ofSeconds(1) : pollInterval;
        settle = settle == null ? Duration.ofSeconds(2) : settle;
        maxBackoff = maxBackoff == null ? Duration.ofMinutes(10) : maxBackoff;
        giveUpAfter = giveUpAfter == null ? Duration.ofDays(3) : giveUpAfter;
        timeout = timeout == null ? Duration.ofSeconds(10) : timeout;
    }

    /**
     * One receiver.
     *
     * @param name      stable name (the outbox and health key; renaming starts a new queue)
     * @param url       where events are POSTed
     * @param events    the event types it wants ({@link WebhookEventType} labels); empty = all
     * @param secretEnv the environment variable holding the signing secret (never the secret itself in config)
     */
    public record Subscriber(String name, String url, List<String> events, String secretEnv) {

        public Subscriber {
            events = events == null ? List.of() : List.copyOf(events);
        }

        boolean wants(WebhookEventType type) {
            return events.isEmpty() || events.contains(type.label());
        }
    }
}
