package io.ticketflow.store;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
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
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ResponseException re && re.getResponse().getStatusLine().getStatusCode() == 409) {
                return true;
            }
            if (t instanceof ElasticsearchException ee && ee.status() == 409) {
                return true;
            }
        }
        return false;
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
