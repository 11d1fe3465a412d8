package io.ticketflow.intake;

import io.ticketflow.store.EventLog;
import io.ticketflow.store.RawMessageStore;
import io.ticketflow.store.RawRecord;
import io.ticketflow.store.Versioned;
import io.ticketflow.vocabulary.ProcessingOutcome;
import io.ticketflow.vocabulary.ProcessingOutcome.Outcome;
import io.ticketflow.vocabulary.ThreadingDecision;

/**
 * {@code record outcome}: the raw record stores how the message ended (so the same bytes again answer the same
 * outcome), with the number of the ticket the message opened (a replay reuses it), and the decision event with its
 * timing and the routing rules that matched (one event per message: the route step records none of its own). Runs for
 * every settled message, screened or not. One write of the record per message after it was stored: the new ticket's
 * number comes along here instead of being written on its own ({@link NumberTicket}), and the decision event is the
 * record itself (its fields under the events index's names, {@link RawRecord.Decision}) instead of a document of the
 * events index; the event log only hands it to its listeners (webhooks).
 */
final class RecordOutcome implements IntakeStep {

    private final RawMessageStore rawStore;
    private final EventLog events;

    RecordOutcome(RawMessageStore rawStore, EventLog events) {
        this.rawStore = rawStore;
        this.events = events;
    }

    @Override
    public String name() {
        return "record outcome";
    }

    @Override
    public boolean appliesTo(MessageInProgress m) {
        return m.settled != null;
    }

    @Override
    public void apply(MessageInProgress m) {
        boolean screened = m.settled == Outcome.SCREENED;
        String reason = m.reason.toString();
        String detail = m.routing == null ? reason : reason + "; rules " + m.routing.rulesMatched();
        String opened = m.opensTicket && !screened ? m.ticketNumber : null;
        ThreadingDecision decision = m.threading;
        EventLog.Event event = (screened
                ? EventLog.Event.of("screened", m.ticketNumber, m.raw.id(), m.millisSoFar(),
                        m.verdict.kind().label() + ": " + detail)
                : EventLog.Event.of("threaded", m.ticketNumber, m.raw.id(), m.millisSoFar(), detail)
                        .withDecision(decision.method().label(), decision.score(), decision.relatedTo()))
                .atStep(name());
        finish(m.record, opened, screened ? "screened" : "processed", m.settled, reason, m.parsed.messageId(), event);
        // the record just written is the event's document: the listeners (webhooks) hear of it, nothing more is written
        events.announce(event);
        m.outcome = new ProcessingOutcome(m.settled, m.ticketNumber, reason, m.raw.id(), m.parsed.messageId(), null,
                ProcessingOutcome.Screening.of(m.verdict), screened ? null : ProcessingOutcome.Threading.of(decision),
                m.parsed.warnings());
    }

    /** The version in hand is usually current (no read); a concurrent change is re-read. */
    private void finish(Versioned<RawRecord> record, String opened, String state, Outcome outcome, String reason,
            String messageId, EventLog.Event event) {
        if (rawStore.replace(record, finished(record.value(), opened, state, outcome, reason, messageId, event)) == null) {
            Versioned<RawRecord> latest = rawStore.find(record.value().id());
            rawStore.update(latest, finished(latest.value(), opened, state, outcome, reason, messageId, event));
        }
    }

    private static RawRecord finished(RawRecord record, String opened, String state, Outcome outcome, String reason,
            String messageId, EventLog.Event event) {
        RawRecord numbered = opened == null || opened.equals(record.ticket()) ? record : record.withTicket(opened);
        return numbered.finished(state, outcome.label(), reason, messageId).withDecision(event);
    }
}
