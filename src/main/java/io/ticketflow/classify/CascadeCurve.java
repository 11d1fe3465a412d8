package io.ticketflow.classify;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What the cascade of LINEAR_SVM_EMBEDDINGS (the sparse model answers where it is sure, the model with the sentence
 * embedding elsewhere) would give at other settings, from one cross-validation's held-out predictions (both models
 * scored every held-out message): accuracy and share embedded per {@code embed-below}, and, at the same shares, when
 * the sparse model's lead over its runner-up (top minus second probability) decides instead of its top probability.
 * The embedding is most of a mail's classification CPU, so the share embedded is its cost.
 */
final class CascadeCurve {

    static final double[] EMBED_BELOW = { 0.5, 0.7, 0.8, 0.85, 0.88, 0.9, 0.92, 0.95, 0.99, 1.0 };

    private CascadeCurve() {
    }

    /** One line per criterion: " below: accuracy (share embedded %);" ... */
    static String describe(List<Calibration.Scored> held, double factor, double embeddedFactor) {
        List<Calibration.Scored> known = held.stream().filter(s -> s.gold() >= 0).toList();
        double[] top = new double[known.size()];
        double[] lead = new double[known.size()];
        for (int i = 0; i < known.size(); i++) {
            double[] p = Calibration.rescale(known.get(i).probabilities(), factor);
            double[] sorted = p.clone();
            Arrays.sort(sorted);
            top[i] = sorted[sorted.length - 1];
            lead[i] = sorted.length > 1 ? sorted[sorted.length - 1] - sorted[sorted.length - 2] : 1;
        }
        StringBuilder s = new StringBuilder("held-out accuracy by embed-below (share embedded):");
        for (double below : EMBED_BELOW) {
            s.append(String.format(Locale.ROOT, " %.2f: %.4f (%.1f %%);", below,
                    accuracy(known, factor, embeddedFactor, top, below), 100 * Calibration.shareBelow(top, below)));
        }
        s.append("\nthe same shares embedded by the sparse model's lead over its runner-up instead (lead below: accuracy):");
        double[] leads = lead.clone();
        Arrays.sort(leads);
        for (double below : EMBED_BELOW) {
            int n = (int) Math.round(Calibration.shareBelow(top, below) * leads.length);
            double cut = n >= leads.length ? Double.POSITIVE_INFINITY : leads[n];
            s.append(String.format(Locale.ROOT, " %.4f: %.4f (%.1f %%);", Math.min(cut, 1),
                    accuracy(known, factor, embeddedFactor, lead, cut), 100 * Calibration.shareBelow(lead, cut)));
        }
        return s.append('\n').toString();
    }

    /**
     * The same curve on a test set, from a trained (calibrated) model: both of its models score every text, the
     * calibration already folded into them.
     */
    static String onTest(DocClassifier model, List<LabelledText> inScope) {
        java.util.Map<String, Integer> index = new java.util.HashMap<>();
        for (int i = 0; i < model.labels().size(); i++) {
            index.put(model.label(i), i);
        }
        List<Calibration.Scored> scored = inScope.parallelStream().map(t -> {
            double[][] d = model.distributions(DocClassifier.Features.of(t.text()));
            return new Calibration.Scored(d[0], index.getOrDefault(t.label(), -1), d[1]);
        }).toList();
        return "\non the test data, " + describe(scored, 1, 1);
    }

    /** Held-out accuracy when the messages whose criterion is below cut take the embedding model's answer. */
    private static double accuracy(List<Calibration.Scored> known, double factor, double embeddedFactor,
            double[] criterion, double cut) {
        int correct = 0;
        for (int i = 0; i < known.size(); i++) {
            Calibration.Scored s = known.get(i);
            double[] p = criterion[i] >= cut ? Calibration.rescale(s.probabilities(), factor)
                    : Calibration.rescale(s.embedded(), embeddedFactor);
            if (argmax(p) == s.gold()) {
                correct++;
            }
        }
        return known.isEmpty() ? 0 : correct / (double) known.size();
    }

    /** The index of the highest probability (the first of equals). */
    static int argmax(double[] p) {
        int best = 0;
        for (int i = 1; i < p.length; i++) {
            if (p[i] > p[best]) {
                best = i;
            }
        }
        return best;
    }
}
