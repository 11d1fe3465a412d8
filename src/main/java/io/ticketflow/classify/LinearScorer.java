package io.ticketflow.classify;

import java.util.Arrays;
import java.util.Map;
import opennlp.tools.ml.maxent.GISModel;
import opennlp.tools.ml.model.AbstractModel;
import opennlp.tools.ml.model.Context;
import opennlp.tools.ml.model.MaxentModel;

/**
 * A weighted model's maxent parameters as one dense row of label weights per vocabulary index, for scoring a mail with
 * one array read per feature instead of a hash lookup of its name. Rows: the vocabulary (0 .. vocabulary-1), the
 * {@link FeatureWeights#BIAS}, then the sentence embedding's dimensions {@code e=0 ..} when the model has them.
 * <p>
 * The sums are the ones {@link GISModel#eval(String[], float[])} computes, in the same order and in double precision
 * (a pruned weight is a 0 here, which adds nothing), so the probabilities are the same to the last bit. Immutable.
 */
final class LinearScorer {

    private final double[] rows;
    private final int labels;
    private final int vocabulary;
    private final double logPrior;

    private LinearScorer(double[] rows, int labels, int vocabulary) {
        this.rows = rows;
        this.labels = labels;
        this.vocabulary = vocabulary;
        // GISModel's uniform prior, the starting value of every sum
        this.logPrior = StrictMath.log(1.0 / labels);
    }

    /** The model's weights by row, or null when it is not a maxent model of this form (it keeps its own eval). */
    @SuppressWarnings("unchecked")
    static LinearScorer of(MaxentModel model, FeatureWeights weights, int embeddingDimensions) {
        if (!(model instanceof GISModel gis)) {
            return null;
        }
        Object[] data = gis.getDataStructures();
        Map<String, Context> byName = (Map<String, Context>) data[1];
        int labels = ((String[]) data[2]).length;
        int vocabulary = weights.size();
        double[] rows = new double[(vocabulary + 1 + embeddingDimensions) * labels];
        for (int i = 0; i < vocabulary; i++) {
            put(rows, i, labels, byName.get(weights.name(i)));
        }
        put(rows, vocabulary, labels, byName.get(FeatureWeights.BIAS));
        for (int k = 0; k < embeddingDimensions; k++) {
            put(rows, vocabulary + 1 + k, labels, byName.get(EmbeddingFeatures.name(k)));
        }
        return new LinearScorer(rows, labels, vocabulary);
    }

    private static void put(double[] rows, int row, int labels, Context context) {
        if (context == null) {
            return;
        }
        int[] outcomes = context.getOutcomes();
        double[] parameters = context.getParameters();
        for (int k = 0; k < outcomes.length; k++) {
            rows[row * labels + outcomes[k]] = parameters[k];
        }
    }

    /** The probability of every label for a weighted vector, the bias and (when not null) the weighted embedding. */
    double[] eval(FeatureWeights.Vector vector, float[] embedding, double embeddingWeight) {
        double[] sums = new double[labels];
        Arrays.fill(sums, logPrior);
        int[] ids = vector.ids();
        float[] values = vector.values();
        for (int k = 0; k < ids.length; k++) {
            add(sums, ids[k], values[k]);
        }
        add(sums, vocabulary, 1f);
        if (embedding != null) {
            for (int k = 0; k < embedding.length; k++) {
                // the value the sparse-plus-embedding features carry (EmbeddingFeatures.append)
                add(sums, vocabulary + 1 + k, (float) (embeddingWeight * embedding[k]));
            }
        }
        double normal = 0;
        for (int l = 0; l < labels; l++) {
            sums[l] = StrictMath.exp(sums[l]);
            normal += sums[l];
        }
        for (int l = 0; l < labels; l++) {
            sums[l] /= normal;
        }
        return sums;
    }

    private void add(double[] sums, int row, float value) {
        double v = value;
        int base = row * labels;
        for (int l = 0; l < labels; l++) {
            sums[l] += rows[base + l] * v;
        }
    }

    /** Memory of the rows, for the documentation of what the speed costs. */
    long bytes() {
        return rows.length * 8L;
    }
}
