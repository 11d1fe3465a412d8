package io.ticketflow.cli;

import io.ticketflow.classify.ClassifierParams;
import io.ticketflow.classify.ClassifierRegistry;
import io.ticketflow.classify.CrossValidation;
import io.ticketflow.classify.DocClassifier;
import io.ticketflow.classify.Evaluation;
import io.ticketflow.classify.LabelledText;
import io.ticketflow.classify.LanguageDetection;
import io.ticketflow.classify.MessageClassifier;
import io.ticketflow.classify.TrainingData;
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
        return "<name> --data FILE | --train FILE --test FILE [--trainer T] | --cv FILE [--folds K] | --bench  accuracy, "
                + "macro-F1, per-label precision/recall, confusions; --bench: ms per message";
    }

    @Override
    public int run(List<String> args) throws Exception {
        CommandArgs a = CommandArgs.parse(args);
        Path classifiers = Path.of(a.option("--classifiers", "classifiers"));
        if (a.flag("--bench")) {
            return bench(classifiers, Integer.parseInt(a.option("--repeat", "20")));
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
            List<LabelledText> test = TrainingData.read(a.option("--data", null));
            print(model, Set.copyOf(model.labels()), test, params.threshold());
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
        ClassifierParams params = ClassifierParams.DEFAULTS.withTrainers(List.of(trainer));
        params = new ClassifierParams(params.trainers(), folds, params.iterations(), params.cutoff(), params.threshold(),
                params.extra());
        System.out.printf("%d-fold cross-validation of %s on %d examples%n", folds, trainer, data.size());
        ProgressBar bar = new ProgressBar(System.out, "cross-validation", folds);
        Evaluation e = CrossValidation.compare(data, params, bar::update).get(trainer);
        bar.finish(folds);
        System.out.print(e.report());
        System.out.println(e.summaryLine());
        return 0;
    }

    private int trainAndTest(CommandArgs a) {
        List<LabelledText> train = TrainingData.read(a.option("--train", null));
        List<LabelledText> test = TrainingData.read(a.option("--test", null));
        ClassifierParams params = ClassifierParams.DEFAULTS;
        if (a.has("--threshold")) {
            params = new ClassifierParams(params.trainers(), params.folds(), params.iterations(), params.cutoff(),
                    Double.parseDouble(a.option("--threshold", null)), params.extra());
        }
        String trainer = a.option("--trainer", params.trainers().get(0)).toUpperCase(java.util.Locale.ROOT);
        System.out.printf("training %s on %d examples, testing on %d%n", trainer, train.size(), test.size());
        long started = System.nanoTime();
        DocClassifier model = DocClassifier.train(train, trainer, params.withTrainers(List.of(trainer)));
        System.out.printf("trained in %.1f s%n", (System.nanoTime() - started) / 1e9);
        Set<String> known = train.stream().map(LabelledText::label).collect(Collectors.toSet());
        print(model, known, test, params.threshold());
        return 0;
    }

    /** Report over the in-scope examples; out-of-scope ones (labels the model does not know) tell the threshold's use. */
    private static void print(DocClassifier model, Set<String> known, List<LabelledText> test, double threshold) {
        List<LabelledText> inScope = test.stream().filter(t -> known.contains(t.label())).toList();
        List<LabelledText> outOfScope = test.stream().filter(t -> !known.contains(t.label())).toList();
        ProgressBar bar = new ProgressBar(System.out, "eval", test.size());
        Evaluation e = new Evaluation();
        int[] inBelow = new int[1];
        List<Prediction> predictions = inScope.parallelStream().map(t -> model.predict(t.text())).toList();
        for (int i = 0; i < inScope.size(); i++) {
            e.add(inScope.get(i).label(), predictions.get(i).label());
            if (predictions.get(i).belowThreshold()) {
                inBelow[0]++;
            }
        }
        double[] oosConfidence = outOfScope.parallelStream().mapToDouble(t -> model.predict(t.text()).confidence()).toArray();
        bar.finish(test.size());
        System.out.print(e.report());
        if (!outOfScope.isEmpty()) {
            double[] inConfidence = predictions.stream().mapToDouble(Prediction::confidence).sorted().toArray();
            System.out.printf("%nout-of-scope examples (labels unknown to the model): %d%n", outOfScope.size());
            System.out.printf("  at the threshold %.2f: out-of-scope caught (confidence below) = %.4f, in-scope sent to a "
                    + "person = %.4f%n", threshold, below(oosConfidence, threshold), (double) inBelow[0] / Math.max(1, inScope.size()));
            // the threshold that sends 5 % (10 %) of in-scope messages to a person, and what it catches
            for (double share : new double[] { 0.05, 0.10 }) {
                double t = inConfidence.length == 0 ? 0 : inConfidence[(int) Math.floor(share * (inConfidence.length - 1))];
                System.out.printf("  at threshold %.4f (%.0f %% of in-scope below): out-of-scope caught = %.4f%n", t,
                        share * 100, below(oosConfidence, t));
            }
        }
        System.out.printf("in-scope examples below threshold %.2f: %d of %d%n", threshold, inBelow[0], inScope.size());
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

    private static double below(double[] confidences, double threshold) {
        return confidences.length == 0 ? 0 : (double) java.util.Arrays.stream(confidences).filter(c -> c < threshold).count()
                / confidences.length;
    }

    private static int bench(Path classifiers, int repeat) {
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
        return 0;
    }
}
