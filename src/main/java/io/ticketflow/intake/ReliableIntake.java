package io.ticketflow.intake;

import io.ticketflow.intake.FaultPoints.FaultPoint;
import io.ticketflow.store.Deliveries;
import io.ticketflow.store.RawMessageStore;
import io.ticketflow.store.RawRecord;
import io.ticketflow.store.StoreUnavailableException;
import io.ticketflow.store.Versioned;
import io.ticketflow.vocabulary.ProcessingOutcome;
import io.ticketflow.vocabulary.RawMessage;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * What {@code direct:intake} runs around the intake steps ({@link IntakeSteps}), so that no message is lost, none is processed
 * into two tickets, and none blocks the messages behind it:
 * <ol>
 * <li>the raw bytes are stored first (create-only, id = SHA-256): only then may any source acknowledge;</li>
 * <li>a message delivered earlier through another mailbox (same {@link DeliveryKey}) is not processed again: this
 * copy is recorded as a duplicate of the first one and gets its outcome;</li>
 * <li>each attempt is counted on the raw record <em>before</em> the pipeline runs, so a message that kills the process
 * is counted too; after {@code ticketflow.intake.max-attempts} the message is quarantined instead of tried again;</li>
 * <li>a store outage is never an attempt: it propagates, the source keeps the message and offers it again.</li>
 * </ol>
 */
@Component
public class ReliableIntake {

    private static final Logger log = LoggerFactory.getLogger(ReliableIntake.class);
    private static final Duration AWAIT_FIRST = Duration.ofSeconds(5);
    private static final Duration TAKE_OVER_AFTER = Duration.ofMinutes(2);

    private final RawMessageStore rawStore;
    private final StepList steps;
    private final Quarantine quarantine;
    private final Deliveries deliveries;
    private final FaultPoints faults;
    private final int maxAttempts;

    public ReliableIntake(RawMessageStore rawStore, StepList steps, Quarantine quarantine, Deliveries deliveries,
            FaultPoints faults, IntakeProperties intake) {
        this.rawStore = rawStore;
        this.steps = steps;
        this.quarantine = quarantine;
        this.deliveries = deliveries;
        this.faults = faults;
        this.maxAttempts = intake.maxAttempts();
    }

    public ProcessingOutcome process(RawMessage raw) {
        RawMessageStore.Stored stored = rawStore.saveForProcessing(raw);
        Versioned<RawRecord> record = stored.record();
        faults.reached(FaultPoint.AFTER_RAW_STORE, raw.id());
        if (record.value().isFinished()) {
            return steps.process(raw, record);
        }
        String key = DeliveryKey.of(raw.bytes());
        if (key != null) {
            String first = deliveries.claim(key, raw.id(), raw.mailbox());
            if (!first.equals(raw.id())) {
                return duplicateOf(first, record);
            }
        }
        return attempt(raw, record, stored.created());
    }

    /**
     * This copy arrived after another copy of the same message. Usually the first copy is finished (or finishes within
     * moments: a mail to two addresses wakes both mailboxes at once), and this copy just records its outcome. If the
     * first copy is still unfinished after a while, its source has stopped offering it (crash, aborted import): this
     * copy then finishes it, which is safe because processing is idempotent.
     */
    private ProcessingOutcome duplicateOf(String firstId, Versioned<RawRecord> record) {
        Versioned<RawRecord> first = awaitFinished(firstId);
        if (first == null) {
            return attempt(bytesOf(record.value()), record, false);
        }
        if (!first.value().isFinished()) {
            if (first.value().updatedAt() != null && first.value().updatedAt().isAfter(Instant.now().minus(TAKE_OVER_AFTER))) {
                throw new InFlightElsewhereException("the same message is being processed from "
                        + first.value().mailbox() + " (raw " + firstId + "); this copy is offered again later");
            }
            attempt(bytesOf(first.value()), first, false);
        }
        RawRecord original = rawStore.find(firstId).value();
        Versioned<RawRecord> latest = rawStore.find(record.value().id());
        if (!latest.value().isFinished()) {
            rawStore.update(latest, latest.value().duplicateOf(original));
        }
        log.info("Raw message {} ({}) is the same message as {} ({}): {}", record.value().id(), record.value().mailbox(),
                firstId, original.mailbox(), original.outcome());
        return new ProcessingOutcome(ProcessingOutcome.Outcome.of(original.outcome()), original.ticket(),
                "same message as raw " + firstId + " (" + original.reason() + ")", record.value().id(),
                original.messageId(), true, null, null, null);
    }

    private Versioned<RawRecord> awaitFinished(String id) {
        long deadline = System.nanoTime() + AWAIT_FIRST.toNanos();
        Versioned<RawRecord> first = rawStore.find(id);
        while (first != null && !first.value().isFinished() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            first = rawStore.find(id);
        }
        return first;
    }

    /** @param started the record was just stored with this first attempt counted ({@link RawMessageStore#saveForProcessing}) */
    private ProcessingOutcome attempt(RawMessage raw, Versioned<RawRecord> record, boolean started) {
        while (true) {
            // only the attempt that created the record may skip looking for what an earlier attempt wrote
            boolean fresh = started;
            record = started ? record : startAttempt(record);
            started = false;
            if (record.value().isFinished()) {
                return steps.process(raw, record);
            }
            int attempts = record.value().attempts();
            if (attempts > maxAttempts) {
                String last = record.value().error();
                return quarantine.quarantine(raw, "gave up after " + maxAttempts + " attempts; "
                        + (last == null ? "processing never finished (the process stopped during each attempt)"
                                : "last error: " + last));
            }
            try {
                return steps.process(raw, record, fresh);
            }
            catch (RuntimeException | StackOverflowError e) {
                if (StoreUnavailableException.isCauseOf(e)) {
                    throw e;
                }
                // a deliberate decision or a failure the same bytes always cause: trying again would end the same
                if (attempts >= maxAttempts || DeterministicFailures.is(e)) {
                    return quarantine.quarantine(raw, e);
                }
                log.info("Attempt {} of {} for raw message {} failed, trying again: {}", attempts, maxAttempts, raw.id(),
                        e.toString());
                record = recordFailure(raw.id(), Quarantine.describe(e));
            }
        }
    }

    private Versioned<RawRecord> startAttempt(Versioned<RawRecord> current) {
        for (int i = 0; i < 20; i++) {
            if (current.value().isFinished()) {
                return current;
            }
            Versioned<RawRecord> started = rawStore.replace(current, current.value().attemptStarted());
            if (started != null) {
                return started;
            }
            current = rawStore.find(current.value().id());
        }
        throw new IllegalStateException("raw message " + current.value().id() + " keeps changing concurrently");
    }

    private Versioned<RawRecord> recordFailure(String id, String error) {
        for (int i = 0; i < 20; i++) {
            Versioned<RawRecord> current = rawStore.find(id);
            Versioned<RawRecord> failed = rawStore.replace(current, current.value().attemptFailed(error));
            if (failed != null) {
                return failed;
            }
        }
        return rawStore.find(id);
    }

    private RawMessage bytesOf(RawRecord record) {
        return rawStore.message(record);
    }
}
