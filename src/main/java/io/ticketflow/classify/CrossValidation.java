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
    public record Scored(Evaluation evaluation, List<Calibration.Scored> heldOut) {
    }

    /** Like {@link #compare}, keeping every held-out prediction's distribution. */
    public static Map<String, Scored> compareScored(List<LabelledText> examples, ClassifierParams params, IntConsumer progress) {
        List<List<LabelledText>> folds = folds(examples, params.folds());
        Map<String, Scored> results = new LinkedHashMap<>();
        int done = 0;
        for (String trainer : params.trainers()) {
            List<Calibration.Scored> heldOut = new ArrayList<>();
            List<String[]> labelsOf = new ArrayList<>();
            List<String> gold = new ArrayList<>();
            for (int k = 0; k < folds.size(); k++) {
                List<LabelledText> train = new ArrayList<>();
                for (int j = 0; j < folds.size(); j++) {
                    if (j != k) {
                        train.addAll(folds.get(j));
                    }
                }
                DocClassifier model = DocClassifier.train(train, trainer, params);
                String[] labels = java.util.stream.IntStream.range(0, model.labels().size()).mapToObj(model::label)
                        .toArray(String[]::new);
                List<LabelledText> test = folds.get(k);
                heldOut.addAll(test.parallelStream().map(t -> score(model, t)).toList());
                test.forEach(t -> {
                    labelsOf.add(labels);
                    gold.add(t.label());
                });
                progress.accept(++done);
            }
            // with embeddings, what decides is the calibrated cascade of the two models, not the sparse one alone
            List<Calibration.Scored> decided = heldOut.get(0).embedded() == null ? heldOut
                    : Calibration.cascade(heldOut, Calibration.fitFactor(heldOut),
                            Calibration.fitFactor(Calibration.embedded(heldOut)), params.embedBelow());
            Evaluation total = new Evaluation();
            for (int i = 0; i < heldOut.size(); i++) {
                total.add(gold.get(i), labelsOf.get(i)[decided.get(i).predicted()]);
            }
            results.put(trainer, new Scored(total, heldOut));
        }
        return results;
    }

    /** The model's distribution for one example, with the position of its gold label (-1 when the model lacks it). */
    static Calibration.Scored score(DocClassifier model, LabelledText example) {
        double[][] p = model.distributions(DocClassifier.Features.of(example.text()));
        int gold = -1;
        for (int i = 0; i < p[0].length; i++) {
            if (model.label(i).equals(example.label())) {
                gold = i;
            }
        }
        return new Calibration.Scored(p[0], gold, p[1]);
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
