package io.ticketflow.intake;

import io.ticketflow.store.StoreUnavailableException;
import io.ticketflow.vocabulary.CauseChain;
import io.ticketflow.vocabulary.ProcessingOutcome;
import io.ticketflow.vocabulary.RawMessage;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * {@code direct:intake}: every source (mailbox routes, REST, import, file drop) hands a {@link RawMessage} here and
 * gets a {@link ProcessingOutcome} back. A failing message is tried up to {@code ticketflow.intake.max-attempts} times
 * and then quarantined ({@link ReliableIntake}), and the route carries on; only when the store itself is unavailable
 * does the exchange fail, so the source does not acknowledge and the message comes again. The handler below is the
 * last resort for failures outside the pipeline (it quarantines at once).
 */
@Component
public class IntakeRoute extends RouteBuilder {

    public static final String URI = "direct:intake";
    /** The exchange property with what the first phases of a batch kept and decided for the message ({@link Intake#submit}). */
    static final String KEPT = "ticketflowKept";

    private final ReliableIntake intake;
    private final Quarantine quarantine;

    public IntakeRoute(ReliableIntake intake, Quarantine quarantine) {
        this.intake = intake;
        this.quarantine = quarantine;
    }

    @Override
    public void configure() {
        // not for the store being down, nor for a JVM Error (out of memory ...), which is handled like a crash: the
        // source keeps the message and ReliableIntake counts the attempt, quarantining it after max-attempts
        onException(Exception.class)
                .onWhen(e -> !StoreUnavailableException.isCauseOf(e.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class))
                        && !CauseChain.contains(e.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class), Error.class))
                .handled(true)
                .process(e -> e.getMessage().setBody(quarantine.quarantine(e.getMessage().getBody(RawMessage.class),
                        e.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class))));

        from(URI).routeId("intake")
                .bean(intake, "process(${body}, ${exchangeProperty." + KEPT + "})");
    }
}
