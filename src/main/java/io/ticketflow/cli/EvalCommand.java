package io.ticketflow.cli;

import io.ticketflow.classify.CalibratedTraining;
import io.ticketflow.classify.Calibration;
import io.ticketflow.classify.ClassifierParams;
import io.ticketflow.classify.ClassifierRegistry;
import io.ticketflow.classify.CrossValidation;
import io.ticketflow.classify.DocClassifier;
import io.ticketflow.classify.Evaluation;
import io.ticketflow.classify.LabelledText;
import io.ticketflow.classify.LanguageDetection;
import io.ticketflow.classify.MessageClassifier;
import io.ticketflow.classify.SentenceEmbedder;
import io.ticketflow.classify.TrainingData;
import io.ticketflow.classify.WeightedTraining;
import io.ticketflow.vocabulary.Prediction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code ticketflow eval}: how good a classifier is, and how fast.
 * <ul>
 * <li>{@code eval <name> --data FILE}: the trained model of {@code classifiers/<name>} on labelled data;</li>
 * <li>{@code eval --train FILE --test FILE}: trains with the shipped default parameters on one file, evaluates on the
 * other (test labels unknown to the training data count as out-of-scope: reported separately);</li>
 * <li>{@code eval --bench}: time to classify one message (language + every classifier) on one thread.</li>
 * </ul>
 * The last line is always {@code accuracy=0.NNNN macro_f1=0.NNNN} (or the timing for --bench).
 */
public class EvalCommand implements Command {

    @Override
    public String name() {
        return "eval";
    }

    @Override
    public String usage() {
        return "<name> --data FILE | --train FILE --test FILE [--trainer T] [--target-accuracy A | --threshold T] [--embed-below C] | --cv FILE "
                + "[--folds K] | --bench [--embeddings]  accuracy, macro-F1, per-label precision/recall, confusions, coverage and accuracy "
                + "at the review threshold; --bench: ms per message";
    }

    @Override
    public int run(List<String> args) throws Exception {
        CommandArgs a = CommandArgs.parse(args);
        Path classifiers = Path.of(a.option("--classifiers", "classifiers"));
        if (a.flag("--bench")) {
            return bench(classifiers, Integer.parseInt(a.option("--repeat", "20")), a);
        }
        if (a.has("--train") && a.has("--test")) {
            return trainAndTest(a);
        }
        if (a.has("--cv")) {
            return crossValidate(a);
        }
        if (a.positional().size() == 1 && a.has("--data")) {
            Path dir = classifiers.resolve(a.positional().get(0));
            ClassifierParams params = ClassifierParams.read(dir.resolve(ClassifierRegistry.PARAMS_FILE));
            DocClassifier model = DocClassifier.load(dir.resolve(ClassifierRegistry.MODEL_FILE), params.threshold());
            model = model.withThreshold(ClassifierRegistry.threshold(params, model));
            List<LabelledText> test = TrainingData.read(a.option("--data", null));
            print(model, Set.copyOf(model.labels()), test, model.threshold(), Map.of());
            return 0;
        }
        System.err.println("usage: ticketflow eval " + usage());
        return 2;
    }

    /** k-fold cross-validation of the default trainer (or --trainer) on one labelled file. */
    private int crossValidate(CommandArgs a) {
        List<LabelledText> data = TrainingData.read(a.option("--cv", null));
        String trainer = a.option("--trainer", ClassifierParams.DEFAULTS.trainers().get(0)).toUpperCase(java.util.Locale.ROOT);
        int folds = Integer.parseInt(a.option("--folds", "5"));
        ClassifierParams params = params(a).withTrainers(List.of(trainer)).withFolds(folds);
        System.out.printf("%d-fold cross-validation of %s on %d examples%n", folds, trainer, data.size());
        ProgressBar bar = new ProgressBar(System.out, "cross-validation", folds);
        CrossValidation.Scored result = CrossValidation.compareScored(data, params, bar::update).get(trainer);
        bar.finish(folds);
        Evaluation e = result.evaluation();
        System.out.print(e.report());
        double factor = WeightedTraining.WEIGHTED.contains(trainer) ? Calibration.fitFactor(result.heldOut()) : 1;
        List<Calibration.Outcome> outcomes = Calibration.outcomes(result.heldOut(), factor);
        if (result.heldOut().get(0).embedded() != null) {
            // the cascade decides: the sparse model where it is sure, the model with embeddings elsewhere
            double embeddedFactor = Calibration.fitFactor(Calibration.embedded(result.heldOut()));
            System.out.printf(java.util.Locale.ROOT, "%nsentence embeddings computed for %.1f %% of the held-out messages "
                    + "(sparse confidence below %.2f)%n", 100 * Calibration.shareBelow(Calibration.confidences(outcomes),
                    params.embedBelow()), params.embedBelow());
            outcomes = Calibration.outcomes(Calibration.cascade(result.heldOut(), factor, embeddedFactor,
                    params.embedBelow()), 1);
        }
        System.out.printf(java.util.Locale.ROOT, "%nheld-out confidence, scores x %.3f (fitted on these same held-out "
                + "predictions, so slightly optimistic):%n%s", factor, Calibration.curve(outcomes));
        for (double target : new double[] { 0.90, 0.95, 0.97, 0.99 }) {
            System.out.printf(java.util.Locale.ROOT, "  for %.0f %%: %s%n", target * 100,
                    Calibration.threshold(outcomes, target).describe());
        }
        System.out.println(e.summaryLine());
        return 0;
    }

    /** The default parameters, with --threshold (fixed) or --target-accuracy (threshold from the reliability curve). */
    private static ClassifierParams params(CommandArgs a) {
        ClassifierParams params = ClassifierParams.DEFAULTS;
        if (a.has("--threshold")) {
            return params.withFixedThreshold(Double.parseDouble(a.option("--threshold", null)));
        }
        if (a.has("--embed-below")) {
            params = params.withEmbedBelow(Double.parseDouble(a.option("--embed-below", null)));
        }
        if (a.has("--target-accuracy")) {
            params = new ClassifierParams(params.trainers(), params.folds(), params.iterations(), params.cutoff(),
                    params.threshold(), Double.parseDouble(a.option("--target-accuracy", null)), params.svmC(),
                    params.embeddingWeight(), params.embedBelow(), params.extra());
        }
        return params;
    }

    /**
     * Trains on one file and tests on the other, like {@code train} does: cross-validation on the training file gives
     * the held-out predictions that calibrate the final model and choose its review threshold; the test file is only
     * used for the figures.
     */
    private int trainAndTest(CommandArgs a) {
        List<LabelledText> train = TrainingData.read(a.option("--train", null));
        List<LabelledText> test = TrainingData.read(a.option("--test", null));
        String trainer = a.option("--trainer", ClassifierParams.DEFAULTS.trainers().get(0)).toUpperCase(java.util.Locale.ROOT);
        ClassifierParams params = params(a).withTrainers(List.of(trainer));
        System.out.printf("training %s on %d examples, testing on %d%n", trainer, train.size(), test.size());
        long started = System.nanoTime();
        ProgressBar bar = new ProgressBar(System.out, "calibration folds", params.folds());
        CrossValidation.Scored cv = CrossValidation.compareScored(train, params, bar::update).get(trainer);
        bar.finish(params.folds());
        CalibratedTraining.Result calibrated = CalibratedTraining.train(train, trainer, params, cv.heldOut());
        System.out.printf("trained and calibrated in %.1f s (%d-fold cross-validation on the training data: %s)%n",
                (System.nanoTime() - started) / 1e9, params.folds(), cv.evaluation().summaryLine());
        System.out.print(calibrated.report(params));
        Set<String> known = train.stream().map(LabelledText::label).collect(Collectors.toSet());
        Map<Double, Double> thresholds = new java.util.LinkedHashMap<>();
        for (double target : new double[] { 0.90, 0.95, 0.97, 0.99 }) {
            thresholds.put(target, Calibration.threshold(calibrated.heldOut(), target).threshold());
        }
        print(calibrated.model(), known, test, calibrated.model().threshold(), thresholds);
        return 0;
    }

    /** Report over the in-scope examples; out-of-scope ones (labels the model does not know) tell the threshold's use. */
    private static void print(DocClassifier model, Set<String> known, List<LabelledText> test, double threshold,
            Map<Double, Double> heldOutThresholds) {
        List<LabelledText> inScope = test.stream().filter(t -> known.contains(t.label())).toList();
        List<LabelledText> outOfScope = test.stream().filter(t -> !known.contains(t.label())).toList();
        ProgressBar bar = new ProgressBar(System.out, "eval", test.size());
        Evaluation e = new Evaluation();
        List<Prediction> predictions = inScope.parallelStream().map(t -> model.predict(t.text())).toList();
        List<Calibration.Outcome> outcomes = new ArrayList<>();
        for (int i = 0; i < inScope.size(); i++) {
            e.add(inScope.get(i).label(), predictions.get(i).label());
            outcomes.add(new Calibration.Outcome(predictions.get(i).confidence(),
                    predictions.get(i).label().equals(inScope.get(i).label())));
        }
        double[] oosConfidence = outOfScope.parallelStream().mapToDouble(t -> model.predict(t.text()).confidence()).toArray();
        bar.finish(test.size());
        System.out.print(e.report());
        System.out.printf("%nconfidence on the test data:%n%s", Calibration.curve(outcomes));
        Calibration.Operating at = Calibration.at(outcomes, threshold);
        System.out.printf(java.util.Locale.ROOT, "at the review threshold %.4f: %.1f %% of in-scope messages decided "
                + "automatically at %.2f %% accuracy, %.1f %% to a person%n", threshold, at.coverage() * 100,
                at.accuracy() * 100, (1 - at.coverage()) * 100);
        if (!outOfScope.isEmpty()) {
            double[] inConfidence = Calibration.confidences(outcomes);
            Arrays.sort(inConfidence);
            System.out.printf("%nout-of-scope examples (labels unknown to the model): %d%n", outOfScope.size());
            System.out.printf(java.util.Locale.ROOT, "  out-of-scope recall at the review threshold %.4f (sent to a person): "
                    + "%.4f%n", threshold, Calibration.shareBelow(oosConfidence, threshold));
            heldOutThresholds.forEach((target, t) -> {
                Calibration.Operating op = Calibration.at(outcomes, t);
                System.out.printf(java.util.Locale.ROOT, "  threshold for %.0f %% on the held-out folds, %.4f: in-scope "
                        + "%.1f %% decided at %.2f %% accuracy; out-of-scope recall %.4f%n", target * 100, t,
                        op.coverage() * 100, op.accuracy() * 100, Calibration.shareBelow(oosConfidence, t));
            });
            // the threshold that sends 5 % (10 %) of in-scope messages to a person, and what it catches
            for (double share : new double[] { 0.05, 0.10 }) {
                double t = inConfidence.length == 0 ? 0 : inConfidence[(int) Math.floor(share * (inConfidence.length - 1))];
                System.out.printf(java.util.Locale.ROOT, "  at threshold %.4f (%.0f %% of in-scope below): out-of-scope "
                        + "caught = %.4f%n", t, share * 100, Calibration.shareBelow(oosConfidence, t));
            }
        }
        System.out.printf("in-scope examples below threshold %.4f: %d of %d%n", threshold, at.total() - at.decided(),
                inScope.size());
        System.out.println(e.summaryLine());
    }

    /**
     * Wall time and this thread's CPU time per classification. On a busy machine the wall time includes waiting for a
     * core; the CPU time is what one classification costs.
     */
    private static void measure(String what, MessageClassifier classifier, List<String> texts, int repeat) {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 3; i++) { // warm-up: JIT
            texts.forEach(t -> classifier.classify("Subject", t));
        }
        long[] nanos = new long[texts.size() * repeat];
        long[] cpu = new long[nanos.length];
        int n = 0;
        for (int r = 0; r < repeat; r++) {
            for (String t : texts) {
                long c = threads.getCurrentThreadCpuTime();
                long s = System.nanoTime();
                classifier.classify("Subject", t);
                nanos[n] = System.nanoTime() - s;
                cpu[n++] = threads.getCurrentThreadCpuTime() - c;
            }
        }
        System.out.printf("%s, %d classifications:%n  wall %s%n  cpu  %s%n", what, nanos.length, stats(nanos), stats(cpu));
    }

    private static String stats(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return String.format("mean=%.3f ms p50=%.3f ms p90=%.3f ms p99=%.3f ms", Arrays.stream(sorted).average().orElse(0) / 1e6,
                sorted[sorted.length / 2] / 1e6, sorted[(int) (sorted.length * 0.9)] / 1e6, sorted[(int) (sorted.length * 0.99)] / 1e6);
    }

    private static void measureEach(String what, java.util.function.Consumer<String> action, List<String> texts, int repeat) {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        texts.forEach(action); // warm-up
        long[] nanos = new long[texts.size() * repeat];
        long[] cpu = new long[nanos.length];
        int n = 0;
        for (int r = 0; r < repeat; r++) {
            for (String t : texts) {
                long c = threads.getCurrentThreadCpuTime();
                long s = System.nanoTime();
                action.accept(t);
                nanos[n] = System.nanoTime() - s;
                cpu[n++] = threads.getCurrentThreadCpuTime() - c;
            }
        }
        System.out.printf("%s, %d runs:%n  wall %s%n  cpu  %s%n", what, nanos.length, stats(nanos), stats(cpu));
    }

    private static int bench(Path classifiers, int repeat, CommandArgs a) {
        MessageClassifier classifier = new MessageClassifier(new LanguageDetection(20),
                new ClassifierRegistry(classifiers, ChronoUnit.FOREVER.getDuration()));
        Map<String, DocClassifier> loaded = classifier.registry().classifiers();
        if (loaded.isEmpty()) {
            System.err.println("no trained classifiers in " + classifiers);
            return 1;
        }
        java.util.Set<String> distinct = new java.util.LinkedHashSet<>();
        for (String name : loaded.keySet()) {
            Path data = classifiers.resolve(name).resolve(ClassifierRegistry.DATA_FILE);
            if (Files.exists(data)) {
                TrainingData.read(data).forEach(t -> distinct.add(t.text()));
            }
        }
        List<String> texts = new ArrayList<>(distinct);
        if (texts.isEmpty()) {
            texts.add("Our shop is down since 08:00, customers cannot pay order #12345. Please help urgently.");
        }
        System.out.printf("classifiers %s, one thread, %d repetitions%n", loaded.keySet(), repeat);
        measure("short messages (starter data)", classifier, texts, repeat);
        // a typical longer mail: about 1500 characters of several paragraphs
        List<String> longer = new ArrayList<>();
        for (int i = 0; i + 10 <= texts.size(); i += 10) {
            longer.add(String.join("\n\n", texts.subList(i, i + 10)));
        }
        if (!longer.isEmpty()) {
            measure("long messages (~" + longer.get(0).length() + " chars)", classifier, longer, repeat);
        }
        if (a.flag("--embeddings")) {
            // what a model with embeddings adds for each message whose sparse confidence is below its embed-below
            SentenceEmbedder embedder = SentenceEmbedder.shared();
            measureEach("sentence embedding, short messages", embedder::embed, texts, repeat);
            if (!longer.isEmpty()) {
                measureEach("sentence embedding, long messages", embedder::embed, longer, Math.max(1, repeat / 4));
            }
        }
        return 0;
    }
}
