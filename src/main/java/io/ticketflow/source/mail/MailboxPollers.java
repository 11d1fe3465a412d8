package io.ticketflow.source.mail;

import io.ticketflow.intake.FaultPoints;
import io.ticketflow.intake.Intake;
import io.ticketflow.intake.IntakeProperties;
import io.ticketflow.intake.IntakeWorkers;
import io.ticketflow.intake.Quarantine;
import io.ticketflow.store.MailboxCheckpoints;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import org.springframework.stereotype.Component;

/** Creates the poller of a mailbox (IMAP or POP3) and keeps each mailbox's status for the health endpoint. */
@Component
public class MailboxPollers {

    private final Intake intake;
    private final Quarantine quarantine;
    private final MailboxCheckpoints checkpoints;
    private final FaultPoints faults;
    private final IntakeWorkers workers;
    private final Map<String, MailboxStatus> statuses = new ConcurrentSkipListMap<>();

    public MailboxPollers(Intake intake, Quarantine quarantine, MailboxCheckpoints checkpoints,
            FaultPoints faults, IntakeWorkers workers) {
        this.intake = intake;
        this.quarantine = quarantine;
        this.checkpoints = checkpoints;
        this.faults = faults;
        this.workers = workers;
    }

    /** A poller that hands each message to {@code direct:intake}. */
    public MailboxPoller create(IntakeProperties.Mailbox mailbox) {
        return create(mailbox, raw -> { });
    }

    public MailboxPoller create(IntakeProperties.Mailbox mailbox, MailboxPoller.Admission admission) {
        MailboxStatus status = statuses.computeIfAbsent(mailbox.name(), MailboxStatus::new);
        return mailbox.isImap() ? new ImapPoller(mailbox, intake, admission, quarantine, checkpoints, faults, status, workers)
                : new Pop3Poller(mailbox, intake, admission, quarantine, checkpoints, faults, status, workers);
    }

    public Collection<MailboxStatus> statuses() {
        return statuses.values();
    }

    public MailboxStatus status(String mailbox) {
        return statuses.get(mailbox);
    }
}
