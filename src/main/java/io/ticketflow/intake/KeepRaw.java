package io.ticketflow.intake;

import io.ticketflow.store.MessageStore;
import io.ticketflow.store.RawMessageStore;
import io.ticketflow.store.RawRecord;
import io.ticketflow.ticket.TicketMessage;
import io.ticketflow.vocabulary.ProcessingOutcome;
import io.ticketflow.vocabulary.ProcessingOutcome.Outcome;
import java.util.List;
import java.util.Objects;

/**
 * {@code keep raw}: the raw message is stored (create-only, keyed by its id) before anything else happens to it, so a
 * crash at any later point loses nothing and a retry finds the same record. The intake usually stored it already
 * ({@link ReliableIntake}); then this step only checks it. A message whose record already has its outcome (the same
 * bytes processed before) ends here with that outcome, marked as a duplicate.
 */
final class KeepRaw implements IntakeStep {

    private final RawMessageStore rawStore;
    private final MessageStore messages;

    KeepRaw(RawMessageStore rawStore, MessageStore messages) {
        this.rawStore = rawStore;
        this.messages = messages;
    }

    @Override
    public String name() {
        return "keep raw";
    }

    /** Only when the record is still to be stored, or is finished (a message whose record is stored goes on). */
    @Override
    public boolean appliesTo(MessageInProgress m) {
        return m.settled == null && (m.record == null || m.record.value().isFinished());
    }

    @Override
    public void apply(MessageInProgress m) {
        if (m.record == null) {
            m.record = rawStore.save(m.raw);
        }
        RawRecord record = m.record.value();
        if (record.isFinished()) {
            m.outcome = new ProcessingOutcome(Outcome.of(record.outcome()), ticketOf(record), record.reason(),
                    record.id(), record.messageId(), true, null, null, null);
        }
    }

    /**
     * The raw record names only a ticket the message opened; an appended message (or screened mail kept on a ticket)
     * is found through its message document, which also follows a later merge. A client retrying after a time-out
     * learns where its message went either way.
     */
    private String ticketOf(RawRecord record) {
        if (record.ticket() != null || Outcome.of(record.outcome()) == Outcome.QUARANTINED) {
            return record.ticket();
        }
        return messages.findAll(List.of(record.id())).stream().map(TicketMessage::ticket).filter(Objects::nonNull)
                .findFirst().orElse(null);
    }
}
