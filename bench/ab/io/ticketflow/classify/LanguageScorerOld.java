package io.ticketflow.classify;

import java.util.Arrays;
import java.util.Map;
import opennlp.tools.ml.maxent.GISModel;
import opennlp.tools.ml.model.Context;
import opennlp.tools.ml.model.MaxentModel;

/**
 * OpenNLP's language model scored the way {@code LanguageDetectorME} scores it, without building a string per character
 * n-gram: the same normalisation ({@link LanguageNormalizer}: its output, without most of its regular expressions),
 * every distinct lower-cased character 1- to 3-gram of the text counted once, and
 * the model's parameters summed over them from a uniform prior. A gram of up to three chars is packed into a long and
 * found in an open-addressing table read once from the model (146 000 grams, 3 MB), instead of a string built,
 * lower-cased, put into a {@code HashMap} of counts and then looked up in the model's own map. Only the sums' order
 * differs (ascending parameter index here, hash order there), which moves them in the last bits at most. Immutable.
 */
final class LanguageScorerOld {

    private static final int MAX_GRAM = 3;

    private final long[] keys;
    private final int[] slots;
    private final int mask;
    private final Context[] contexts;
    private final String[] languages;
    private final double logPrior;

    private LanguageScorerOld(long[] keys, int[] slots, Context[] contexts, String[] languages) {
        this.keys = keys;
        this.slots = slots;
        this.mask = keys.length - 1;
        this.contexts = contexts;
        this.languages = languages;
        this.logPrior = StrictMath.log(1.0 / languages.length);
    }

    /** The model's grams and parameters, or null when it is not a GIS model of 1- to 3-char grams (OpenNLP scores it). */
    @SuppressWarnings("unchecked")
    static LanguageScorerOld of(MaxentModel model) {
        if (!(model instanceof GISModel gis)) {
            return null;
        }
        Object[] data = gis.getDataStructures();
        Map<String, Context> byGram = (Map<String, Context>) data[1];
        int size = Integer.highestOneBit(Math.max(16, byGram.size() * 2)); // a little over half full
        long[] keys = new long[size];
        int[] slots = new int[size];
        Context[] contexts = new Context[byGram.size()];
        int n = 0;
        for (Map.Entry<String, Context> e : byGram.entrySet()) {
            String gram = e.getKey();
            if (gram.isEmpty() || gram.length() > MAX_GRAM) {
                return null;
            }
            long key = key(gram, 0, gram.length());
            int slot = slot(key, size - 1);
            while (keys[slot] != 0) {
                slot = (slot + 1) & (size - 1);
            }
            keys[slot] = key;
            slots[slot] = n;
            contexts[n++] = e.getValue();
        }
        String[] languages = new String[model.getNumOutcomes()];
        for (int i = 0; i < languages.length; i++) {
            languages[i] = model.getOutcome(i);
        }
        return new LanguageScorerOld(keys, slots, contexts, languages);
    }

    /**
     * The best language and the ratio of its probability to the runner-up's, or null for a text this class does not
     * score (characters outside the Basic Multilingual Plane left after normalisation: OpenNLP lower-cases those by code
     * point, which a gram of chars cannot follow).
     */
    Best best(String text) {
        String normalized = LanguageNormalizer.normalize(text);
        int length = normalized.length();
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            char c = normalized.charAt(i);
            if (Character.isSurrogate(c)) {
                return null;
            }
            chars[i] = Character.toLowerCase(c);
        }
        int[] found = new int[length * MAX_GRAM];
        int n = 0;
        for (int gram = 1; gram <= MAX_GRAM; gram++) {
            for (int start = 0; start + gram <= length; start++) {
                int context = find(key(chars, start, gram));
                if (context >= 0) {
                    found[n++] = context;
                }
            }
        }
        // OpenNLP counts each distinct gram once (value 1): the same context twice is the same gram twice
        Arrays.sort(found, 0, n);
        double[] sums = new double[languages.length];
        Arrays.fill(sums, logPrior);
        for (int k = 0; k < n; k++) {
            if (k > 0 && found[k] == found[k - 1]) {
                continue;
            }
            Context context = contexts[found[k]];
            int[] outcomes = context.getOutcomes();
            double[] parameters = context.getParameters();
            for (int j = 0; j < outcomes.length; j++) {
                sums[outcomes[j]] += parameters[j];
            }
        }
        // the probabilities as GISModel computes them; the first of equals ranks first, as in OpenNLP's stable sort
        double normal = 0;
        for (int l = 0; l < sums.length; l++) {
            sums[l] = StrictMath.exp(sums[l]);
            normal += sums[l];
        }
        for (int l = 0; l < sums.length; l++) {
            sums[l] /= normal;
        }
        int first = 0;
        for (int l = 1; l < sums.length; l++) {
            if (sums[l] > sums[first]) {
                first = l;
            }
        }
        int second = first == 0 ? 1 : 0;
        for (int l = 0; l < sums.length; l++) {
            if (l != first && sums[l] > sums[second]) {
                second = l;
            }
        }
        return new Best(languages[first], sums[first], sums[second]);
    }

    /** The best language's probability and the runner-up's. */
    record Best(String language, double confidence, double runnerUp) {
    }

    private int find(long key) {
        int slot = slot(key, mask);
        while (true) {
            long k = keys[slot];
            if (k == key) {
                return slots[slot];
            }
            if (k == 0) {
                return -1;
            }
            slot = (slot + 1) & mask;
        }
    }

    private static int slot(long key, int mask) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h >>> 40) & mask;
    }

    /** The gram's length and its up to three chars in one long (never 0). */
    private static long key(CharSequence s, int start, int length) {
        long key = length;
        for (int i = 0; i < MAX_GRAM; i++) {
            key = (key << 16) | (i < length ? s.charAt(start + i) : 0);
        }
        return key;
    }

    private static long key(char[] s, int start, int length) {
        long key = length;
        for (int i = 0; i < MAX_GRAM; i++) {
            key = (key << 16) | (i < length ? s[start + i] : 0);
        }
        return key;
    }
}
