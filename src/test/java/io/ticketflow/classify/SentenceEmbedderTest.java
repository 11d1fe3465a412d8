package io.ticketflow.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The ONNX sentence encoder from the class path: unit vectors where paraphrases lie closer than unrelated texts. */
class SentenceEmbedderTest {

    private static double cosine(float[] a, float[] b) {
        double dot = 0;
        for (int k = 0; k < a.length; k++) {
            dot += a[k] * b[k];
        }
        return dot;
    }

    @Test
    void paraphrasesAreCloserThanUnrelatedTexts() {
        SentenceEmbedder e = SentenceEmbedder.shared();
        float[] refund = e.embed("I want my money back for this order");
        float[] refund2 = e.embed("Please refund the purchase, I am not happy with it");
        float[] password = e.embed("How do I reset my password?");
        assertThat(refund).hasSize(SentenceEmbedder.DIMENSIONS);
        assertThat(cosine(refund, refund)).isCloseTo(1.0, within(1e-4));
        assertThat(cosine(refund, refund2)).isGreaterThan(cosine(refund, password) + 0.2);
    }

    @Test
    void longTextsAreCutAndKeepTheSeparator() {
        SentenceEmbedder e = SentenceEmbedder.shared();
        long[] pieces = e.pieces("word ".repeat(1000));
        assertThat(pieces).hasSize(SentenceEmbedder.MAX_PIECES);
        assertThat(pieces[pieces.length - 1]).isEqualTo(e.pieces("")[1]); // [SEP]
        assertThat(e.embed("")).hasSize(SentenceEmbedder.DIMENSIONS);
        assertThat(e.pieces("Café RÉSUMÉ")).isEqualTo(e.pieces("cafe resume"));
    }
}
