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
 * the model's parameters summed over them from a uniform prior. A gram of up to three chars is packed, with its
 * context's index, into a long of an open-addressing table read once from the model (146 000 grams, 2 MB; the chars
 * numbered by a table of 128 KB, so that a gram with a char the model never saw is not looked for), instead of a string built,
 * lower-cased, put into a {@code HashMap} of counts and then looked up in the model's own map. Only the sums' order
 * differs (ascending parameter index here, hash order there), which moves them in the last bits at most. Immutable.
 */
final class LanguageScorer {

    private static final int MAX_GRAM = 3;
    /** Bits of a char's code in a key, and of a context's index in a table entry. */
    private static final int CODE_BITS = 12;
    private static final int INDEX_BITS = 18;
    /**
     * Contexts with parameters for at least this many languages are also kept as dense rows (a zero for a language
     * they have none for): a mail's grams are mostly frequent ones with parameters for nearly all 103 languages, and a
     * dense row is one sequential loop instead of an indexed add per parameter (8011 rows, 6.6 MB). Adding 0.0 leaves
     * a sum as it was, so the sums are the same to the last bit.
     */
    private static final int DENSE_FROM = 48;

    /** The model's chars numbered from 1 (0: a char no gram of the model has). */
    private final char[] codes;
    /**
     * Open addressing: a gram's key (its chars' codes and its length, 38 bits) and its context's index in one long, so
     * that a probe reads memory once; 0 is empty.
     */
    private final long[] table;
    private final int mask;
    /** Per context (the model's parameters, not copied): the outcomes it has parameters for, and those parameters. */
    private final int[][] outcomes;
    private final double[][] parameters;
    /** Per context: the start of its dense row in {@link #dense}, or -1. */
    private final int[] denseRow;
    private final double[] dense;
    private final String[] languages;
    private final double logPrior;
    /** The dense rows again in 16 bits (one scale for all), for {@link #decide}: a quarter of the memory to read. */
    private final CoarseRows coarse;

    private LanguageScorer(char[] codes, long[] table, int[][] outcomes, double[][] parameters, String[] languages) {
        this.codes = codes;
        this.table = table;
        this.mask = table.length - 1;
        this.outcomes = outcomes;
        this.parameters = parameters;
        this.languages = languages;
        this.denseRow = new int[outcomes.length];
        int rows = 0;
        for (int k = 0; k < outcomes.length; k++) {
            denseRow[k] = outcomes[k].length >= DENSE_FROM ? languages.length * rows++ : -1;
        }
        this.dense = new double[languages.length * rows];
        for (int k = 0; k < outcomes.length; k++) {
            for (int j = 0; denseRow[k] >= 0 && j < outcomes[k].length; j++) {
                dense[denseRow[k] + outcomes[k][j]] = parameters[k][j];
            }
        }
        this.logPrior = StrictMath.log(1.0 / languages.length);
        this.coarse = new CoarseRows(denseRow, dense, parameters, languages.length);
    }

    /**
     * The model's grams and parameters, or null when it is not a GIS model of 1- to 3-char grams, or has more distinct
     * chars or grams than a table entry holds (OpenNLP scores it then; the shipped model has 3537 chars, 145 895 grams).
     */
    @SuppressWarnings("unchecked")
    static LanguageScorer of(MaxentModel model) {
        if (!(model instanceof GISModel gis)) {
            return null;
        }
        Object[] data = gis.getDataStructures();
        Map<String, Context> byGram = (Map<String, Context>) data[1];
        if (byGram.size() >= 1 << INDEX_BITS) {
            return null;
        }
        char[] codes = new char[Character.MAX_VALUE + 1];
        int distinct = 0;
        for (String gram : byGram.keySet()) {
            if (gram.isEmpty() || gram.length() > MAX_GRAM) {
                return null;
            }
            for (int i = 0; i < gram.length(); i++) {
                char c = gram.charAt(i);
                if (codes[c] == 0) {
                    if (++distinct >= 1 << CODE_BITS) {
                        return null;
                    }
                    codes[c] = (char) distinct;
                }
            }
        }
        int size = Integer.highestOneBit(Math.max(16, byGram.size() * 2)); // a little over half full
        long[] table = new long[size];
        int[][] outcomes = new int[byGram.size()][];
        double[][] parameters = new double[byGram.size()][];
        int n = 0;
        for (Map.Entry<String, Context> e : byGram.entrySet()) {
            String gram = e.getKey();
            long key = 0;
            for (int i = 0; i < gram.length(); i++) {
                key = key(key, codes[gram.charAt(i)]);
            }
            key = key << 2 | gram.length();
            int slot = slot(key, size - 1);
            while (table[slot] != 0) {
                slot = (slot + 1) & (size - 1);
            }
            table[slot] = key << INDEX_BITS | n;
            outcomes[n] = e.getValue().getOutcomes();
            parameters[n++] = e.getValue().getParameters();
        }
        String[] languages = new String[model.getNumOutcomes()];
        for (int i = 0; i < languages.length; i++) {
            languages[i] = model.getOutcome(i);
        }
        return new LanguageScorer(codes, table, outcomes, parameters, languages);
    }

    /**
     * The best language and the ratio of its probability to the runner-up's, or null for a text this class does not
     * score (characters outside the Basic Multilingual Plane left after normalisation: OpenNLP lower-cases those by code
     * point, which a gram of chars cannot follow).
     */
    Best best(String text) {
        double[] sums = logSums(text);
        if (sums == null) {
            return null;
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

    /** Per language, the log of its unnormalised probability (null: see best), summed in ascending context order. */
    double[] logSums(String text) {
        char[] chars = codesOf(text);
        if (chars == null) {
            return null;
        }
        // each distinct gram counted once (value 1, as OpenNLP counts it), summed in ascending context order
        int[] found = distinctContexts(chars);
        Arrays.sort(found);
        double[] sums = new double[languages.length];
        Arrays.fill(sums, logPrior);
        for (int k = 0; k < found.length; k++) {
            int row = denseRow[found[k]];
            if (row >= 0) {
                for (int l = 0; l < sums.length; l++) {
                    sums[l] += dense[row + l];
                }
                continue;
            }
            int[] outcome = outcomes[found[k]];
            double[] parameter = parameters[found[k]];
            for (int j = 0; j < outcome.length; j++) {
                sums[outcome[j]] += parameter[j];
            }
        }
        return sums;
    }

    /** The best language's probability and the runner-up's. */
    record Best(String language, double confidence, double runnerUp) {
    }

    /**
     * What {@link #best} gives, reduced to the answer a caller takes from it: the best language when its probability
     * is at least {@code minLead} times the runner-up's, else "" (undetermined); null for a text {@link #best} does
     * not score. The answer is first read off the 16-bit rows ({@link CoarseRows}) with a bound on how far each
     * sum can be from {@link #best}'s; only when the bound leaves the answer open (the lead too close to
     * {@code minLead}, a sum near the range of {@code exp}) does it ask {@link #best}. The same answer either way.
     */
    String decide(String text, double minLead) {
        char[] chars = codesOf(text);
        if (chars == null) {
            return null;
        }
        CoarseRows.Sums sums = coarse.sums(distinctContexts(chars), logPrior, outcomes, parameters);
        String answer = sums.decide(languages, Math.log(minLead));
        if (answer != null) {
            return answer;
        }
        Best best = best(text);
        return best.confidence() >= minLead * best.runnerUp() ? best.language() : "";
    }

    /** {@link CoarseRows.Sums} of a text, for the tests that hold the bound to {@link #best}'s sums. */
    CoarseRows.Sums coarseSums(String text) {
        char[] chars = codesOf(text);
        return chars == null ? null : coarse.sums(distinctContexts(chars), logPrior, outcomes, parameters);
    }

    /** The text normalised, lower-cased and numbered by the model's chars; null with a surrogate left (see best). */
    private char[] codesOf(String text) {
        String normalized = LanguageNormalizer.normalize(text);
        int length = normalized.length();
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            char c = normalized.charAt(i);
            if (Character.isSurrogate(c)) {
                return null;
            }
            chars[i] = codes[Character.toLowerCase(c)];
        }
        return chars;
    }

    /**
     * The contexts of the text's distinct grams, each once, in no particular order: a gram seen before is not looked
     * up again (a small set of the grams' keys; most grams of a text repeat).
     */
    private int[] distinctContexts(char[] chars) {
        int length = chars.length;
        long[] seen = new long[Integer.highestOneBit(Math.max(8, length * MAX_GRAM)) * 2];
        int seenMask = seen.length - 1;
        int[] found = new int[length * MAX_GRAM];
        int n = 0;
        for (int start = 0; start < length; start++) {
            long key = 0;
            for (int gram = 1; gram <= MAX_GRAM && start + gram <= length; gram++) {
                char code = chars[start + gram - 1];
                if (code == 0) {
                    break;
                }
                key = key(key, code);
                long full = key << 2 | gram;
                int slot = slot(full, seenMask);
                while (seen[slot] != 0 && seen[slot] != full) {
                    slot = (slot + 1) & seenMask;
                }
                if (seen[slot] == full) {
                    continue;
                }
                seen[slot] = full;
                int context = find(full);
                if (context >= 0) {
                    found[n++] = context;
                }
            }
        }
        return Arrays.copyOf(found, n);
    }

    private int find(long key) {
        int slot = slot(key, mask);
        while (true) {
            long entry = table[slot];
            if (entry >>> INDEX_BITS == key) {
                return (int) (entry & ((1 << INDEX_BITS) - 1));
            }
            if (entry == 0) {
                return -1;
            }
            slot = (slot + 1) & mask;
        }
    }

    private static int slot(long key, int mask) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h >>> 40) & mask;
    }

    /** The codes of a gram's chars so far and the next one's (the full key then takes the gram's length, 2 bits). */
    private static long key(long key, int code) {
        return key << CODE_BITS | code;
    }
}
