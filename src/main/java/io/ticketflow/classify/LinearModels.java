package io.ticketflow.classify;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import opennlp.tools.ml.maxent.GISModel;
import opennlp.tools.ml.model.AbstractModel;
import opennlp.tools.ml.model.Context;
import opennlp.tools.ml.model.MaxentModel;

/**
 * Linear models in OpenNLP's maxent form: {@link GISModel} scores a message as the softmax of its weighted feature sums,
 * so any linear model (our SVM's weights, OpenNLP's perceptron or L-BFGS parameters) becomes one, with its scores
 * multiplied by a calibration factor (the inverse of a fitted temperature) so the softmax is a calibrated probability.
 */
final class LinearModels {

    /** Weights smaller than this are left out of the model: they change no score noticeably and cost memory. */
    private static final double PRUNE = 1e-4;

    private LinearModels() {
    }

    /** The SVM's weights[label][feature] (last feature: intercept) as a maxent model. */
    static GISModel fromWeights(float[][] weights, FeatureWeights vocabulary, String[] labels) {
        return fromWeights(weights, vocabulary.size(), vocabulary::name, labels);
    }

    /** The same with named features 0 .. features-1, then the intercept. */
    static GISModel fromWeights(float[][] weights, int featureCount, java.util.function.IntFunction<String> name,
            String[] labels) {
        int features = featureCount + 1;
        List<Context> params = new ArrayList<>(features);
        List<String> names = new ArrayList<>(features);
        int[] outcomes = new int[labels.length];
        double[] values = new double[labels.length];
        for (int f = 0; f < features; f++) {
            int n = 0;
            for (int l = 0; l < labels.length; l++) {
                if (Math.abs(weights[l][f]) >= PRUNE) {
                    outcomes[n] = l;
                    values[n++] = weights[l][f];
                }
            }
            if (n > 0) {
                params.add(new Context(java.util.Arrays.copyOf(outcomes, n), java.util.Arrays.copyOf(values, n)));
                names.add(f < featureCount ? name.apply(f) : FeatureWeights.BIAS);
            }
        }
        return new GISModel(params.toArray(Context[]::new), names.toArray(String[]::new), labels.clone());
    }

    /** Any OpenNLP linear model (maxent, L-BFGS, perceptron) as a maxent model with its scores multiplied by factor. */
    @SuppressWarnings("unchecked")
    static GISModel scaled(MaxentModel model, double factor) {
        Object[] data = ((AbstractModel) model).getDataStructures();
        Map<String, Context> byName = (Map<String, Context>) data[1];
        String[] outcomes = ((String[]) data[2]).clone();
        Context[] params = new Context[byName.size()];
        String[] names = new String[byName.size()];
        int i = 0;
        for (Map.Entry<String, Context> e : byName.entrySet()) {
            double[] p = e.getValue().getParameters().clone();
            for (int k = 0; k < p.length; k++) {
                p[k] *= factor;
            }
            params[i] = new Context(e.getValue().getOutcomes().clone(), p);
            names[i++] = e.getKey();
        }
        return new GISModel(params, names, outcomes);
    }
}
