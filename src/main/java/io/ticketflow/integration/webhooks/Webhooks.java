package io.ticketflow.integration.webhooks;

import io.ticketflow.store.EventLog;
import io.ticketflow.store.WebhookOutboxStore;
import java.time.Clock;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Events out: checks the subscribers at start (a typo must not become silently lost events), hooks the publisher
 * into the event log, runs the dispatcher on one background thread, and shows each subscriber in health.
 */
@Configuration(proxyBeanMethods = false)
class Webhooks {

    @Bean
    WebhookDispatcher webhookDispatcher(WebhookProperties properties, WebhookOutboxStore outbox, EventLog events,
            Environment env, Clock clock) {
        check(properties, env);
        if (!properties.subscribers().isEmpty()) {
            events.addListener(new WebhookPublisher(properties.subscribers(), outbox));
        }
        return new WebhookDispatcher(properties, outbox, env::getProperty, clock);
    }

    @Bean
    SmartLifecycle webhookRounds(WebhookDispatcher dispatcher, WebhookProperties properties) {
        return new SmartLifecycle() {
            private ScheduledExecutorService executor;

            @Override
            public void start() {
                if (dispatcher.subscribers().isEmpty()) {
                    return;
                }
                executor = Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "webhook-dispatcher");
                    t.setDaemon(true);
                    return t;
                });
                long every = properties.pollInterval().toMillis();
                executor.scheduleWithFixedDelay(dispatcher::dispatchOnce, every, every, TimeUnit.MILLISECONDS);
            }

            @Override
            public void stop() {
                if (executor != null) {
                    executor.shutdownNow();
                    executor = null;
                }
            }

            @Override
            public boolean isRunning() {
                return executor != null;
            }
        };
    }

    @Bean
    HealthIndicator webhooksHealth(WebhookDispatcher dispatcher, WebhookOutboxStore outbox) {
        return () -> {
            Map<String, Object> details = new LinkedHashMap<>();
            for (WebhookProperties.Subscriber s : dispatcher.subscribers()) {
                WebhookDispatcher.SubscriberState state = dispatcher.state(s.name());
                Map<String, Object> d = new LinkedHashMap<>();
                d.put("state", state.consecutiveFailures() == 0 ? "ok" : "failing");
                d.put("pending", outbox.pendingCount(s.name()));
                d.put("delivered", state.delivered());
                d.put("consecutiveFailures", state.consecutiveFailures());
                if (state.lastError() != null) {
                    d.put("lastError", state.lastError());
                    d.put("lastFailureAt", String.valueOf(state.lastFailureAt()));
                }
                if (state.lastDeliveredAt() != null) {
                    d.put("lastDeliveredAt", state.lastDeliveredAt().toString());
                }
                details.put(s.name(), d);
            }
            // a failing receiver is the receiver's outage, not ours: events wait in the outbox
            return Health.up().withDetails(details).build();
        };
    }

    static void check(WebhookProperties properties, Environment env) {
        Set<String> names = new HashSet<>();
        for (WebhookProperties.Subscriber s : properties.subscribers()) {
            String where = "ticketflow.webhooks.subscribers '" + s.name() + "': ";
            if (s.name() == null || s.name().isBlank() || !names.add(s.name())) {
                throw new IllegalStateException(where + "every subscriber needs its own name");
            }
            if (s.url() == null || !s.url().matches("(?i)https?://\\S+")) {
                throw new IllegalStateException(where + "url must be http:// or https://, was " + s.url());
            }
            for (String event : s.events()) {
                if (WebhookEventType.of(event) == null) {
                    throw new IllegalStateException(where + "unknown event '" + event + "'; known: ticket.created, "
                            + "message.appended, status.changed, reply.sent, sla.breached, rating.received");
                }
            }
            String secret = s.secretEnv() == null ? null : env.getProperty(s.secretEnv());
            if (secret == null || secret.length() < 16) {
                throw new IllegalStateException(where + "secret-env must name an environment variable holding a "
                        + "secret of at least 16 characters (" + s.secretEnv() + " is " + (secret == null ? "unset" : "too short") + ")");
            }
        }
    }
}
