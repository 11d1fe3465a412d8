package io.ticketflow.respond;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * The safety net of outgoing mail, on a timer: retries what SMTP refused, and sends entries whose hand-off to the
 * {@link OutboxDispatcher} was lost (queue full, crash) or whose sender died mid-send.
 */
@Component
class OutboxRoutes extends RouteBuilder {

    private final OutboxSender sender;
    private final OutboxProperties properties;

    OutboxRoutes(OutboxSender sender, OutboxProperties properties) {
        this.sender = sender;
        this.properties = properties;
    }

    @Override
    public void configure() {
        from("scheduler:outbox-retry?delay=" + properties.retryDelay().toMillis() + "&initialDelay=5000")
                .routeId("outbox-retry")
                .bean(sender, "dispatchDue");
    }
}
