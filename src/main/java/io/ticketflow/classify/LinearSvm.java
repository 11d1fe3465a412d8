package io.ticketflow.classify;

import java.util.Random;
import java.util.stream.IntStream;

/**
 * One-vs-rest linear support vector machines (L2-regularised squared hinge loss) trained by dual coordinate descent,
 * the method of LIBLINEAR (Hsieh et al., ICML 2008). OpenNLP's own trainers are slow on thousands of examples and
 * dozens of labels (L-BFGS maxent) or less accurate (perceptron); this one trains banking77 in seconds. The weights
 * become an ordinary OpenNLP maxent model ({@link LinearModels}), so loading, serialising and scoring stay OpenNLP's.
 */
final class LinearSvm {

    private final double c;
    private final int maxEpochs;
    private final double tolerance;

    /**
     * @param c         inverse regularisation strength (LIBLINEAR's C; 1 is its default)
     * @param maxEpochs passes over the data at most
     * @param tolerance stop when the largest projected gradient of a pass is below this
     */
    LinearSvm(double c, int maxEpochs, double tolerance) {
        this.c = c;
        this.maxEpochs = maxEpochs;
        this.tolerance = tolerance;
    }

    /**
     * @param x          examples as sparse vectors (ids ascending); the intercept is added as an extra feature of value 1
     * @param labels     each example's label index
     * @param features   vocabulary size
     * @param numLabels  number of labels
     * @return weights[label][feature], the last feature being the intercept
     */
    float[][] train(FeatureWeights.Vector[] x, int[] labels, int features, int numLabels) {
        return train(x, labels, features, numLabels, false);
    }

    /**
     * @param balanced each example's C scaled by n / (numLabels × examples of its label) (LIBLINEAR's and scikit-learn's
     *                 "balanced" class weights), in every one-vs-rest problem
     */
    float[][] train(FeatureWeights.Vector[] x, int[] labels, int features, int numLabels, boolean balanced) {
        double[] cs = new double[x.length];
        int[] count = new int[numLabels];
        for (int label : labels) {
            count[label]++;
        }
        for (int i = 0; i < x.length; i++) {
            cs[i] = balanced ? c * x.length / ((double) numLabels * count[labels[i]]) : c;
        }
        float[][] w = new float[numLabels][];
        IntStream.range(0, numLabels).parallel().forEach(label -> w[label] = trainOne(x, labels, cs, features, label));
        return w;
    }

    private float[] trainOne(FeatureWeights.Vector[] x, int[] labels, double[] cs, int features, int label) {
        int n = x.length;
        double[] w = new double[features + 1];
        double[] alpha = new double[n];
        double[] qii = new double[n];
        double[] diags = new double[n];
        for (int i = 0; i < n; i++) {
            diags[i] = 1 / (2 * cs[i]);
            double sq = 1; // intercept feature
            for (float v : x[i].values()) {
                sq += v * v;
            }
            qii[i] = sq + diags[i];
        }
        int[] order = IntStream.range(0, n).toArray();
        Random random = new Random(17L + label);
        for (int epoch = 0; epoch < maxEpochs; epoch++) {
            shuffle(order, random);
            double maxViolation = 0;
            for (int i : order) {
                int y = labels[i] == label ? 1 : -1;
                int[] ids = x[i].ids();
                float[] vs = x[i].values();
                double dot = w[features];
                for (int k = 0; k < ids.length; k++) {
                    dot += w[ids[k]] * vs[k];
                }
                double g = y * dot - 1 + diags[i] * alpha[i];
                double pg = alpha[i] == 0 ? Math.min(g, 0) : g;
                maxViolation = Math.max(maxViolation, Math.abs(pg));
                if (pg != 0) {
                    double old = alpha[i];
                    alpha[i] = Math.max(old - g / qii[i], 0);
                    double step = (alpha[i] - old) * y;
                    for (int k = 0; k < ids.length; k++) {
                        w[ids[k]] += step * vs[k];
                    }
                    w[features] += step;
                }
            }
            if (maxViolation < tolerance) {
                break;
            }
        }
        float[] out = new float[features + 1];
        for (int j = 0; j <= features; j++) {
            out[j] = (float) w[j];
        }
        return out;
    }

    private static void shuffle(int[] a, Random random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
