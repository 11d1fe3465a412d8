package io.ticketflow.classify;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Calibrated confidence from held-out predictions (the out-of-fold predictions of cross-validation on the training
 * data, never the test data):
 * <ul>
 * <li><b>temperature</b>: one factor multiplying the linear scores, chosen to minimise the log-loss of the held-out
 * predictions, so that a confidence of 0.9 is right about 90 % of the time;</li>
 * <li><b>reliability curve</b>: held-out accuracy per confidence bin, and for each threshold the share of messages
 * decided automatically (coverage) and their accuracy;</li>
 * <li><b>review threshold</b>: the lowest confidence at which the messages decided automatically still reach the
 * target accuracy, i.e. the largest coverage at that accuracy.</li>
 * </ul>
 */
public final class Calibration {

    private Calibration() {
    }

    /**
     * One held-out prediction: the model's distribution and the gold label's position in it (-1: unknown label); for
     * LINEAR_SVM_EMBEDDINGS also the distribution of its model with embeddings (else null).
     */
    public record Scored(double[] probabilities, int gold, double[] embedded) {
        Scored(double[] probabilities, int gold) {
            this(probabilities, gold, null);
        }

        int predicted() {
            int best = 0;
            for (int i = 1; i < probabilities.length; i++) {
                if (probabilities[i] > probabilities[best]) {
                    best = i;
                }
            }
            return best;
        }
    }

    /** A confidence with whether the prediction was right. */
    public record Outcome(double confidence, boolean correct) {
    }

    /** Coverage and accuracy of the predictions at or above a threshold. */
    public record Operating(double threshold, double coverage, double accuracy, int decided, int total) {
    public     String describe() {
            return String.format(Locale.ROOT, "threshold %.4f: %.1f %% decided automatically at %.2f %% accuracy, "
                    + "%.1f %% to a person", threshold, coverage * 100, accuracy * 100, (1 - coverage) * 100);
        }
    }

    /** The factor for the scores (1/temperature) minimising the held-out log-loss. */
    public static double fitFactor(List<Scored> held) {
        List<Scored> known = held.stream().filter(s -> s.gold() >= 0).toList();
        if (known.isEmpty()) {
            return 1;
        }
        double lo = Math.log(0.05), hi = Math.log(200);
        double phi = (Math.sqrt(5) - 1) / 2;
        double a = hi - phi * (hi - lo), b = lo + phi * (hi - lo);
        double fa = logLoss(known, Math.exp(a)), fb = logLoss(known, Math.exp(b));
        for (int i = 0; i < 60; i++) {
            if (fa < fb) {
                hi = b;
                b = a;
                fb = fa;
                a = hi - phi * (hi - lo);
                fa = logLoss(known, Math.exp(a));
            }
            else {
                lo = a;
                a = b;
                fa = fb;
                b = lo + phi * (hi - lo);
                fb = logLoss(known, Math.exp(b));
            }
        }
        return Math.exp((lo + hi) / 2);
    }

    /** Mean negative log-likelihood of the gold labels with the scores multiplied by factor. */
    static double logLoss(List<Scored> known, double factor) {
        double sum = 0;
        for (Scored s : known) {
            sum -= Math.log(Math.max(1e-12, rescale(s.probabilities(), factor)[s.gold()]));
        }
        return sum / known.size();
    }

    /**
     * The distribution with its underlying scores multiplied by factor: the softmax of factor × log p, which is the
     * softmax of factor × score since log p differs from the score only by a constant.
     */
    static double[] rescale(double[] p, double factor) {
        double[] out = new double[p.length];
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < p.length; i++) {
            out[i] = factor * Math.log(Math.max(p[i], 1e-300));
            max = Math.max(max, out[i]);
        }
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            out[i] = Math.exp(out[i] - max);
            sum += out[i];
        }
        for (int i = 0; i < p.length; i++) {
            out[i] /= sum;
        }
        return out;
    }

    /** The predictions of the model with embeddings (for its own temperature). */
    public static List<Scored> embedded(List<Scored> held) {
        return held.stream().map(s -> new Scored(s.embedded(), s.gold())).toList();
    }

    /**
     * The cascade of LINEAR_SVM_EMBEDDINGS: the sparse model's calibrated prediction when its confidence reaches
     * embedBelow, the embedding model's otherwise; returned as held-out predictions already calibrated.
     */
    public static List<Scored> cascade(List<Scored> held, double factor, double embeddedFactor, double embedBelow) {
        List<Scored> out = new ArrayList<>(held.size());
        for (Scored s : held) {
            double[] sparse = rescale(s.probabilities(), factor);
            double top = Arrays.stream(sparse).max().orElse(0);
            out.add(new Scored(top >= embedBelow ? sparse : rescale(s.embedded(), embeddedFactor), s.gold()));
        }
        return out;
    }

    /** Confidence and correctness of each held-out prediction whose gold label the model knows, after rescaling. */
    public static List<Outcome> outcomes(List<Scored> held, double factor) {
        List<Outcome> out = new ArrayList<>();
        for (Scored s : held) {
            if (s.gold() >= 0) {
                double[] p = rescale(s.probabilities(), factor);
                int best = s.predicted();
                out.add(new Outcome(p[best], best == s.gold()));
            }
        }
        return out;
    }

    /** The largest coverage whose accuracy reaches target; the highest confidence seen when none does. */
    public static Operating threshold(List<Outcome> outcomes, double target) {
        List<Outcome> sorted = new ArrayList<>(outcomes);
        sorted.sort(Comparator.comparingDouble(Outcome::confidence).reversed());
        int correct = 0;
        Operating best = null;
        for (int i = 0; i < sorted.size(); i++) {
            if (sorted.get(i).correct()) {
                correct++;
            }
            boolean tieFollows = i + 1 < sorted.size() && sorted.get(i + 1).confidence() == sorted.get(i).confidence();
            double accuracy = (double) correct / (i + 1);
            if (!tieFollows && accuracy >= target) {
                best = new Operating(sorted.get(i).confidence(), (double) (i + 1) / sorted.size(), accuracy, i + 1, sorted.size());
            }
        }
        if (best == null) {
            double top = sorted.isEmpty() ? 1 : Math.nextUp(sorted.get(0).confidence());
            return new Operating(Math.min(1, top), 0, 0, 0, sorted.size());
        }
        return best;
    }

    /** Coverage and accuracy of the predictions at or above a given threshold. */
    public static Operating at(List<Outcome> outcomes, double threshold) {
        long decided = outcomes.stream().filter(o -> o.confidence() >= threshold).count();
        long right = outcomes.stream().filter(o -> o.confidence() >= threshold && o.correct()).count();
        return new Operating(threshold, outcomes.isEmpty() ? 0 : (double) decided / outcomes.size(),
                decided == 0 ? 0 : (double) right / decided, (int) decided, outcomes.size());
    }

    /** Expected calibration error over ten equal-width confidence bins. */
    static double expectedError(List<Outcome> outcomes) {
        double[][] bins = bins(outcomes);
        double err = 0;
        for (double[] b : bins) {
            if (b[0] > 0) {
                err += b[0] / outcomes.size() * Math.abs(b[1] / b[0] - b[2] / b[0]);
            }
        }
        return err;
    }

    /** The reliability curve as text: per confidence bin, the count, mean confidence and accuracy. */
    public static String curve(List<Outcome> outcomes) {
        StringBuilder s = new StringBuilder(String.format("  %-11s %7s %10s %9s%n", "confidence", "count", "mean conf", "accuracy"));
        double[][] bins = bins(outcomes);
        for (int i = 0; i < bins.length; i++) {
            if (bins[i][0] > 0) {
                s.append(String.format(Locale.ROOT, "  %.1f-%.1f     %7d %10.3f %9.3f%n", i / 10.0, (i + 1) / 10.0,
                        (int) bins[i][0], bins[i][1] / bins[i][0], bins[i][2] / bins[i][0]));
            }
        }
        s.append(String.format(Locale.ROOT, "  expected calibration error %.4f%n", expectedError(outcomes)));
        return s.toString();
    }

    /** Per bin of width 0.1: count, sum of confidences, number right. */
    private static double[][] bins(List<Outcome> outcomes) {
        double[][] bins = new double[10][3];
        for (Outcome o : outcomes) {
            int b = Math.min(9, (int) (o.confidence() * 10));
            bins[b][0]++;
            bins[b][1] += o.confidence();
            bins[b][2] += o.correct() ? 1 : 0;
        }
        return bins;
    }

    public static double[] confidences(List<Outcome> outcomes) {
        return outcomes.stream().mapToDouble(Outcome::confidence).toArray();
    }

    public static double shareBelow(double[] confidences, double threshold) {
        return confidences.length == 0 ? 0 : (double) Arrays.stream(confidences).filter(c -> c < threshold).count() / confidences.length;
    }
}
