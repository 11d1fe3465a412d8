package io.ticketflow.classify;

import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * A message's sentence embedding as features next to the sparse ones: dimension k becomes the feature {@code e=k} with
 * value {@code weight × v[k]} (the vector has unit length, like each sparse feature family, and the weight sets how
 * much it counts against them). Vectors are cached per text while the text is in use, so cross-validation embeds each
 * training message once, not once per fold.
 */
final class EmbeddingFeatures {

    private static final String[] NAMES = new String[maxDimensions()];
    private static final Map<SentenceEncoder, Map<String, float[]>> CACHES = new java.util.EnumMap<>(SentenceEncoder.class);

    static {
        for (SentenceEncoder e : SentenceEncoder.values()) {
            CACHES.put(e, Collections.synchronizedMap(new WeakHashMap<>()));
        }
    }

    static {
        for (int k = 0; k < NAMES.length; k++) {
            NAMES[k] = "e=" + k;
        }
    }

    private EmbeddingFeatures() {
    }

    private static int maxDimensions() {
        return java.util.Arrays.stream(SentenceEncoder.values()).mapToInt(SentenceEncoder::dimensions).max().orElseThrow();
    }

    /** The text's embedding by this encoder, reading at most pieces word pieces (cached at the current cap). */
    static float[] of(SentenceEncoder encoder, int pieces, String text) {
        // another cap is a model trained before the cap changed, scored outside the pipeline (eval): not cached
        return pieces == SentenceEmbedder.MAX_PIECES ? of(encoder, text) : SentenceEmbedder.of(encoder).embed(text, pieces);
    }

    /** The text's embedding by this encoder at the current cap (cached while the text string is alive). */
    static float[] of(SentenceEncoder encoder, String text) {
        Map<String, float[]> cache = CACHES.get(encoder);
        float[] v = cache.get(text);
        if (v == null && !encoder.parts.isEmpty()) {
            // encoders side by side: each part's vector from its own cache (a sweep over minilm, bge and both embeds once)
            v = SentenceEmbedder.concatenate(encoder.parts.stream().map(p -> of(p, text)).toArray(float[][]::new));
            cache.put(text, v);
        }
        if (v == null) {
            v = SentenceEmbedder.of(encoder).embed(text);
            cache.put(text, v);
        }
        return v;
    }

    /** The sparse features followed by the embedding's. */
    static FeatureWeights.Named append(FeatureWeights.Named sparse, float[] embedding, double weight) {
        int n = sparse.names().length;
        String[] names = Arrays.copyOf(sparse.names(), n + embedding.length);
        float[] values = Arrays.copyOf(sparse.values(), n + embedding.length);
        for (int k = 0; k < embedding.length; k++) {
            names[n + k] = NAMES[k];
            values[n + k] = (float) (weight * embedding[k]);
        }
        return new FeatureWeights.Named(names, values);
    }

    /** The sparse vector (ids below {@code vocabulary}) followed by the embedding at ids vocabulary .. vocabulary+383. */
    static FeatureWeights.Vector append(FeatureWeights.Vector sparse, int vocabulary, float[] embedding, double weight) {
        int n = sparse.ids().length;
        int[] ids = Arrays.copyOf(sparse.ids(), n + embedding.length);
        float[] values = Arrays.copyOf(sparse.values(), n + embedding.length);
        for (int k = 0; k < embedding.length; k++) {
            ids[n + k] = vocabulary + k;
            values[n + k] = (float) (weight * embedding[k]);
        }
        return new FeatureWeights.Vector(ids, values);
    }

    static String name(int k) {
        return NAMES[k];
    }
}
