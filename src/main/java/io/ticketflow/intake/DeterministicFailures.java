package io.ticketflow.intake;

import io.ticketflow.parse.UnparseableMessageException;
import io.ticketflow.store.DocumentRejectedException;
import io.ticketflow.thread.HeldForReview;
import io.ticketflow.vocabulary.CauseChain;
import java.util.regex.PatternSyntaxException;

/**
 * Failures that the same bytes cause every time: a retry would only burn time (and, for a stack overflow, seconds of
 * CPU) before the same quarantine, so the message is quarantined at its first attempt. A document Elasticsearch
 * refuses for its content (a value the mapping cannot take) is one of them: the reason names the index and the field. Everything else (a bug that
 * depends on timing, an unexpected state) is tried again up to {@code ticketflow.intake.max-attempts}.
 */
final class DeterministicFailures {

    private DeterministicFailures() {
    }

    static boolean is(Throwable error) {
        return CauseChain.anyMatch(error, t -> t instanceof HeldForReview || t instanceof UnparseableMessageException
                || t instanceof StackOverflowError || t instanceof PatternSyntaxException
                || t instanceof DocumentRejectedException);
    }
}
