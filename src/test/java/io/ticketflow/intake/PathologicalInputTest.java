package io.ticketflow.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.ticketflow.parse.UnparseableMessageException;
import io.ticketflow.store.StoreUnavailableException;
import io.ticketflow.thread.HeldForReview;
import io.ticketflow.vocabulary.ThreadingDecision;
import org.junit.jupiter.api.Test;

/** Which failures are quarantined at once: the ones the same bytes cause every time. */
class PathologicalInputTest {

    @Test
    void failuresTheSameBytesAlwaysCauseAreDeterministic() {
        assertThat(DeterministicFailures.is(new StackOverflowError())).isTrue();
        assertThat(DeterministicFailures.is(new UnparseableMessageException("not a message"))).isTrue();
        assertThat(DeterministicFailures.is(new HeldForReview(ThreadingDecision.newTicket(java.util.List.of()))))
                .isTrue();
        assertThat(DeterministicFailures.is(new IllegalStateException("wrapped", new StackOverflowError()))).isTrue();
    }

    @Test
    void failuresThatMayPassNextTimeAreTriedAgain() {
        assertThat(DeterministicFailures.is(new IllegalStateException("raw message is being processed concurrently")))
                .isFalse();
        assertThat(DeterministicFailures.is(new StoreUnavailableException("es down", null))).isFalse();
        assertThat(DeterministicFailures.is(new OutOfMemoryError())).isFalse();
    }
}
