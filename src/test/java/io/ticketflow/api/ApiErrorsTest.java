package io.ticketflow.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.ticketflow.store.DocumentRejectedException;
import io.ticketflow.store.StoreUnavailableException;
import org.junit.jupiter.api.Test;

/** What a client is told when the store fails: retry later (503) for an outage, never for a refused document (422). */
class ApiErrorsTest {

    private final ApiErrors errors = new ApiErrors();

    @Test
    void aRefusedDocumentIs422WithElasticsearchsReasonWhateverWrappedIt() {
        var refused = new DocumentRejectedException("tf-messages-v3",
                "Elasticsearch refused to store message m1 in index tf-messages-v3: document_parsing_exception: ...", null);

        var answer = errors.unexpected(new IllegalStateException("step failed", refused));

        assertThat(answer.getStatusCode().value()).isEqualTo(422);
        assertThat(answer.getBody().error()).isEqualTo("document_rejected");
        assertThat(answer.getBody().message()).isEqualTo(refused.getMessage());
        assertThat(answer.getHeaders().containsKey("Retry-After")).isFalse();
    }

    @Test
    void anOutageIsStill503WithRetryAfter() {
        var answer = errors.unexpected(new StoreUnavailableException("Elasticsearch unavailable", null));

        assertThat(answer.getStatusCode().value()).isEqualTo(503);
        assertThat(answer.getBody().error()).isEqualTo("store_unavailable");
        assertThat(answer.getHeaders().getFirst("Retry-After")).isEqualTo("30");
    }
}
