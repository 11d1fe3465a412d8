package io.ticketflow.source.mail;

import static org.assertj.core.api.Assertions.assertThat;

import io.ticketflow.vocabulary.ProcessingOutcome;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class InFlightTest {

    private static ProcessingOutcome outcome(String rawId) {
        return new ProcessingOutcome(ProcessingOutcome.Outcome.CREATED, null, null, rawId, null, null, null, null, null);
    }

    @Test
    void takesOnlyTheDoneMailsFromTheOldestOnAndStopsAtAFailure() {
        InFlight<String> inFlight = new InFlight<>();
        CompletableFuture<ProcessingOutcome> a = new CompletableFuture<>();
        CompletableFuture<ProcessingOutcome> b = new CompletableFuture<>();
        CompletableFuture<ProcessingOutcome> c = new CompletableFuture<>();
        inFlight.add("a", Set.of("k1"), a);
        inFlight.add("b", Set.of("k2"), b);
        inFlight.add("c", Set.of("k1", "k3"), c);

        b.complete(outcome("b"));
        assertThat(inFlight.done()).as("b is done, but a before it is not").isZero();
        assertThat(inFlight.takeDone().fetched()).isEmpty();
        assertThat(inFlight.firstRunning()).isSameAs(a);
        assertThat(inFlight.before(Set.of("k3"))).containsExactly(c);
        assertThat(inFlight.before(Set.of("k1"))).containsExactly(a, c);
        assertThat(inFlight.before(Set.of("k2"))).as("finished well: nothing to wait for").isEmpty();

        a.complete(outcome("a"));
        InFlight.Taken<String> taken = inFlight.takeDone();
        assertThat(taken.fetched()).containsExactly("a", "b");
        assertThat(taken.failure()).isNull();
        assertThat(inFlight.size()).isEqualTo(1);

        c.completeExceptionally(new IllegalStateException("store unavailable"));
        assertThat(inFlight.before(Set.of("k3"))).as("a failed mail: its conversation fails after it").containsExactly(c);
        InFlight.Taken<String> failed = inFlight.takeDone();
        assertThat(failed.fetched()).isEmpty();
        assertThat(failed.failure()).hasMessage("store unavailable");
        assertThat(inFlight.size()).as("the failed mail stays: it is not acknowledged").isEqualTo(1);
    }
}
