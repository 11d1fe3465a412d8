package io.ticketflow.store;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.ErrorCause;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.json.JsonData;
import co.elastic.clients.transport.TransportException;
import io.ticketflow.vocabulary.CauseChain;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.elasticsearch.client.ResponseException;

/**
 * Classifies Elasticsearch client failures. With the 8.x RestClient transport a 409 escapes as
 * {@link ResponseException}; with 9.x it is an {@link ElasticsearchException} (the 9.x transport maps error statuses itself). One helper for both.
 * <p>
 * Two kinds of failure matter to the callers: the store is unavailable (connection refused, timeout, 429, 5xx, a
 * cluster block: the same request may succeed later, so the source keeps the message) and the document is refused
 * for what it contains (the same document fails every time: {@link DocumentRejectedException}, quarantined, never
 * retried). Anything not recognised as a refused document counts as unavailable: when in doubt, keep the message.
 */
final class StoreErrors {

    /** What Elasticsearch answers, with 400, for a document it cannot index whatever the cluster's state. */
    private static final Set<String> DOCUMENT_ERRORS = Set.of("document_parsing_exception", "mapper_parsing_exception",
            "strict_dynamic_mapping_exception", "illegal_argument_exception", "x_content_parse_exception",
            "action_request_validation_exception");

    private static final int MAX_REASON = 240;

    private StoreErrors() {
    }

    static boolean isConflict(Throwable e) {
        return CauseChain.anyMatch(e, t -> t instanceof ResponseException re
                && re.getResponse().getStatusLine().getStatusCode() == 409
                || t instanceof ElasticsearchException ee && ee.status() == 409);
    }

    /**
     * Elasticsearch answered 413: the request is over its {@code http.max_content_length}. The same request fails
     * every time, so it is never an outage; a coalesced bulk is split ({@link SplitWhenTooLarge}), and what is left
     * is one document too large on its own.
     */
    static boolean isTooLarge(Throwable e) {
        return CauseChain.anyMatch(e, t -> t instanceof ResponseException re
                && re.getResponse().getStatusLine().getStatusCode() == 413
                || t instanceof TransportException te && te.statusCode() == 413
                || t instanceof ElasticsearchException ee && ee.status() == 413);
    }

    /**
     * A failed write or read as the caller should see it: a {@link DocumentRejectedException} when Elasticsearch
     * refused the document itself, else "unavailable, retry later".
     */
    static RuntimeException failure(String what, Exception e) {
        DocumentRejectedException rejected = rejected(what, e);
        return rejected != null ? rejected : unavailable(what, e);
    }

    /** Wraps an I/O or server failure so callers can tell "retry later" from a bug. */
    static StoreUnavailableException unavailable(String what, Exception e) {
        return new StoreUnavailableException("Elasticsearch unavailable while trying to " + what + ": " + e.getMessage(), e);
    }

    /** The refusal of a document, or null when the failure is something else (an outage, a conflict, a bug). */
    static DocumentRejectedException rejected(String what, Exception e) {
        if (e instanceof DocumentRejectedException already) {
            return already;
        }
        if (isTooLarge(e)) {
            String index = e instanceof ElasticsearchException ee && ee.error() != null ? indexOf(ee.error()) : null;
            return new DocumentRejectedException(index, "Elasticsearch refused to " + what
                    + (index == null ? "" : " in index " + index) + ": the request is larger than it accepts "
                    + "(413, http.max_content_length)", e);
        }
        if (!(e instanceof ElasticsearchException ee) || ee.status() != 400 || ee.error() == null
                || !DOCUMENT_ERRORS.contains(ee.error().type())) {
            return null;
        }
        String index = indexOf(ee.error());
        return new DocumentRejectedException(index, "Elasticsearch refused to " + what
                + (index == null ? "" : " in index " + index) + ": " + describe(ee.error()), e);
    }

    /**
     * Items of a {@code _bulk} that failed (conflicts and missing documents already left out by the caller): refused
     * documents if every one of them is (the same bulk again fails the same way), else the store unavailable, so a
     * retry writes the transient ones and only the refused ones are left to say so.
     */
    static RuntimeException itemsFailed(String what, List<BulkResponseItem> failed) {
        String list = failed.stream().limit(5).map(i -> i.id() + ": " + (i.error() == null ? "status " + i.status()
                : describe(i.error()))).collect(Collectors.joining("; ")) + (failed.size() > 5 ? "; ..." : "");
        boolean allRefused = failed.stream().allMatch(i -> i.status() == 400 && i.error() != null
                && DOCUMENT_ERRORS.contains(i.error().type()));
        if (allRefused && !failed.isEmpty()) {
            String index = failed.get(0).index();
            return new DocumentRejectedException(index, "Elasticsearch refused to " + what + " in index " + index
                    + ": " + list, null);
        }
        return new StoreUnavailableException("could not " + what + ": " + list, null);
    }

    /**
     * Type and reason of the error and of its causes, as Elasticsearch gave them, each reason cut: Elasticsearch
     * quotes the refused value in it ("Preview of field's value"), whole, however long it is.
     */
    static String describe(ErrorCause error) {
        StringBuilder out = new StringBuilder();
        int depth = 0;
        for (ErrorCause c = error; c != null && depth < 4; c = c.causedBy(), depth++) {
            String reason = c.reason() == null ? "" : c.reason();
            out.append(depth == 0 ? "" : "; caused by ").append(c.type()).append(": ")
                    .append(reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) + "..." : reason);
        }
        return out.toString();
    }

    private static String indexOf(ErrorCause error) {
        JsonData index = error.metadata().get("index");
        try {
            return index == null ? null : index.to(String.class);
        }
        catch (RuntimeException notAString) {
            return null;
        }
    }

    interface Call<T> {
        T run() throws IOException;
    }

    static <T> T call(String what, Call<T> call) {
        try {
            return call.run();
        }
        catch (IOException e) {
            // a 413 without a JSON body arrives as an IOException too: a refusal, not an outage
            throw failure(what, e);
        }
        catch (ElasticsearchException e) {
            DocumentRejectedException rejected = rejected(what, e);
            if (rejected != null) {
                throw rejected;
            }
            if (e.status() >= 500 || e.status() == 429 || e.status() == 408
                    || e.error() != null && "cluster_block_exception".equals(e.error().type())) {
                throw unavailable(what, e);
            }
            throw e;
        }
    }
}
