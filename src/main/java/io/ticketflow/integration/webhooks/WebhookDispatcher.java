package io.ticketflow.integration.webhooks;

import io.ticketflow.store.WebhookDelivery;
import io.ticketflow.store.WebhookOutboxStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the webhook outbox, subscriber by subscriber, oldest event first. A failure stops that subscriber's round
 * (so events of a ticket never overtake each other) and its next attempt waits, doubling from 1 s up to the
 * configured maximum; the wait is stored on the entry, so a restart keeps it. Memory per subscriber is a few fields
 * and one page of entries, however long it stays down.
 */
final class WebhookDispatcher {

    private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);
    private static final int PAGE = 100;

    private final WebhookProperties properties;
    private final WebhookOutboxStore outbox;
    private final UnaryOperator<String> secrets;
    private final Clock clock;
    private final HttpClient http;
    private final Map<String, SubscriberState> states = new ConcurrentHashMap<>();

    /** What the health view shows of one subscriber. */
    record SubscriberState(int consecutiveFailures, String lastError, Instant lastFailureAt, Instant lastDeliveredAt,
            long delivered) {

        static final SubscriberState NEW = new SubscriberState(0, null, null, null, 0);
    }

    WebhookDispatcher(WebhookProperties properties, WebhookOutboxStore outbox, UnaryOperator<String> secrets, Clock clock) {
        this.properties = properties;
        this.outbox = outbox;
        this.secrets = secrets;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(properties.timeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** One round over every subscriber; returns how many events were delivered. */
    int dispatchOnce() {
        int sent = 0;
        for (WebhookProperties.Subscriber subscriber : properties.subscribers()) {
            try {
                sent += dispatch(subscriber);
            }
            catch (RuntimeException e) {
                // the store is down: nothing is lost, the next round tries again
                log.warn("Webhook outbox of {} not read: {}", subscriber.name(), e.toString());
            }
        }
        return sent;
    }

    SubscriberState state(String subscriber) {
        return states.getOrDefault(subscriber, SubscriberState.NEW);
    }

    private int dispatch(WebhookProperties.Subscriber subscriber) {
        Instant now = clock.instant();
        long settled = ChronoUnit.MICROS.between(Instant.EPOCH, now.minus(properties.settle()));
        int sent = 0;
        for (WebhookDelivery entry : outbox.pending(subscriber.name(), settled, PAGE)) {
            if (entry.nextAttemptAt() != null && entry.nextAttemptAt().isAfter(now)) {
                return sent; // the head waits for its backoff; later events wait behind it
            }
            if (entry.occurredAt().plus(properties.giveUpAfter()).isBefore(now)) {
                outbox.save(entry.dead("undelivered after " + properties.giveUpAfter() + ": " + entry.lastError()));
                log.error("Webhook event {} for {} given up: {}", entry.eventId(), subscriber.name(), entry.lastError());
                continue;
            }
            String error = send(subscriber, entry);
            if (error != null) {
                Duration wait = backoff(entry.attempts() + 1);
                outbox.save(entry.failed(error, now.plus(wait)));
                SubscriberState s = state(subscriber.name());
                states.put(subscriber.name(), new SubscriberState(s.consecutiveFailures() + 1, error, now,
                        s.lastDeliveredAt(), s.delivered()));
                return sent;
            }
            outbox.save(entry.delivered(clock.instant()));
            SubscriberState s = state(subscriber.name());
            states.put(subscriber.name(), new SubscriberState(0, s.lastError(), s.lastFailureAt(), clock.instant(),
                    s.delivered() + 1));
            sent++;
        }
        return sent;
    }

    Duration backoff(int attempts) {
        long seconds = 1L << Math.min(attempts - 1, 20);
        Duration wait = Duration.ofSeconds(seconds);
        return wait.compareTo(properties.maxBackoff()) > 0 ? properties.maxBackoff() : wait;
    }

    /** Null when the receiver took it (any 2xx), else why not. */
    private String send(WebhookProperties.Subscriber subscriber, WebhookDelivery entry) {
        long timestamp = clock.instant().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(URI.create(subscriber.url()))
                .timeout(properties.timeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "Ticketflow-Webhooks/1")
                .header("X-Ticketflow-Event", entry.type())
                .header("X-Ticketflow-Event-Id", entry.eventId())
                .header("X-Ticketflow-Delivery-Attempt", Integer.toString(entry.attempts() + 1))
                .header(WebhookSignature.HEADER, WebhookSignature.header(secrets.apply(subscriber.secretEnv()),
                        timestamp, entry.payload()))
                .POST(HttpRequest.BodyPublishers.ofString(entry.payload()))
                .build();
        try {
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            return response.statusCode() / 100 == 2 ? null : "HTTP " + response.statusCode();
        }
        catch (java.io.IOException e) {
            return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    List<WebhookProperties.Subscriber> subscribers() {
        return properties.subscribers();
    }
}
