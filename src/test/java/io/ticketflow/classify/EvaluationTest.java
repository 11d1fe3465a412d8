package io.ticketflow.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class EvaluationTest {

    @Test
    void accuracyMacroF1AndConfusions() {
        Evaluation e = new Evaluation();
        // a: 3 gold, 2 right; b: 1 gold, right; one b predicted for an a
        e.add("a", "a");
        e.add("a", "a");
        e.add("a", "b");
        e.add("b", "b");
        assertThat(e.accuracy()).isEqualTo(0.75);
        // a: P=1 R=2/3 F1=0.8; b: P=0.5 R=1 F1=2/3
        assertThat(e.macroF1()).isCloseTo((0.8 + 2.0 / 3) / 2, within(1e-9));
        assertThat(e.topConfusions(5)).containsExactly(new Evaluation.Confusion("a", "b", 1));
        assertThat(e.summaryLine()).isEqualTo("accuracy=0.7500 macro_f1=0.7333");
        assertThat(e.report()).contains("a -> b: 1");
    }
}
