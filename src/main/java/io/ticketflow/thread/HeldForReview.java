package io.ticketflow.thread;

import io.ticketflow.vocabulary.ThreadingDecision;

/**
 * Thrown for a message the stranger policy {@code hold} keeps back: it names a ticket its sender does not belong to.
 * The intake route quarantines it with this message, so an agent sees it and can replay it.
 */
public class HeldForReview extends RuntimeException {

    public HeldForReview(ThreadingDecision decision) {
        super("held for review: " + decision.method().label() + " " + decision.evidence() + " names ticket "
                + decision.relatedTo() + ", but " + String.join("; ", decision.rejected()));
    }
}
