package io.ticketflow.store;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the event log batches its writes.
 *
 * @param flushInterval how long an event may wait in memory before its batch is written (its search latency)
 * @param batchSize     events per bulk request; a full batch is written at once, without waiting for the interval
 * @param bufferSize    events held in memory at most; when full, the caller writes a batch itself (back-pressure)
 */
@ConfigurationProperties("ticketflow.events")
public record EventsProperties(Duration flushInterval, Integer batchSize, Integer bufferSize) {

    public EventsProperties {
        flushInterval = flushInterval == null ? Duration.ofMillis(500) : flushInterval;
        batchSize = batchSize == null ? 500 : Math.max(1, batchSize);
        bufferSize = bufferSize == null ? 10_000 : Math.max(batchSize, bufferSize);
    }

    public static EventsProperties defaults() {
        return new EventsProperties(null, null, null);
    }
}
