package io.ticketflow.intake;

import io.ticketflow.vocabulary.ProcessingOutcome;
import io.ticketflow.vocabulary.RawMessage;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.springframework.stereotype.Component;

/** Hands a raw message to {@code direct:intake} for the Java sources (pollers, import, replay). */
@Component
public class Intake {

    private final ProducerTemplate camel;

    public Intake(ProducerTemplate camel) {
        this.camel = camel;
    }

    /** How the message ended; throws the intake's own failure (e.g. store unavailable), not Camel's wrapper. */
    public ProcessingOutcome process(RawMessage raw) {
        try {
            return camel.requestBody(IntakeRoute.URI, raw, ProcessingOutcome.class);
        }
        catch (CamelExecutionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }
}
