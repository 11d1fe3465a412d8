package io.ticketflow.store;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import io.ticketflow.vocabulary.CauseChain;
import java.io.IOException;
import org.elasticsearch.client.ResponseException;

/**
 * Classifies Elasticsearch client failures. With the 8.x RestClient transport a 409 escapes as
 * {@link ResponseException}; with 9.x it is an {@link ElasticsearchException} (the 9.x transport maps error statuses itself). One helper for both.
 */
final class StoreErrors {

    private StoreErrors() {
    }

    static boolean isConflict(Throwable e) {
        return CauseChain.anyMatch(e, t -> t instanceof ResponseException re
                && re.getResponse().getStatusLine().getStatusCode() == 409
                || t instanceof ElasticsearchException ee && ee.status() == 409);
    }

    /** Wraps an I/O or server failure so callers can tell "retry later" from a bug. */
    static StoreUnavailableException unavailable(String what, Exception e) {
        return new StoreUnavailableException("Elasticsearch unavailable while trying to " + what + ": " + e.getMessage(), e);
    }

    interface Call<T> {
        T run() throws IOException;
    }

    static <T> T call(String what, Call<T> call) {
        try {
            return call.run();
        }
        catch (IOException e) {
            throw unavailable(what, e);
        }
        catch (ElasticsearchException e) {
            if (e.status() >= 500 || e.status() == 429) {
                throw unavailable(what, e);
            }
            throw e;
        }
    }
}
