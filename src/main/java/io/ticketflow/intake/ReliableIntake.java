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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
        return process(raw, keep(raw));
    }

    /**
     * The last phase of a batch's walk (or the whole walk, for a message kept by {@link #keep} just now): the attempt
     * with the writing steps, going on from what {@link #decideAll} decided for a fresh message.
     *
     * @param kept the message's raw record and delivery claim; null to store them now (the message walks alone)
     */
    public ProcessingOutcome process(RawMessage raw, Kept kept) {
        try {
            return attemptKept(raw, kept);
        }
        finally {
            // whatever became of it, the batch's walk no longer waits for it
            if (kept != null && kept.decided != null && kept.decided.walk != null) {
                kept.decided.walk.leave(kept.decided);
            }
        }
    }

    private ProcessingOutcome attemptKept(RawMessage raw, Kept kept) {
        if (kept == null || !kept.raw.id().equals(raw.id())) {
            kept = keep(raw);
        }
        kept.rethrowFailure();
        if (kept.gone()) {
            throw new IllegalStateException("raw message " + raw.id() + " was deleted; there is nothing to process");
        }
        Versioned<RawRecord> record = kept.stored.record();
        if (record.value().isFinished()) {
            return steps.process(raw, record);
        }
        if (kept.firstCopy != null && !kept.firstCopy.equals(raw.id())) {
            return duplicateOf(kept.firstCopy, record);
        }
        return attempt(raw, record, kept.stored.created(), kept.decided);
    }

    /**
     * The first phase of a batch's walk: the raw bytes stored (create-only, the first attempt counted) and the
     * delivery claimed, before anything else happens to the message. A failure is kept and thrown by
     * {@link #process(RawMessage, Kept)}, inside {@code direct:intake}, so it is handled exactly as before.
     */
    public Kept keep(RawMessage raw) {
        try {
            RawMessageStore.Stored stored = rawStore.saveForProcessing(raw);
            faults.reached(FaultPoint.AFTER_RAW_STORE, raw.id());
            String key = stored.record().value().isFinished() ? null : DeliveryKey.of(raw.bytes());
            return new Kept(raw, stored, key == null ? null : deliveries.claim(key, raw.id(), raw.mailbox()), null);
        }
        catch (RuntimeException | Error e) {
            return new Kept(raw, null, null, e);
        }
    }

    /**
     * {@link #keep} for a message whose raw record is stored already and was just read (a replay): nothing is written
     * or read again for it (before, each replayed message sent its bytes and record create-only, met the conflict
     * and read the record back by a realtime GET).
     */
    public Kept kept(RawMessage raw, Versioned<RawRecord> record) {
        if (record == null) {
            // deleted since it was listed (retention, erasure): nothing to run, and nothing failed
            return new Kept(raw, null, null, null);
        }
        try {
            // its raw copy is stored, as after keep's store
            faults.reached(FaultPoint.AFTER_RAW_STORE, raw.id());
            String key = record.value().isFinished() ? null : DeliveryKey.of(raw.bytes());
            return new Kept(raw, new RawMessageStore.Stored(record, false),
                    key == null ? null : deliveries.claim(key, raw.id(), raw.mailbox()), null);
        }
        catch (RuntimeException | Error e) {
            return new Kept(raw, null, null, e);
        }
    }

    /**
     * The second phase of a batch's walk, for a chunk of the batch on one deciding thread: the steps that decide from
     * the message alone ({@link StepList#decideAll}, step by step for the chunk's messages together), for each message
     * whose record this very attempt created. A step that fails here changes nothing: that message's attempt walks
     * the steps again from the start and fails there, counted as any failed attempt.
     */
    public void decideAll(List<Kept> chunk) {
        List<Kept> fresh = new ArrayList<>();
        List<MessageInProgress> messages = new ArrayList<>();
        for (Kept kept : chunk) {
            if (kept.failure == null && !kept.gone() && kept.stored.created() && !kept.stored.record().value().isFinished()
                    && (kept.firstCopy == null || kept.firstCopy.equals(kept.raw.id()))) {
                MessageInProgress message = new MessageInProgress(kept.raw, kept.stored.record());
                message.fresh = true;
                fresh.add(kept);
                messages.add(message);
            }
        }
        Map<MessageInProgress, Throwable> failed = steps.decideAll(messages);
        for (int i = 0; i < fresh.size(); i++) {
            Throwable failure = failed.get(messages.get(i));
            if (failure == null) {
                fresh.get(i).decided = messages.get(i);
            }
            else {
                log.debug("Deciding raw message {} failed; its attempt walks the steps again: {}", fresh.get(i).raw.id(),
                        failure.toString());
            }
        }
    }

    /**
     * The decided messages of a batch released to write together: their writing steps run in lockstep
     * ({@link BatchWalk}), so each step's writes for all of them travel as one bulk.
     */
    public void writeTogether(List<Kept> released) {
        List<MessageInProgress> decided = released.stream().map(k -> k.decided).filter(Objects::nonNull).toList();
        if (decided.size() > 1) {
            new BatchWalk(decided, steps.steps().size(), BatchWalk.PATIENCE);
        }
    }

    /**
     * A message of a batch after its first phase ({@link #keep}): its stored raw record and the first copy's raw id
     * (null when it has no delivery key), or the failure that stopped it; after {@link #decideAll}, what it decided.
     */
    public static final class Kept {

        private final RawMessage raw;
        private final RawMessageStore.Stored stored;
        private final String firstCopy;
        private final Throwable failure;
        private MessageInProgress decided;

        private Kept(RawMessage raw, RawMessageStore.Stored stored, String firstCopy, Throwable failure) {
            this.raw = raw;
            this.stored = stored;
            this.firstCopy = firstCopy;
            this.failure = failure;
        }

        /** The stored message this was to run from was deleted before its turn ({@link #kept} without a record). */
        public boolean gone() {
            return stored == null && failure == null;
        }

        private void rethrowFailure() {
            if (failure instanceof RuntimeException e) {
                throw e;
            }
            if (failure instanceof Error e) {
                throw e;
            }
        }
    }

    /**
     * This copy arrived after another copy of the same message. Usually the first copy is finished or quarantined (or finishes within
     * moments: a mail to two addresses wakes both mailboxes at once), and this copy just records its outcome. If the
     * first copy is still unfinished after a while, its source has stopped offering it (crash, aborted import): this
     * copy then finishes it, which is safe because processing is idempotent.
     */
    private ProcessingOutcome duplicateOf(String firstId, Versioned<RawRecord> record) {
        Versioned<RawRecord> first = awaitFinished(firstId);
        if (first == null) {
            return attempt(bytesOf(record.value()), record, false, null);
        }
        // a quarantined first copy is at rest, not in flight: this copy is its duplicate (a replay takes the first)
        if (!first.value().isSettled()) {
            if (first.value().updatedAt() != null && first.value().updatedAt().isAfter(Instant.now().minus(TAKE_OVER_AFTER))) {
                throw new InFlightElsewhereException("the same message is being processed from "
                        + first.value().mailbox() + " (raw " + firstId + "); this copy is offered again later");
            }
            attempt(bytesOf(first.value()), first, false, null);
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
        while (first != null && !first.value().isSettled() && System.nanoTime() < deadline) {
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

    /**
     * @param started the record was just stored with this first attempt counted ({@link RawMessageStore#saveForProcessing})
     * @param decided what the deciding steps decided for that first attempt ({@link #decideAll}), or null
     */
    private ProcessingOutcome attempt(RawMessage raw, Versioned<RawRecord> record, boolean started,
            MessageInProgress decided) {
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
                if (fresh && decided != null) {
                    return steps.run(decided).outcome;
                }
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
