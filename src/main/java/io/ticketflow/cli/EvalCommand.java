package io.ticketflow.cli;

import io.ticketflow.classify.ClassifierBench;
import io.ticketflow.classify.ClassifierEvaluation;
import io.ticketflow.classify.ClassifierParams;
import io.ticketflow.classify.LabelledText;
import io.ticketflow.classify.TrainingData;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code ticketflow eval}: how good a classifier is, and how fast.
 * <ul>
 * <li>{@code eval <name> --data FILE}: the trained model of {@code classifiers/<name>} on labelled data;</li>
 * <li>{@code eval --train FILE --test FILE}: trains with the shipped default parameters on one file, evaluates on the
 * other (test labels unknown to the training data count as out-of-scope: reported separately);</li>
 * <li>{@code eval --bench}: time to classify one message (language + every classifier) on one thread.</li>
 * </ul>
 * The last line is always {@code accuracy=0.NNNN macro_f1=0.NNNN} (or the timing for --bench). The work is done by
 * {@link ClassifierEvaluation} and {@link ClassifierBench}; this command parses the arguments and prints.
 */
public class EvalCommand implements Command {

    @Override
    public String name() {
        return "eval";
    }

    @Override
    public String usage() {
        return "<name> --data FILE | --train FILE --test FILE [--trainer T] [--target-accuracy A | --threshold T] [--embed-below C] "
                + "[--svm-c C] [--embedding-weight W] [--embedding-model-weight M] [--set \"KEY=VALUE;...\"] | --cv FILE [--folds K] "
                + "(same options) [--sweep \"KEY=V1,V2,...;KEY=V&KEY=V\"] | --bench [--embeddings]  accuracy, macro-F1, per-label precision/recall, confusions, coverage and accuracy "
                + "at the review threshold; --bench: ms per message";
    }

    @Override
    public int run(List<String> args) throws Exception {
        CommandArgs a = CommandArgs.parse(args);
        Path classifiers = Path.of(a.option("--classifiers", "classifiers"));
        if (a.flag("--bench")) {
            if (!ClassifierBench.run(classifiers, Integer.parseInt(a.option("--repeat", "20")), a.flag("--embeddings"),
                    System.out)) {
                System.err.println("no trained classifiers in " + classifiers);
                return 1;
            }
            return 0;
        }
        if (a.has("--train") && a.has("--test")) {
            return trainAndTest(a);
        }
        if (a.has("--cv")) {
            return crossValidate(a);
        }
        if (a.positional().size() == 1 && a.has("--data")) {
            List<LabelledText> test = TrainingData.read(a.option("--data", null));
            System.out.print(ClassifierEvaluation.ofClassifier(classifiers.resolve(a.positional().get(0)), test).text());
            return 0;
        }
        System.err.println("usage: ticketflow eval " + usage());
        return 2;
    }

    /** k-fold cross-validation of the default trainer (or --trainer) on one labelled file. */
    private static int crossValidate(CommandArgs a) {
        List<LabelledText> data = TrainingData.read(a.option("--cv", null));
        ClassifierParams params = params(a).withFolds(Integer.parseInt(a.option("--folds", "5")));
        if (a.has("--sweep")) {
            List<String> variants = ClassifierEvaluation.variants(a.option("--sweep", null));
            ProgressBar bar = new ProgressBar(System.out, "cross-validation", ClassifierEvaluation.sweepSteps(params, variants));
            String text = ClassifierEvaluation.sweep(data, params, variants, bar::update, line -> System.out.println(line));
            bar.finish(ClassifierEvaluation.sweepSteps(params, variants));
            // the variants' lines were printed as they finished; the whole report once more, in one piece
            System.out.print(text);
            return 0;
        }
        ProgressBar bar = new ProgressBar(System.out, "cross-validation", ClassifierEvaluation.steps(params));
        ClassifierEvaluation.Report report = ClassifierEvaluation.crossValidate(data, params, bar::update);
        bar.finish(ClassifierEvaluation.steps(params));
        System.out.print(report.text());
        return 0;
    }

    /**
     * Trains on one file and tests on the other, like {@code train} does: cross-validation on the training file gives
     * the held-out predictions that calibrate the final model and choose its review threshold; the test file is only
     * used for the figures.
     */
    private static int trainAndTest(CommandArgs a) {
        List<LabelledText> train = TrainingData.read(a.option("--train", null));
        List<LabelledText> test = TrainingData.read(a.option("--test", null));
        ClassifierParams params = params(a);
        System.out.printf("training %s on %d examples, testing on %d%n", params.trainers().get(0), train.size(), test.size());
        ProgressBar bar = new ProgressBar(System.out, "calibration folds", ClassifierEvaluation.steps(params));
        ClassifierEvaluation.Report report = ClassifierEvaluation.trainAndTest(train, test, params, bar::update);
        bar.finish(ClassifierEvaluation.steps(params));
        System.out.print(report.text());
        return 0;
    }

    /** Options that set the params.properties setting of the same name to a number. */
    private static final List<String> NUMERIC_OPTIONS = List.of("embed-below", "svm-c", "embedding-weight",
            "embedding-model-weight", "target-accuracy", "threshold");

    /**
     * The default parameters with the one trainer (--trainer) and the options given: --threshold (fixed) or
     * --target-accuracy (threshold from the reliability curve), --embed-below, --svm-c, --embedding-weight,
     * --embedding-model-weight.
     */
    private static ClassifierParams params(CommandArgs a) {
        ClassifierParams params = ClassifierParams.DEFAULTS.withTrainers(List.of(
                a.option("--trainer", ClassifierParams.DEFAULTS.trainers().get(0)).toUpperCase(Locale.ROOT)));
        // each of these options is the params.properties setting of the same name, applied in this order (a fixed
        // --threshold after --target-accuracy, which asks for a threshold from the curve)
        for (String key : NUMERIC_OPTIONS) {
            if (a.has("--" + key)) {
                params = params.with(key, "" + Double.parseDouble(a.option("--" + key, null)));
            }
        }
        if (a.has("--set")) {
            // any params.properties settings: --set "class-weight=balanced;embedding-svm-c=0.5"
            for (String setting : a.option("--set", null).split(";")) {
                String[] kv = setting.split("=", 2);
                if (kv.length != 2) {
                    throw new IllegalArgumentException("--set KEY=VALUE[;KEY=VALUE...], not " + setting);
                }
                params = params.with(kv[0].strip(), kv[1].strip());
            }
        }
        return params;
    }
}
