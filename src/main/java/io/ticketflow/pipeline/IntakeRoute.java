package io.ticketflow.pipeline;

import io.ticketflow.ingest.RawMessage;
import io.ticketflow.store.StoreUnavailableException;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * {@code direct:intake}: every source (mailbox routes, REST, import, file drop) hands a {@link RawMessage} here and
 * gets a {@link ProcessingOutcome} back. A failing message is quarantined and the route carries on; only when the
 * store itself is unavailable does the exchange fail, so the source does not acknowledge and the message comes again.
 */
@Component
public class IntakeRoute extends RouteBuilder {

    public static final String URI = "direct:intake";

    private final MessagePipeline pipeline;
    private final Quarantine quarantine;

    public IntakeRoute(MessagePipeline pipeline, Quarantine quarantine) {
        this.pipeline = pipeline;
        this.quarantine = quarantine;
    }

    @Override
    public void configure() {
        onException(Exception.class)
                .onWhen(e -> !StoreUnavailableException.isCauseOf(e.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class)))
                .handled(true)
                .process(e -> e.getMessage().setBody(quarantine.quarantine(e.getMessage().getBody(RawMessage.class),
                        e.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class))));

        from(URI).routeId("intake")
                .bean(pipeline, "process");
    }
}
