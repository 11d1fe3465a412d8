package io.ticketflow.classify;

import java.util.List;
import java.util.Locale;

/**
 * Trains the final model on all the data and calibrates it with the held-out predictions of the cross-validation that
 * chose its trainer: the temperature of its scores and the review threshold from the reliability curve
 * ({@link Calibration}). Models over plain counts (NAIVEBAYES) keep their probabilities; only the threshold is read off.
 */
public final class CalibratedTraining {

    private CalibratedTraining() {
    }

    /**
     * @param model     the calibrated model, its threshold set
     * @param factor    the factor applied to the model's scores (1 / temperature)
     * @param heldOut   the held-out predictions' confidence and correctness after calibration
     * @param operating coverage and accuracy on the held-out folds at the model's threshold
     */
    public record Result(DocClassifier model, double factor, List<Calibration.Outcome> heldOut, Calibration.Operating operating,
            double errorBefore, double embeddedFactor, double embeddedShare, double heldOutAccuracy) {

        /** The calibration section of a report. */
    public     String report(ClassifierParams params) {
            StringBuilder s = new StringBuilder();
            s.append(String.format(Locale.ROOT, "calibration on the held-out folds: scores x %.3f (temperature %.4f); "
                    + "expected calibration error %.4f before, %.4f after%n", factor, 1 / factor, errorBefore,
                    Calibration.expectedError(heldOut)));
            if (!Double.isNaN(embeddedFactor)) {
                s.append(String.format(Locale.ROOT, "sentence embeddings: computed when the sparse confidence is below "
                        + "%.2f, for %.1f %% of the held-out messages; embedding model's scores x %.3f; held-out accuracy "
                        + "of the two together %.4f%n", params.embedBelow(), embeddedShare * 100, embeddedFactor,
                        heldOutAccuracy));
            }
            s.append("reliability curve (held-out folds):\n").append(Calibration.curve(heldOut));
            s.append(params.autoThreshold()
                    ? String.format(Locale.ROOT, "review threshold chosen for >= %.1f %% accuracy on the held-out folds:%n",
                            params.targetAccuracy() * 100)
                    : "review threshold fixed in params.properties:\n");
            s.append("  ").append(operating.describe()).append('\n');
            for (double target : new double[] { 0.90, 0.95, 0.97, 0.99 }) {
                s.append("  for ").append(String.format(Locale.ROOT, "%.0f %%", target * 100)).append(": ")
                        .append(Calibration.threshold(heldOut, target).describe()).append('\n');
            }
            return s.toString();
        }
    }

    public static Result train(List<LabelledText> examples, String trainer, ClassifierParams params, List<Calibration.Scored> heldOut) {
        DocClassifier raw = DocClassifier.train(examples, trainer, params);
        boolean scalable = WeightedTraining.WEIGHTED.contains(trainer);
        double factor = scalable ? Calibration.fitFactor(heldOut) : 1;
        double errorBefore = Calibration.expectedError(Calibration.outcomes(heldOut, 1));
        double embeddedFactor = 1;
        List<Calibration.Outcome> outcomes = Calibration.outcomes(heldOut, factor);
        double embeddedShare = 0;
        if (raw.hasEmbeddings()) {
            embeddedFactor = Calibration.fitFactor(Calibration.embedded(heldOut));
            List<Calibration.Scored> cascade = Calibration.cascade(heldOut, factor, embeddedFactor, params.embedBelow());
            outcomes = Calibration.outcomes(cascade, 1);
            embeddedShare = Calibration.shareBelow(Calibration.confidences(Calibration.outcomes(heldOut, factor)),
                    params.embedBelow());
        }
        Calibration.Operating operating = params.autoThreshold() ? Calibration.threshold(outcomes, params.targetAccuracy())
                : Calibration.at(outcomes, params.threshold());
        DocClassifier model = scalable ? raw.calibrated(factor, embeddedFactor, operating.threshold())
                : raw.withThreshold(operating.threshold());
        return new Result(model, factor, outcomes, operating, errorBefore, raw.hasEmbeddings() ? embeddedFactor : Double.NaN,
                embeddedShare, cascadeEvaluation(model, heldOut, outcomes));
    }

    /** Held-out accuracy of the calibrated cascade (the sparse figures of cross-validation do not include it). */
    private static double cascadeEvaluation(DocClassifier model, List<Calibration.Scored> heldOut,
            List<Calibration.Outcome> outcomes) {
        return outcomes.isEmpty() ? 0 : outcomes.stream().filter(Calibration.Outcome::correct).count() / (double) outcomes.size();
    }
}
