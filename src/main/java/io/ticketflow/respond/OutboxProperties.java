package io.ticketflow.respond;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.Name;
import org.springframework.boot.convert.DurationUnit;

/**
 * How recorded outgoing mail is handed to the senders, and how often the retry timer looks for what is left.
 *
 * @param queueCapacity entries waiting in memory for a sender; when it is full the entry stays pending and the retry
 *                      timer sends it, so a burst costs memory up to this bound and never blocks the pipeline
 * @param senders       sender threads (each holds one SMTP conversation at a time)
 * @param handoffGrace  how long a new entry belongs to the in-memory hand-off before the retry timer considers it:
 *                      longer than the outbox index's refresh interval, so the timer's search does not find entries
 *                      that were sent already but look pending in a stale view
 * @param retryDelay    pause between two runs of the retry timer (key {@code retry-delay-ms}: a plain number is
 *                      milliseconds, {@code 5s} works too)
 * @param claim         how long a sender owns an entry it is sending: far longer than one SMTP conversation; an
 *                      instance that dies mid-send leaves its entries to the others after this time
 * @param markWait      how long a sender with nothing more to send holds the {@code sent} mark of its last mail so
 *                      that it goes in one bulk with other senders' marks (0: each mark at once); a sender never
 *                      sends before its own mark is written, so a crash still repeats at most one mail per sender
 */
@ConfigurationProperties("ticketflow.outbox")
public record OutboxProperties(Integer queueCapacity, Integer senders, Duration handoffGrace,
        @Name("retry-delay-ms") @DurationUnit(ChronoUnit.MILLIS) Duration retryDelay, Duration claim,
        Duration markWait) {

    @ConstructorBinding
    public OutboxProperties {
        queueCapacity = queueCapacity == null ? 1000 : queueCapacity;
        senders = senders == null ? 4 : senders;
        handoffGrace = handoffGrace == null ? Duration.ofMinutes(1) : handoffGrace;
        retryDelay = retryDelay == null ? Duration.ofSeconds(5) : retryDelay;
        claim = claim == null ? OutboxSender.CLAIM : claim;
        markWait = markWait == null ? Duration.ofMillis(100) : markWait;
    }

    public OutboxProperties(Integer queueCapacity, Integer senders, Duration handoffGrace, Duration retryDelay) {
        this(queueCapacity, senders, handoffGrace, retryDelay, null, null);
    }

    public static OutboxProperties defaults() {
        return new OutboxProperties(null, null, null, null, null, null);
    }
}
