package io.ticketflow.store;

import io.ticketflow.vocabulary.CauseChain;

/**
 * Elasticsearch could not be reached or refused the write for a transient reason. The message is not quarantined:
 * the source keeps it (the mailbox is not acknowledged, the API client is told to retry) and it is processed again.
 */
public class StoreUnavailableException extends RuntimeException {

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    /** True if this failure, anywhere in the cause chain, is the store being unavailable. */
    public static boolean isCauseOf(Throwable error) {
        return CauseChain.contains(error, StoreUnavailableException.class);
    }
}
