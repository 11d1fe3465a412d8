package io.ticketflow.store;

import io.ticketflow.vocabulary.CauseChain;

/**
 * Elasticsearch refused a document for what it contains (a value the mapping cannot parse, a keyword term over
 * Lucene's 32766-byte limit, a field the mapping does not allow): the same document is refused every time, so this
 * is not an outage. The message names the index and Elasticsearch's reason. Intake quarantines the message at its
 * first attempt; the API answers 422 with this message; nothing retries it.
 */
public class DocumentRejectedException extends RuntimeException {

    private final String index;

    public DocumentRejectedException(String index, String message, Throwable cause) {
        super(message, cause);
        this.index = index;
    }

    /** The index that refused the document, or null when Elasticsearch did not say. */
    public String index() {
        return index;
    }

    /** True if this failure, anywhere in the cause chain, is a document Elasticsearch refused. */
    public static boolean isCauseOf(Throwable error) {
        return CauseChain.contains(error, DocumentRejectedException.class);
    }
}
