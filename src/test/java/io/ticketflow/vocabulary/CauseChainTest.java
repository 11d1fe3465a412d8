package io.ticketflow.vocabulary;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class CauseChainTest {

    @Test
    void findsACauseDeepInTheChain() {
        Exception error = new RuntimeException("outer", new IllegalStateException("middle", new IOException("root")));

        assertThat(CauseChain.contains(error, IOException.class)).isTrue();
        assertThat(CauseChain.contains(error, StackOverflowError.class)).isFalse();
        assertThat(CauseChain.of(error)).extracting(Throwable::getMessage).containsExactly("outer", "middle", "root");
    }

    @Test
    void aChainThatLoopsBackEndsInsteadOfSpinning() {
        RuntimeException first = new RuntimeException("first");
        RuntimeException second = new RuntimeException("second", first);
        first.initCause(second);

        assertThat(CauseChain.of(first)).containsExactly(first, second);
        assertThat(CauseChain.contains(first, IOException.class)).isFalse();
    }

    @Test
    void aVeryLongChainIsWalkedOnlyToTheLimit() {
        Throwable error = new IOException("root");
        for (int i = 0; i < 1000; i++) {
            error = new RuntimeException("level " + i, error);
        }

        assertThat(CauseChain.of(error)).hasSize(64);
        assertThat(CauseChain.contains(null, IOException.class)).isFalse();
    }
}
