package io.ticketflow.classify;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * TF-IDF weighting of a message's features, fitted on the training data: the vocabulary (features in at least
 * {@code minDocs} training messages; rarer ones are dropped, which is the feature selection), sublinear term frequency
 * {@code 1 + ln(tf)} times the smoothed inverse document frequency {@code ln((1 + n) / (1 + df)) + 1}, and each feature
 * family (words {@code w=}, bigrams {@code b=}, character n-grams {@code c=}) scaled to unit length on its own, so the
 * many character n-grams do not drown the words. A constant {@link #BIAS} feature lets a linear model learn each
 * label's prior. Immutable, hence safe for concurrent use.
 */
public final class FeatureWeights {

    /** Present in every message with value 1: the linear models' intercept. */
    public static final String BIAS = "_bias";

    private final Map<String, Integer> index;
    private final String[] names;
    private final float[] idf;
    private final byte[] family;
    private static final int FAMILIES = 4;

    FeatureWeights(String[] names, float[] idf) {
        if (names.length != idf.length) {
            throw new IllegalArgumentException("names and weights differ in length");
        }
        this.names = names;
        this.idf = idf;
        this.index = new HashMap<>(names.length * 2);
        this.family = new byte[names.length];
        for (int i = 0; i < names.length; i++) {
            index.put(names[i], i);
            family[i] = familyOf(names[i]);
        }
    }

    /** Document frequencies over the training messages' features; features in fewer than minDocs messages are dropped. */
    public static FeatureWeights fit(List<String[]> documents, int minDocs) {
        Map<String, int[]> df = new HashMap<>();
        for (String[] doc : documents) {
            for (String f : distinct(doc)) {
                df.computeIfAbsent(f, k -> new int[1])[0]++;
            }
        }
        String[] kept = df.entrySet().stream().filter(e -> e.getValue()[0] >= Math.max(1, minDocs)).map(Map.Entry::getKey)
                .sorted().toArray(String[]::new);
        float[] idf = new float[kept.length];
        int n = documents.size();
        for (int i = 0; i < kept.length; i++) {
            idf[i] = (float) (Math.log((1.0 + n) / (1.0 + df.get(kept[i])[0])) + 1.0);
        }
        return new FeatureWeights(kept, idf);
    }

    public int size() {
        return names.length;
    }

    String name(int i) {
        return names[i];
    }

    float idf(int i) {
        return idf[i];
    }

    /** The weighted features of one message: vocabulary indexes (ascending) with their values, then the bias. */
    public Vector vector(String[] features) {
        int[] found = new int[features.length];
        int n = 0;
        for (String f : features) {
            Integer i = index.get(f);
            if (i != null) {
                found[n++] = i;
            }
        }
        return vector(found, n);
    }

    /** The index of a feature in the vocabulary, or -1. */
    int indexOf(String feature) {
        Integer i = index.get(feature);
        return i == null ? -1 : i;
    }

    /**
     * The same vector from the vocabulary indexes of a message's features (the first n of found, in any order,
     * repeated as often as the feature occurs; found is sorted in place).
     */
    Vector vector(int[] found, int n) {
        if (!ascending(found, n)) {
            Arrays.sort(found, 0, n);
        }
        int[] ids = new int[n];
        int[] tf = new int[n];
        int m = 0;
        for (int k = 0; k < n; k++) {
            if (m > 0 && ids[m - 1] == found[k]) {
                tf[m - 1]++;
            }
            else {
                ids[m] = found[k];
                tf[m++] = 1;
            }
        }
        float[] values = new float[m];
        double[] squares = new double[FAMILIES];
        for (int k = 0; k < m; k++) {
            // a feature seen once (most): 1 + ln(1) is exactly 1, so no logarithm is needed
            values[k] = tf[k] == 1 ? idf[ids[k]] : (float) ((1 + Math.log(tf[k])) * idf[ids[k]]);
            squares[family[ids[k]]] += (double) values[k] * values[k];
        }
        for (int k = 0; k < m; k++) {
            values[k] /= (float) Math.sqrt(squares[family[ids[k]]]);
        }
        return new Vector(Arrays.copyOf(ids, m), values);
    }

    private static boolean ascending(int[] values, int n) {
        for (int k = 1; k < n; k++) {
            if (values[k] < values[k - 1]) {
                return false;
            }
        }
        return true;
    }

    /** Feature family of a name: words, bigrams, character n-grams, anything else. */
    private static byte familyOf(String name) {
        return switch (name.charAt(0)) {
            case 'w' -> 0;
            case 'b' -> 1;
            case 'c' -> 2;
            default -> 3;
        };
    }

    /** The weighted features by name, as OpenNLP's {@code eval(String[], float[])} takes them (bias included). */
    public Named named(String[] features) {
        Vector v = vector(features);
        String[] out = new String[v.ids().length + 1];
        float[] values = Arrays.copyOf(v.values(), out.length);
        for (int k = 0; k < v.ids().length; k++) {
            out[k] = names[v.ids()[k]];
        }
        out[out.length - 1] = BIAS;
        values[out.length - 1] = 1f;
        return new Named(out, values);
    }

    private static java.util.Set<String> distinct(String[] doc) {
        return new java.util.HashSet<>(Arrays.asList(doc));
    }

    /** A sparse vector over the vocabulary (without the bias). */
    public record Vector(int[] ids, float[] values) {
    }

    /** Feature names with their values. */
    public record Named(String[] names, float[] values) {
    }
}
