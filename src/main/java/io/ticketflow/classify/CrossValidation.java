package io.ticketflow.classify;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntConsumer;

/**
 * Chooses a classifier's trainer: k-fold cross-validation of each candidate trainer (stratified by label, fixed seed so
 * a retrain on the same data compares the same folds), best macro-F1 wins, accuracy breaks ties.
 */
public final class CrossValidation {

    private CrossValidation() {
    }

    /** Results per trainer, in the order tried. {@code progress} receives the number of finished folds. */
    public static Map<String, Evaluation> compare(List<LabelledText> examples, ClassifierParams params, IntConsumer progress) {
        Map<String, Evaluation> results = new LinkedHashMap<>();
        compareScored(examples, params, progress).forEach((t, r) -> results.put(t, r.evaluation()));
        return results;
    }

    /** A trainer's cross-validated figures and its held-out predictions (which calibrate the final model). */
    record Scored(Evaluation evaluation, List<Calibration.Scored> heldOut) {
    }

    /** Like {@link #compare}, keeping every held-out prediction's distribution. */
    static Map<String, Scored> compareScored(List<LabelledText> examples, ClassifierParams params, IntConsumer progress) {
        List<List<LabelledText>> folds = folds(examples, params.folds());
        Map<String, Scored> results = new LinkedHashMap<>();
        int done = 0;
        for (String trainer : params.trainers()) {
            Evaluation total = new Evaluation();
            List<Calibration.Scored> heldOut = new ArrayList<>();
            for (int k = 0; k < folds.size(); k++) {
                List<LabelledText> train = new ArrayList<>();
                for (int j = 0; j < folds.size(); j++) {
                    if (j != k) {
                        train.addAll(folds.get(j));
                    }
                }
                DocClassifier model = DocClassifier.train(train, trainer, params);
                List<LabelledText> test = folds.get(k);
                List<Calibration.Scored> scored = test.parallelStream().map(t -> score(model, t)).toList();
                for (int i = 0; i < test.size(); i++) {
                    Calibration.Scored s = scored.get(i);
                    total.add(test.get(i).label(), model.label(s.predicted()));
                }
                heldOut.addAll(scored);
                progress.accept(++done);
            }
            results.put(trainer, new Scored(total, heldOut));
        }
        return results;
    }

    /** The model's distribution for one example, with the position of its gold label (-1 when the model lacks it). */
    static Calibration.Scored score(DocClassifier model, LabelledText example) {
        double[] p = model.distribution(DocClassifier.Features.of(example.text()));
        int gold = -1;
        for (int i = 0; i < p.length; i++) {
            if (model.label(i).equals(example.label())) {
                gold = i;
            }
        }
        return new Calibration.Scored(p, gold);
    }

    public static String best(Map<String, Evaluation> results) {
        return results.entrySet().stream()
                .max((a, b) -> {
                    int byF1 = Double.compare(round(a.getValue().macroF1()), round(b.getValue().macroF1()));
                    return byF1 != 0 ? byF1 : Double.compare(a.getValue().accuracy(), b.getValue().accuracy());
                })
                .map(Map.Entry::getKey).orElseThrow();
    }

    public static Evaluation evaluate(DocClassifier classifier, List<LabelledText> test) {
        Evaluation e = new Evaluation();
        test.parallelStream().forEach(t -> e.add(t.label(), classifier.predict(t.text()).label()));
        return e;
    }

    /** Stratified folds: each label's examples dealt round-robin after a seeded shuffle. */
    static List<List<LabelledText>> folds(List<LabelledText> examples, int k) {
        Map<String, List<LabelledText>> byLabel = new LinkedHashMap<>();
        examples.forEach(e -> byLabel.computeIfAbsent(e.label(), l -> new ArrayList<>()).add(e));
        List<List<LabelledText>> folds = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            folds.add(new ArrayList<>());
        }
        Random random = new Random(42);
        int next = 0;
        for (List<LabelledText> group : byLabel.values()) {
            List<LabelledText> shuffled = new ArrayList<>(group);
            Collections.shuffle(shuffled, random);
            for (LabelledText e : shuffled) {
                folds.get(next++ % k).add(e);
            }
        }
        return folds;
    }

    private static double round(double v) {
        return Math.round(v * 10000) / 10000.0;
    }
}
