package io.ticketflow.respond;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/** Retries outgoing mail that could not be sent (SMTP down) on a timer. */
@Component
class OutboxRoutes extends RouteBuilder {

    private final Outbox outbox;

    OutboxRoutes(Outbox outbox) {
        this.outbox = outbox;
    }

    @Override
    public void configure() {
        from("scheduler:outbox-retry?delay={{ticketflow.outbox.retry-delay-ms:5000}}&initialDelay=5000")
                .routeId("outbox-retry")
                .bean(outbox, "dispatchDue");
    }
}
