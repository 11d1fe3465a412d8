package io.ticketflow.intake;

import io.ticketflow.store.DocumentRejectedException;
import io.ticketflow.store.EventLog;
import io.ticketflow.store.RawMessageStore;
import io.ticketflow.store.RawRecord;
import io.ticketflow.store.Versioned;
import io.ticketflow.vocabulary.CauseChain;
import io.ticketflow.vocabulary.ProcessingOutcome;
import io.ticketflow.vocabulary.RawMessage;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Keeps a message that could not be processed: the raw bytes stay in the raw store, marked quarantined with the error
 * and the attempt count, so an admin can see it ({@code GET /api/admin/quarantine}) and replay it. If even this write
 * fails, the exception propagates and the source keeps the message.
 */
@Component
public class Quarantine {

    private static final Logger log = LoggerFactory.getLogger(Quarantine.class);

    private final RawMessageStore rawStore;
    private final EventLog events;

    public Quarantine(RawMessageStore rawStore, EventLog events) {
        this.rawStore = rawStore;
        this.events = events;
    }

    public ProcessingOutcome quarantine(RawMessage raw, Throwable error) {
        return quarantine(raw, describe(error), StepList.FailedStep.of(error));
    }

    public ProcessingOutcome quarantine(RawMessage raw, String reason) {
        return quarantine(raw, reason, null);
    }

    /** @param step the intake step that failed, or null when the failure came from around the steps */
    private ProcessingOutcome quarantine(RawMessage raw, String reason, String step) {
        mark(raw, r -> r.quarantined(reason));
        log.warn("Quarantined {} ({}){}: {}", raw.id(), raw, step == null ? "" : " in step " + step, reason);
        events.record(EventLog.Event.of("quarantined", null, raw.id(), 0, reason).atStep(step));
        return ProcessingOutcome.quarantined(raw.id(), reason);
    }

    /**
     * Mail over the size limit: {@code head} holds only its beginning (the body was never loaded whole). The record is
     * admin-visible like any quarantined one but cannot be replayed: the mail stays on the server.
     */
    public ProcessingOutcome oversized(RawMessage head, String reason) {
        mark(head, r -> r.oversized(reason));
        log.warn("Quarantined oversized mail {} ({}): {}", head.id(), head, reason);
        events.record("quarantined", null, head.id(), 0, reason);
        return ProcessingOutcome.quarantined(head.id(), reason);
    }

    private void mark(RawMessage raw, UnaryOperator<RawRecord> change) {
        Versioned<RawRecord> record = rawStore.save(raw);
        for (int i = 0; i < 20 && !rawStore.update(record, change.apply(record.value())); i++) {
            record = rawStore.find(raw.id());
        }
    }

    static String describe(Throwable error) {
        // a refused document says which index and why in its own message, whatever wrapped it on the way
        Throwable root = CauseChain.of(error).stream().filter(DocumentRejectedException.class::isInstance).findFirst()
                .orElse(error);
        while (root.getCause() != null && root.getCause() != root && root.getMessage() == null) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.length() > 1000 ? message.substring(0, 1000) : message;
    }
}
