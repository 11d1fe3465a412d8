package io.ticketflow.intake;

import io.ticketflow.store.RawMessageStore;
import io.ticketflow.store.RawRecord;
import io.ticketflow.vocabulary.ProcessingOutcome;
import io.ticketflow.vocabulary.ProcessingOutcome.Outcome;

/**
 * {@code keep raw}: the raw message is stored (create-only, keyed by its id) before anything else happens to it, so a
 * crash at any later point loses nothing and a retry finds the same record. The intake usually stored it already
 * ({@link ReliableIntake}); then this step only checks it. A message whose record already has its outcome (the same
 * bytes processed before) ends here with that outcome, marked as a duplicate.
 */
final class KeepRaw implements IntakeStep {

    private final RawMessageStore rawStore;

    KeepRaw(RawMessageStore rawStore) {
        this.rawStore = rawStore;
    }

    @Override
    public String name() {
        return "keep raw";
    }

    @Override
    public void apply(MessageInProgress m) {
        if (m.record == null) {
            m.record = rawStore.save(m.raw);
        }
        RawRecord record = m.record.value();
        if (record.isFinished()) {
            m.outcome = new ProcessingOutcome(Outcome.of(record.outcome()), record.ticket(), record.reason(), record.id(),
                    record.messageId(), true, null, null, null);
        }
    }
}
