package io.ticketflow.parse;

/** The input cannot be read as a message anyone could be answered about; its raw bytes go to quarantine. */
public class UnparseableMessageException extends RuntimeException {

    public UnparseableMessageException(String message) {
        super(message);
    }

    public UnparseableMessageException(String message, Throwable cause) {
        super(message, cause);
    }
}
