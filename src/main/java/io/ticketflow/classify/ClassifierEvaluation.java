package io.ticketflow.classify;

import io.ticketflow.vocabulary.Prediction;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.function.IntConsumer;
import java.util.stream.Collectors;

/**
 * How good a classifier is, in one call per protocol: k-fold cross-validation on one labelled set, training (with
 * calibration) on one set and testing on another, or a trained classifier folder on labelled data. Each returns a
 * {@link Report} with the figures and the text to print; the command line only parses arguments and prints it.
 * Examples whose label the model does not know count as out-of-scope: left out of the figures and reported as the
 * share whose confidence falls below the review threshold (sent to a person).
 */
public final class ClassifierEvaluation {

    private static final double[] TARGETS = { 0.90, 0.95, 0.97, 0.99 };

    private ClassifierEvaluation() {
    }

    /**
     * @param evaluation       accuracy, macro-F1, per-label precision/recall and confusions (in-scope examples)
     * @param operating        coverage and accuracy at the review threshold
     * @param outOfScopeRecall share of the out-of-scope examples below the review threshold; empty without any
     * @param text             the whole report; its last line is {@link Evaluation#summaryLine()}
     */
    public record Report(Evaluation evaluation, Calibration.Operating operating, OptionalDouble outOfScopeRecall,
            String text) {

        public double accuracy() {
            return evaluation.accuracy();
        }

        public double macroF1() {
            return evaluation.macroF1();
        }
    }

    /** Progress steps of {@link #crossValidate} and {@link #trainAndTest} (the folds). */
    public static int steps(ClassifierParams params) {
        return params.folds();
    }

    /** k-fold cross-validation of the first trainer of params; {@code progress} receives the finished folds. */
    public static Report crossValidate(List<LabelledText> data, ClassifierParams params, IntConsumer progress) {
        String trainer = params.trainers().get(0);
        CrossValidation.Scored result = CrossValidation.compareScored(data, params, progress).get(trainer);
        Evaluation e = result.evaluation();
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%d-fold cross-validation of %s on %d examples "
                + "(svm-c %s, embedding-weight %s, embedding-model-weight %s, embedding-svm-c %s, embed-below %s, "
                + "class-weight %s, embedding-scaling %s)%n", params.folds(), trainer, data.size(), params.svmC(),
                params.embeddingWeight(), params.embeddingModelWeight(), params.embeddingC(), params.embedBelow(),
                params.balanced() ? "balanced" : "none", params.embeddingScaling()));
        s.append(e.report());
        double factor = WeightedTraining.WEIGHTED.contains(trainer) ? Calibration.fitFactor(result.heldOut()) : 1;
        List<Calibration.Outcome> outcomes = Calibration.outcomes(result.heldOut(), factor);
        if (result.heldOut().get(0).embedded() != null) {
            // the cascade decides: the sparse model where it is sure, the model with embeddings elsewhere
            double embeddedFactor = Calibration.fitFactor(Calibration.embedded(result.heldOut()));
            s.append(String.format(Locale.ROOT, "%nsentence embeddings computed for %.1f %% of the held-out messages "
                    + "(sparse confidence below %.2f)%n", 100 * Calibration.shareBelow(Calibration.confidences(outcomes),
                    params.embedBelow()), params.embedBelow()));
            outcomes = Calibration.outcomes(Calibration.cascade(result.heldOut(), factor, embeddedFactor,
                    params.embedBelow()), 1);
            // what other settings of embed-below would give, from the same held-out predictions (both models scored them)
            s.append(CascadeCurve.describe(result.heldOut(), factor, embeddedFactor));
        }
        s.append(String.format(Locale.ROOT, "%nheld-out confidence, scores x %.3f (fitted on these same held-out "
                + "predictions, so slightly optimistic):%n%s", factor, Calibration.curve(outcomes)));
        Calibration.Operating operating = params.autoThreshold() ? Calibration.threshold(outcomes, params.targetAccuracy())
                : Calibration.at(outcomes, params.threshold());
        s.append("review threshold: ").append(operating.describe()).append('\n');
        for (double target : TARGETS) {
            s.append(String.format(Locale.ROOT, "  for %.0f %%: %s%n", target * 100,
                    Calibration.threshold(outcomes, target).describe()));
        }
        s.append(e.summaryLine()).append('\n');
        return new Report(e, operating, OptionalDouble.empty(), s.toString());
    }

    /** Progress steps of {@link #sweep}. */
    public static int sweepSteps(ClassifierParams params, List<String> variants) {
        return params.folds() * variants.size();
    }

    /**
     * The variants of a sweep, each a {@code KEY=VALUE} or several joined by {@code &}: {@code "svm-c=0.5,1,2"} is
     * three variants, {@code "class-weight=balanced;svm-c=0.5&embedding-svm-c=1"} two; variants are separated by
     * {@code ;}.
     */
    public static List<String> variants(String spec) {
        List<String> variants = new ArrayList<>();
        for (String part : spec.split(";")) {
            String p = part.strip();
            if (p.isEmpty()) {
                continue;
            }
            String[] kv = p.split("=", 2);
            if (kv.length != 2) {
                throw new IllegalArgumentException("a sweep variant is KEY=V1,V2,... or KEY=V&KEY=V, not " + p);
            }
            if (p.contains("&")) {
                variants.add(p);
            }
            else {
                for (String v : kv[1].split(",")) {
                    variants.add(kv[0].strip() + "=" + v.strip());
                }
            }
        }
        return variants;
    }

    /**
     * k-fold cross-validation of the first trainer of params once per variant of its {@code params.properties}
     * settings ({@link #variants}), on the same folds: one line per variant with the held-out accuracy and macro-F1
     * (with embeddings: of the cascade at embed-below, and the accuracy were every message embedded). This is how the
     * defaults are chosen, on training data only (docs/classification.md). The last line is the best variant's
     * {@link Evaluation#summaryLine()}. Each variant's line also goes to {@code line} as soon as it is measured (a sweep
     * can take an hour on a busy machine).
     */
    public static String sweep(List<LabelledText> data, ClassifierParams params, List<String> variants,
            IntConsumer progress, java.util.function.Consumer<String> line) {
        String trainer = params.trainers().get(0);
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%d-fold cross-validation of %s on %d examples, "
                + "variants of: %s%n", params.folds(), trainer, data.size(),
                params.toProperties().strip().replace('\n', ' ')));
        int done = 0;
        Evaluation best = null;
        String bestVariant = null;
        for (String variant : variants) {
            ClassifierParams p = params;
            for (String setting : variant.split("&")) {
                String[] kv = setting.split("=", 2);
                p = p.with(kv[0].strip(), kv[1].strip());
            }
            int before = done;
            CrossValidation.Scored r = CrossValidation.compareScored(data, p, f -> progress.accept(before + f)).get(trainer);
            done += p.folds();
            Evaluation e = r.evaluation();
            StringBuilder v = new StringBuilder(String.format(Locale.ROOT, "  %s: %s", variant, e.summaryLine()));
            if (r.heldOut().get(0).embedded() != null) {
                double factor = Calibration.fitFactor(r.heldOut());
                List<Calibration.Outcome> sparse = Calibration.outcomes(r.heldOut(), factor);
                List<Calibration.Outcome> all = Calibration.outcomes(Calibration.cascade(r.heldOut(), factor,
                        Calibration.fitFactor(Calibration.embedded(r.heldOut())), 1.0), 1);
                v.append(String.format(Locale.ROOT, " (embedded %.1f %%; every message embedded: accuracy %.4f)",
                        100 * Calibration.shareBelow(Calibration.confidences(sparse), p.embedBelow()),
                        all.stream().filter(Calibration.Outcome::correct).count() / (double) all.size()));
            }
            v.append(" folds ").append(foldAccuracies(data, p, r.heldOut()));
            if (r.heldOut().get(0).embedded() != null) {
                // the cascade at other embed-below settings, from the same held-out predictions (no retraining)
                double factor = Calibration.fitFactor(r.heldOut());
                v.append("\n    ").append(CascadeCurve.describe(r.heldOut(), factor,
                        Calibration.fitFactor(Calibration.embedded(r.heldOut()))).lines().findFirst().orElse(""));
            }
            s.append(v).append('\n');
            line.accept(v.toString());
            if (best == null || e.accuracy() > best.accuracy()) {
                best = e;
                bestVariant = variant;
            }
        }
        s.append("best by accuracy: ").append(bestVariant).append('\n');
        s.append(best.summaryLine()).append('\n');
        return s.toString();
    }

    /**
     * The held-out accuracy of each fold (of the cascade at embed-below with embeddings), and their spread: a difference
     * between variants is real only where it holds fold by fold (the folds are the same for every variant).
     */
    static String foldAccuracies(List<LabelledText> data, ClassifierParams p, List<Calibration.Scored> heldOut) {
        List<Calibration.Scored> decided = heldOut.get(0).embedded() == null ? heldOut
                : Calibration.cascade(heldOut, Calibration.fitFactor(heldOut),
                        Calibration.fitFactor(Calibration.embedded(heldOut)), p.embedBelow());
        StringBuilder f = new StringBuilder();
        double min = 1;
        double max = 0;
        int from = 0;
        for (List<LabelledText> fold : CrossValidation.folds(data, p.folds())) {
            long correct = decided.subList(from, from + fold.size()).stream()
                    .filter(d -> d.gold() >= 0 && d.predicted() == d.gold()).count();
            double a = correct / (double) fold.size();
            f.append(f.length() == 0 ? "" : "/").append(String.format(Locale.ROOT, "%.4f", a));
            min = Math.min(min, a);
            max = Math.max(max, a);
            from += fold.size();
        }
        return f.append(String.format(Locale.ROOT, " (spread %.4f)", max - min)).toString();
    }

    /**
     * Trains the first trainer of params on one set as {@code train} does (cross-validation on it calibrates the model
     * and chooses its review threshold; the test set is only measured), then reports on the test set.
     */
    public static Report trainAndTest(List<LabelledText> train, List<LabelledText> test, ClassifierParams params,
            IntConsumer progress) {
        String trainer = params.trainers().get(0);
        long started = System.nanoTime();
        CrossValidation.Scored cv = CrossValidation.compareScored(train, params, progress).get(trainer);
        CalibratedTraining.Result calibrated = CalibratedTraining.train(train, trainer, params, cv.heldOut());
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "trained %s on %d examples, tested on %d%n", trainer,
                train.size(), test.size()));
        s.append(String.format(Locale.ROOT, "trained and calibrated in %.1f s (%d-fold cross-validation on the training "
                + "data: %s)%n", (System.nanoTime() - started) / 1e9, params.folds(), cv.evaluation().summaryLine()));
        s.append(calibrated.report(params));
        Map<Double, Double> thresholds = new java.util.LinkedHashMap<>();
        for (double target : TARGETS) {
            thresholds.put(target, Calibration.threshold(calibrated.heldOut(), target).threshold());
        }
        Set<String> known = train.stream().map(LabelledText::label).collect(Collectors.toSet());
        return test(calibrated.model(), known, test, calibrated.model().threshold(), thresholds, s);
    }

    /** The trained classifier of a folder ({@code model.bin}, {@code params.properties}) on labelled data. */
    public static Report ofClassifier(Path dir, List<LabelledText> test) throws IOException {
        ClassifierParams params = ClassifierParams.read(dir.resolve(ClassifierRegistry.PARAMS_FILE));
        DocClassifier model = DocClassifier.load(dir.resolve(ClassifierRegistry.MODEL_FILE), params.threshold());
        model = model.withThreshold(ClassifierRegistry.threshold(params, model));
        return test(model, Set.copyOf(model.labels()), test, model.threshold(), Map.of(), new StringBuilder());
    }

    /** Report over the in-scope examples; out-of-scope ones (labels the model does not know) tell the threshold's use. */
    private static Report test(DocClassifier model, Set<String> known, List<LabelledText> test, double threshold,
            Map<Double, Double> heldOutThresholds, StringBuilder s) {
        List<LabelledText> inScope = test.stream().filter(t -> known.contains(t.label())).toList();
        List<LabelledText> outOfScope = test.stream().filter(t -> !known.contains(t.label())).toList();
        Evaluation e = new Evaluation();
        List<Prediction> predictions = inScope.parallelStream().map(t -> model.predict(t.text())).toList();
        List<Calibration.Outcome> outcomes = new ArrayList<>();
        for (int i = 0; i < inScope.size(); i++) {
            e.add(inScope.get(i).label(), predictions.get(i).label());
            outcomes.add(new Calibration.Outcome(predictions.get(i).confidence(),
                    predictions.get(i).label().equals(inScope.get(i).label())));
        }
        double[] oosConfidence = outOfScope.parallelStream().mapToDouble(t -> model.predict(t.text()).confidence()).toArray();
        s.append(e.report());
        s.append(String.format("%nconfidence on the test data:%n%s", Calibration.curve(outcomes)));
        if (model.hasEmbeddings()) {
            s.append(CascadeCurve.onTest(model, inScope));
        }
        Calibration.Operating at = Calibration.at(outcomes, threshold);
        s.append(String.format(Locale.ROOT, "at the review threshold %.4f: %.1f %% of in-scope messages decided "
                + "automatically at %.2f %% accuracy, %.1f %% to a person%n", threshold, at.coverage() * 100,
                at.accuracy() * 100, (1 - at.coverage()) * 100));
        OptionalDouble recall = OptionalDouble.empty();
        if (!outOfScope.isEmpty()) {
            recall = OptionalDouble.of(Calibration.shareBelow(oosConfidence, threshold));
            double[] inConfidence = Calibration.confidences(outcomes);
            Arrays.sort(inConfidence);
            s.append(String.format("%nout-of-scope examples (labels unknown to the model): %d%n", outOfScope.size()));
            s.append(String.format(Locale.ROOT, "  out-of-scope recall at the review threshold %.4f (sent to a person): "
                    + "%.4f%n", threshold, recall.getAsDouble()));
            heldOutThresholds.forEach((target, t) -> {
                Calibration.Operating op = Calibration.at(outcomes, t);
                s.append(String.format(Locale.ROOT, "  threshold for %.0f %% on the held-out folds, %.4f: in-scope "
                        + "%.1f %% decided at %.2f %% accuracy; out-of-scope recall %.4f%n", target * 100, t,
                        op.coverage() * 100, op.accuracy() * 100, Calibration.shareBelow(oosConfidence, t)));
            });
            // the threshold that sends 5 % (10 %) of in-scope messages to a person, and what it catches
            for (double share : new double[] { 0.05, 0.10 }) {
                double t = inConfidence.length == 0 ? 0 : inConfidence[(int) Math.floor(share * (inConfidence.length - 1))];
                s.append(String.format(Locale.ROOT, "  at threshold %.4f (%.0f %% of in-scope below): out-of-scope "
                        + "caught = %.4f%n", t, share * 100, Calibration.shareBelow(oosConfidence, t)));
            }
        }
        s.append(String.format(Locale.ROOT, "in-scope examples below threshold %.4f: %d of %d%n", threshold,
                at.total() - at.decided(), inScope.size()));
        s.append(e.summaryLine()).append('\n');
        return new Report(e, at, recall, s.toString());
    }
}
