package io.ticketflow.classify;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.LongBuffer;
import java.text.Normalizer;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import opennlp.tools.tokenize.WordpieceTokenizer;

/**
 * Sentence embeddings: one of the {@link SentenceEncoder}s (quantized, 384 dimensions; all-MiniLM-L6-v2 by default) run
 * by ONNX Runtime, its word pieces those OpenNLP's {@link WordpieceTokenizer} cuts (computed by {@link WordPieces}). The
 * model and vocabulary are read from the class path (they ship in a Maven artifact), never downloaded. The models were trained on English; other languages
 * get weaker vectors, which is why the classifiers always keep the sparse n-gram features next to them.
 * <p>
 * Thread-safe: an ONNX Runtime session may run concurrently; one instance per encoder ({@link #of}) serves all threads
 * and is loaded on first use (about half a second).
 */
public final class SentenceEmbedder {

    public static final int DIMENSIONS = 384;
    /**
     * Word pieces read per text ([CLS] and [SEP] included): the subject and the first sentence or two decide; this
     * bounds the cost per mail (about 0.06 ms of CPU per piece on top of about 1.2 ms per call). 48 instead of 64 costs
     * no banking77 accuracy (0.9300 → 0.9305) and saves about a fifth of a long mail's embedding; 32 took banking77
     * to 0.9284 (docs/performance.md, rounds 5 and 8). A model records the cap it was trained with and is read at it
     * ({@link WeightedDoccatFactory}): changing this number changes what new models read, not what trained ones do.
     */
    static final int MAX_PIECES = 48;
    /**
     * The cap of models whose file records none: they were trained before the cap was recorded, when it was 64. A model
     * is read at the cap it was trained with (a vector of 48 pieces is not what a model of 64 learnt from).
     */
    static final int UNRECORDED_PIECES = 64;
    /** The text's clean-up before word pieces, compiled once (it runs for every embedded mail). */
    private static final Pattern MARKS = Pattern.compile("\\p{Mn}+");
    private static final Pattern PUNCTUATION = Pattern.compile("([^\\p{L}\\p{N}\\s])");
    private static final Pattern CONTROLS = Pattern.compile("\\p{Cntrl}");
    /**
     * Each char of Latin-1 and of U+2000-U+20CF (general punctuation: dashes, curly quotes, odd spaces; currency
     * signs) cleaned on its own ({@link #cleaned}); null for the others.
     */
    private static final String[] BY_CHAR = new String[0x20D0];
    static {
        for (char c = 0; c < BY_CHAR.length; c++) {
            if (c < 0x100 || c >= 0x2000) {
                BY_CHAR[c] = cleanedByPatterns(String.valueOf(c));
            }
        }
    }
    private static final java.util.Map<SentenceEncoder, SentenceEmbedder> LOADED = new java.util.EnumMap<>(
            SentenceEncoder.class);

    private final OrtEnvironment env;
    private final OrtSession session;
    private final WordPieces wordPieces;
    private final Map<String, Integer> vocabulary;
    private final boolean typeIds;
    private final SentenceEncoder encoder;
    private final long[] prefix;
    /** A side-by-side encoder's parts (their vectors are put one after the other), else null. */
    private final SentenceEmbedder[] parts;

    /** The embedder of encoders side by side: the parts do the work. */
    private SentenceEmbedder(SentenceEncoder encoder, SentenceEmbedder[] parts) {
        this.encoder = encoder;
        this.parts = parts;
        env = null;
        session = null;
        wordPieces = null;
        vocabulary = null;
        typeIds = false;
        prefix = null;
    }

    private SentenceEmbedder(SentenceEncoder encoder) throws IOException, OrtException {
        this.encoder = encoder;
        parts = null;
        env = OrtEnvironment.getEnvironment();
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        // one thread per call: the pipeline already runs many messages at once
        options.setIntraOpNumThreads(1);
        options.setInterOpNumThreads(1);
        session = env.createSession(resource(encoder, ".onnx"), options);
        typeIds = session.getInputNames().contains("token_type_ids");
        JsonNode vocab = new ObjectMapper().readTree(resource(encoder, "-tokenizer.json")).path("model").path("vocab");
        vocabulary = new HashMap<>();
        vocab.fields().forEachRemaining(e -> vocabulary.put(e.getKey(), e.getValue().asInt()));
        wordPieces = new WordPieces(vocabulary, WordpieceTokenizer.BERT_CLS_TOKEN, WordpieceTokenizer.BERT_SEP_TOKEN,
                WordpieceTokenizer.BERT_UNK_TOKEN);
        // the prefix's pieces, [CLS] first (e5 reads "query: " before the text)
        long[] p = ids(encoder.prefix, MAX_PIECES);
        prefix = java.util.Arrays.copyOf(p, p.length - 1);
    }

    /** The embedder of the default encoder ({@link SentenceEncoder#DEFAULT}), loaded on first use. */
    public static SentenceEmbedder shared() {
        return of(SentenceEncoder.DEFAULT);
    }

    /** The one embedder of this JVM for this encoder, loaded on first use. */
    public static SentenceEmbedder of(SentenceEncoder encoder) {
        synchronized (LOADED) {
            SentenceEmbedder e = LOADED.get(encoder);
            if (e == null && !encoder.parts.isEmpty()) {
                e = new SentenceEmbedder(encoder, encoder.parts.stream().map(SentenceEmbedder::of)
                        .toArray(SentenceEmbedder[]::new));
                LOADED.put(encoder, e);
            }
            if (e == null) {
                try {
                    e = new SentenceEmbedder(encoder);
                }
                catch (IOException e2) {
                    throw new UncheckedIOException("cannot load the sentence embedding model " + encoder.resource, e2);
                }
                catch (OrtException e2) {
                    throw new IllegalStateException("cannot start ONNX Runtime for the sentence embedding model", e2);
                }
                LOADED.put(encoder, e);
            }
            return e;
        }
    }

    public SentenceEncoder encoder() {
        return encoder;
    }

    /** The word-piece vocabulary (piece → id); read-only. */
    Map<String, Integer> vocabulary() {
        return java.util.Collections.unmodifiableMap(vocabulary);
    }

    OrtSession session() {
        return session;
    }

    private static byte[] resource(SentenceEncoder encoder, String suffix) throws IOException {
        String name = "/" + encoder.resource + suffix;
        try (InputStream in = SentenceEmbedder.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException(name + " is not on the class path (artifact " + encoder.artifact + ")");
            }
            return in.readAllBytes();
        }
    }

    /**
     * The sentence vector (mean of the token vectors, or the [CLS] token's, as the encoder was trained), unit length;
     * for encoders side by side, each part's unit vector in turn.
     */
    public float[] embed(String text) {
        return embed(text, MAX_PIECES);
    }

    /** The same, reading at most maxPieces word pieces (a model's own cap; models are trained with MAX_PIECES). */
    public float[] embed(String text, int maxPieces) {
        if (parts != null) {
            float[][] each = new float[parts.length][];
            for (int i = 0; i < parts.length; i++) {
                each[i] = parts[i].embed(text, maxPieces);
            }
            return concatenate(each);
        }
        long[] ids = pieces(text, maxPieces);
        long[] mask = new long[ids.length];
        java.util.Arrays.fill(mask, 1);
        long[] shape = { 1, ids.length };
        // flat buffers: the nested arrays' reflective copy in and out cost more than the pooling itself
        try (OnnxTensor inputIds = OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape);
                OnnxTensor attention = OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape);
                OnnxTensor types = OnnxTensor.createTensor(env, LongBuffer.wrap(new long[ids.length]), shape)) {
            Map<String, OnnxTensor> inputs = new HashMap<>();
            inputs.put("input_ids", inputIds);
            inputs.put("attention_mask", attention);
            if (typeIds) {
                inputs.put("token_type_ids", types);
            }
            try (OrtSession.Result result = session.run(inputs)) {
                OnnxTensor output = (OnnxTensor) result.get(0);
                long[] dims = output.getInfo().getShape(); // [1, tokens, dimensions]
                int width = (int) dims[2];
                float[] tokens = output.getFloatBuffer().array();
                float[] mean = new float[width];
                // CLS pooling: the first token alone
                int pooled = encoder.pooling == SentenceEncoder.Pooling.CLS ? 1 : (int) dims[1];
                for (int i = 0; i < pooled; i++) {
                    int t = i * width;
                    for (int k = 0; k < width; k++) {
                        mean[k] += tokens[t + k];
                    }
                }
                double norm = 0;
                for (float v : mean) {
                    norm += (double) v * v;
                }
                float scale = norm == 0 ? 0 : (float) (1 / Math.sqrt(norm));
                for (int k = 0; k < mean.length; k++) {
                    mean[k] *= scale;
                }
                return mean;
            }
        }
        catch (OrtException e) {
            throw new IllegalStateException("sentence embedding failed: " + e.getMessage(), e);
        }
    }

    /** The vectors one after the other. */
    static float[] concatenate(float[]... vectors) {
        int n = 0;
        for (float[] v : vectors) {
            n += v.length;
        }
        float[] all = new float[n];
        int at = 0;
        for (float[] v : vectors) {
            System.arraycopy(v, 0, all, at, v.length);
            at += v.length;
        }
        return all;
    }

    /**
     * BERT's uncased clean-up of the text's start: lower case, accents removed, punctuation apart, controls as spaces.
     * A text made only of Latin-1 and U+2000-U+20CF chars (most mail in western languages, curly quotes, dashes and
     * the euro sign included) is cleaned char by char from a table: for those chars every step works on each char
     * alone (no case rule looks at neighbours; a char decomposes into a base and at most one mark, and none of them is
     * a combining mark itself, so the decomposition's canonical reordering has nothing to swap), so the table gives
     * what the patterns give. Other texts take the patterns.
     */
    static String cleaned(String text, int maxPieces) {
        String s = text == null ? "" : text.length() > maxPieces * 12 ? text.substring(0, maxPieces * 12) : text;
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= BY_CHAR.length || BY_CHAR[c] == null) {
                return cleanedByPatterns(s);
            }
        }
        StringBuilder out = new StringBuilder(n + n / 4);
        for (int i = 0; i < n; i++) {
            out.append(BY_CHAR[s.charAt(i)]);
        }
        return out.toString();
    }

    /** The clean-up by its definition (what {@link #BY_CHAR} is made of, and what other texts get). */
    static String cleanedByPatterns(String s) {
        s = MARKS.matcher(Normalizer.normalize(s.toLowerCase(Locale.ROOT), Normalizer.Form.NFD)).replaceAll("");
        return CONTROLS.matcher(PUNCTUATION.matcher(s).replaceAll(" $1 ")).replaceAll(" ");
    }

    /**
     * BERT's uncased input: lower case, accents removed, punctuation apart, word pieces, [CLS] prefix ... [SEP]; at most
     * MAX_PIECES of the text's own (the prefix comes on top).
     */
    long[] pieces(String text) {
        return pieces(text, MAX_PIECES);
    }

    private long[] pieces(String text, int maxPieces) {
        long[] own = ids(text, maxPieces);
        if (prefix.length <= 1) {
            return own;
        }
        long[] all = new long[prefix.length + own.length - 1];
        System.arraycopy(prefix, 0, all, 0, prefix.length);
        System.arraycopy(own, 1, all, prefix.length, own.length - 1);
        return all;
    }

    long[] ids(String text, int maxPieces) {
        String s = cleaned(text, maxPieces);
        return wordPieces.ids(s, maxPieces); // [SEP] kept when the text is cut
    }
}
