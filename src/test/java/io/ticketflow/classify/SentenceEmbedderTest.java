package io.ticketflow.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The ONNX sentence encoder from the class path: unit vectors where paraphrases lie closer than unrelated texts. */
class SentenceEmbedderTest {

    private static double cosine(float[] a, float[] b) {
        double dot = 0;
        for (int k = 0; k < a.length; k++) {
            dot += a[k] * b[k];
        }
        return dot;
    }

    @ParameterizedTest
    @EnumSource(SentenceEncoder.class)
    void paraphrasesAreCloserThanUnrelatedTexts(SentenceEncoder encoder) {
        SentenceEmbedder e = SentenceEmbedder.of(encoder);
        float[] refund = e.embed("I want my money back for this order");
        float[] refund2 = e.embed("Please refund the purchase, I am not happy with it");
        float[] password = e.embed("How do I reset my password?");
        assertThat(refund).hasSize(encoder.dimensions());
        // each part of encoders side by side is a unit vector: the whole has squared length = number of parts
        assertThat(cosine(refund, refund)).isCloseTo(Math.max(1, encoder.parts.size()), within(1e-4));
        // e5's cosines lie in a narrow band (unrelated English texts still about 0.8)
        double margin = encoder == SentenceEncoder.E5 ? 0.05 : 0.2;
        assertThat(cosine(refund, refund2)).isGreaterThan(cosine(refund, password) + margin);
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

    @Test
    void e5ReadsTheQueryPrefixBeforeTheTextAndOthersReadTheTextAlone() {
        SentenceEmbedder minilm = SentenceEmbedder.shared();
        SentenceEmbedder e5 = SentenceEmbedder.of(SentenceEncoder.E5);
        assertThat(minilm.encoder()).isEqualTo(SentenceEncoder.DEFAULT);
        long[] plain = minilm.pieces("refund please");
        long[] prefixed = e5.pieces("refund please");
        // [CLS] query : refund please [SEP] (the same uncased word-piece vocabulary)
        assertThat(minilm.pieces("query: refund please")).isEqualTo(prefixed);
        assertThat(prefixed).hasSize(plain.length + 2);
        assertThat(prefixed[0]).isEqualTo(plain[0]);
        assertThat(java.util.Arrays.copyOfRange(prefixed, 3, prefixed.length)).isEqualTo(
                java.util.Arrays.copyOfRange(plain, 1, plain.length));
        assertThat(SentenceEncoder.of("BGE")).isEqualTo(SentenceEncoder.BGE);
    }

    @Test
    void theCapReadsThePrefixOfALongTextAndTheStarterTextsFitUnderIt() throws Exception {
        SentenceEmbedder e = SentenceEmbedder.shared();
        String longText = "My order 4711 has not arrived and the tracking page shows no update since Monday. "
                .repeat(8);
        assertThat(e.embed(longText, SentenceEmbedder.MAX_PIECES)).isEqualTo(e.embed(longText));
        // a longer read is a different vector (the cap is part of what a model was trained on) ...
        assertThat(cosine(e.embed(longText, 64), e.embed(longText))).isLessThan(0.99999);
        // ... but not for a text under both caps
        assertThat(e.embed("refund please", 64)).isEqualTo(e.embed("refund please"));
        // the shipped classifiers' training texts are all under the cap, so their models are the same as with the
        // earlier cap of 64 (docs/performance.md, round 8): retrain them if longer starter texts are added
        for (String name : java.util.List.of("category", "type", "priority")) {
            for (LabelledText t : TrainingData.read(java.nio.file.Path.of("classifiers", name, "data.csv"))) {
                assertThat(e.pieces(t.text()).length).as(t.text()).isLessThan(SentenceEmbedder.MAX_PIECES);
            }
        }
    }
}
