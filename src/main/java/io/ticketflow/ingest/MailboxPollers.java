package io.ticketflow.ingest;

import io.ticketflow.pipeline.IntakeRoute;
import io.ticketflow.pipeline.ProcessingOutcome;
import io.ticketflow.pipeline.Quarantine;
import io.ticketflow.store.MailboxCheckpoints;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.springframework.stereotype.Component;

/** Creates the poller of a mailbox (IMAP or POP3) and keeps each mailbox's status for the health endpoint. */
@Component
public class MailboxPollers {

    private final ProducerTemplate camel;
    private final Quarantine quarantine;
    private final MailboxCheckpoints checkpoints;
    private final FaultPoints faults;
    private final Map<String, MailboxStatus> statuses = new ConcurrentSkipListMap<>();

    public MailboxPollers(ProducerTemplate camel, Quarantine quarantine, MailboxCheckpoints checkpoints,
            FaultPoints faults) {
        this.camel = camel;
        this.quarantine = quarantine;
        this.checkpoints = checkpoints;
        this.faults = faults;
    }

    /** A poller that hands each message to {@code direct:intake}. */
    public MailboxPoller create(IntakeProperties.Mailbox mailbox) {
        return create(mailbox, this::intake);
    }

    public MailboxPoller create(IntakeProperties.Mailbox mailbox, MailboxPoller.Handoff handoff) {
        MailboxStatus status = statuses.computeIfAbsent(mailbox.name(), MailboxStatus::new);
        return mailbox.isImap() ? new ImapPoller(mailbox, handoff, quarantine, checkpoints, faults, status)
                : new Pop3Poller(mailbox, handoff, quarantine, checkpoints, faults, status);
    }

    public Collection<MailboxStatus> statuses() {
        return statuses.values();
    }

    public MailboxStatus status(String mailbox) {
        return statuses.get(mailbox);
    }

    private ProcessingOutcome intake(RawMessage raw) {
        try {
            return camel.requestBody(IntakeRoute.URI, raw, ProcessingOutcome.class);
        }
        catch (CamelExecutionException e) {
            // the intake's own failure (store unavailable), not Camel's wrapper, is what the poller reports
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }
}
