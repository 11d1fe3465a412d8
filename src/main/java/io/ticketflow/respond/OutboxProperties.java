package io.ticketflow.respond;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How recorded outgoing mail is handed to the senders (the retry timer's {@code retry-delay-ms} is read by its route).
 *
 * @param queueCapacity entries waiting in memory for a sender; when it is full the entry stays pending and the retry
 *                      timer sends it, so a burst costs memory up to this bound and never blocks the pipeline
 * @param senders       sender threads (each holds one SMTP conversation at a time)
 * @param handoffGrace  how long a new entry belongs to the in-memory hand-off before the retry timer considers it:
 *                      longer than the outbox index's refresh interval, so the timer's search does not find entries
 *                      that were sent already but look pending in a stale view
 */
@ConfigurationProperties("ticketflow.outbox")
public record OutboxProperties(Integer queueCapacity, Integer senders, Duration handoffGrace) {

    public OutboxProperties {
        queueCapacity = queueCapacity == null ? 1000 : queueCapacity;
        senders = senders == null ? 2 : senders;
        handoffGrace = handoffGrace == null ? Duration.ofMinutes(1) : handoffGrace;
    }

    public static OutboxProperties defaults() {
        return new OutboxProperties(null, null, null);
    }
}
