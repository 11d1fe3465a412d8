package io.ticketflow.intake;

import io.ticketflow.classify.MessageClassifier;
import io.ticketflow.route.RuleSet;
import io.ticketflow.screen.monitoring.MonitoringNotice;
import io.ticketflow.store.RawRecord;
import io.ticketflow.store.Versioned;
import io.ticketflow.ticket.Ticket;
import io.ticketflow.vocabulary.Classification;
import io.ticketflow.vocabulary.ParsedMessage;
import io.ticketflow.vocabulary.ProcessingOutcome;
import io.ticketflow.vocabulary.ProcessingOutcome.Outcome;
import io.ticketflow.vocabulary.RawMessage;
import io.ticketflow.vocabulary.RoutingDecision;
import io.ticketflow.vocabulary.ScreeningVerdict;
import io.ticketflow.vocabulary.ThreadingDecision;

/**
 * One message on its way through the intake steps: what the steps decided so far. Each step reads what earlier steps
 * set and adds its own part; the step that sets {@link #outcome} ends the message. Used by one thread at a time (a
 * batch's phases hand it from the deciding thread to a worker through a future, which publishes it), so the fields
 * need no lock.
 */
final class MessageInProgress {

    final RawMessage raw;
    final long startedNanos = System.nanoTime();
    Versioned<RawRecord> record;
    /**
     * The raw record was created by this very attempt: no earlier attempt can have written anything for the message,
     * so nothing written before has to be looked for (a retry, a replay or a second copy looks).
     */
    boolean fresh;
    ParsedMessage parsed;
    ScreeningVerdict verdict;
    Classification classification;
    /**
     * The cascade's labels not refined yet: {@link #classification} holds the unsure models' sparse answers until a
     * step needs the refined ones ({@link #refineLabels}); null when the classification is final (docs/classification.md,
     * "When the embedding runs").
     */
    MessageClassifier.Staged labels;
    RoutingDecision routing;
    /** The rule set {@code route} used (a message routed again after {@code find ticket} is routed by the same). */
    RuleSet routedBy;
    ThreadingDecision threading;
    /** The ticket this message goes on, once known. */
    String ticketNumber;
    /** This message opens its ticket (also when a retry finds the ticket it created before a crash). */
    boolean opensTicket;
    /** The ticket as written with this message. */
    Ticket ticket;
    /**
     * The refund note as the ticket write folded it in ({@link NoteRefund#folded}): the refund before and after that
     * write; null when the write did not fold it (then {@code note refund} writes it itself, as before).
     */
    NoteRefund.Folded refundFolded;
    /** A chat message's edit that changed the stored message (nothing to acknowledge, no customer reply). */
    boolean edit;
    /** A monitoring notification: the alert this incident message is about (null for every other message). */
    MonitoringNotice alert;
    /** An agent's mail to a ticket's signed agent address, handled by take agent mail (no acknowledgement, no notice). */
    boolean agentMail;
    /** A new ticket's acknowledgement as planned before the ticket is written (suggest articles); null if not planned. */
    SuggestArticles.Plan acknowledgement;
    /** How the message will end, once a step decided it; then only the steps that finish a message run. */
    Outcome settled;
    /** What the writing steps did, for the outcome's reason. */
    final StringBuilder reason = new StringBuilder();
    ProcessingOutcome outcome;
    /** The index of the next step to look at: after a batch's deciding phase, the first step that may write. */
    int next;
    /**
     * The batch's lockstep through the writing steps ({@link BatchWalk}), for the first attempt of a decided message
     * of a batch; null when the message walks alone (a retry, a message processed by itself).
     */
    BatchWalk walk;

    MessageInProgress(RawMessage raw, Versioned<RawRecord> record) {
        this.raw = raw;
        this.record = record;
    }

    /** The classification becomes the cascade's full answer (the sentence embedding is computed now if needed). */
    void refineLabels() {
        if (labels != null) {
            classification = labels.refined();
            labels = null;
        }
    }

    long millisSoFar() {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }

    boolean ended() {
        return outcome != null;
    }
}
