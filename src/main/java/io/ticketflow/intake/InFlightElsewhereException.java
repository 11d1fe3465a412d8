package io.ticketflow.intake;

import io.ticketflow.store.StoreUnavailableException;

/**
 * Another copy of the same message (same delivery key, another mailbox) is being processed right now. Handled like
 * the store being unavailable: not an attempt, the source keeps this copy and offers it again, by which time the
 * first copy has finished and this one just records its outcome.
 */
public class InFlightElsewhereException extends StoreUnavailableException {

    public InFlightElsewhereException(String message) {
        super(message, null);
    }
}
