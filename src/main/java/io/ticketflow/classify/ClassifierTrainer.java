package io.ticketflow.classify;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * Trains one classifier folder: reads {@code data.csv} (or another file) and {@code params.properties}, compares the
 * candidate trainers by cross-validation, trains the winner on all the data, and writes {@code model.bin} (atomically:
 * the running service picks it up) and {@code report.txt}.
 */
public final class ClassifierTrainer {

    private ClassifierTrainer() {
    }

    /** The outcome: the chosen trainer, the cross-validated figures of every candidate, the report written. */
    public record Result(String trainer, Map<String, Evaluation> candidates, int examples, String report) {
        public Evaluation chosen() {
            return candidates.get(trainer);
        }
    }

    /** Number of progress steps {@link #train} reports (folds × trainers, plus the final model). */
    public static int steps(ClassifierParams params) {
        return params.folds() * params.trainers().size() + 1;
    }

    /**
     * @param source what the data is, for the report (a file name)
     * @param extra  further examples (agent corrections), counted separately in the report
     */
    public static Result train(Path dir, String source, List<LabelledText> data, List<LabelledText> extra,
            IntConsumer progress) throws IOException {
        String name = dir.getFileName().toString();
        ClassifierParams params = ClassifierParams.read(dir.resolve(ClassifierRegistry.PARAMS_FILE));
        List<LabelledText> examples = new ArrayList<>(data);
        examples.addAll(extra);
        long labels = examples.stream().map(LabelledText::label).distinct().count();
        if (labels < 2) {
            throw new IllegalArgumentException(source + ": needs examples of at least two labels, found " + labels);
        }
        Map<String, CrossValidation.Scored> scored = CrossValidation.compareScored(examples, params, progress);
        Map<String, Evaluation> candidates = new java.util.LinkedHashMap<>();
        scored.forEach((t, r) -> candidates.put(t, r.evaluation()));
        String best = CrossValidation.best(candidates);
        CalibratedTraining.Result calibrated = CalibratedTraining.train(examples, best, params, scored.get(best).heldOut());
        progress.accept(steps(params));
        calibrated.model().save(dir.resolve(ClassifierRegistry.MODEL_FILE));
        String report = report(name, source, extra.size(), examples.size(), params, candidates, best)
                + "\n" + calibrated.report(params);
        Files.writeString(dir.resolve(ClassifierRegistry.REPORT_FILE), report, StandardCharsets.UTF_8);
        return new Result(best, candidates, examples.size(), report);
    }

    static String report(String name, String data, int corrections, int examples, ClassifierParams params,
            Map<String, Evaluation> candidates, String best) {
        StringBuilder s = new StringBuilder();
        s.append("classifier: ").append(name).append('\n');
        s.append("trained: ").append(Instant.now()).append('\n');
        s.append("data: ").append(data).append(" (").append(examples).append(" examples");
        if (corrections > 0) {
            s.append(", of which ").append(corrections).append(" agent corrections");
        }
        s.append(")\n");
        s.append("features: words, word bigrams, character 3-5-grams; numbers, amounts, dates, order/invoice ids normalized");
        s.append(params.trainers().stream().anyMatch(WeightedTraining.WEIGHTED::contains)
                ? "; TF-IDF (sublinear tf, idf, unit length per feature family) for " + WeightedTraining.WEIGHTED + "\n" : "\n");
        if (params.trainers().contains("LINEAR_SVM_EMBEDDINGS")) {
            s.append(params.embeddingModelWeight() > 0
                    ? String.format(java.util.Locale.ROOT, "LINEAR_SVM_EMBEDDINGS: sparse SVM + %.2f x SVM over the sentence "
                            + "embedding, consulted below sparse confidence %.2f%n", params.embeddingModelWeight(),
                            params.embedBelow())
                    : String.format(java.util.Locale.ROOT, "LINEAR_SVM_EMBEDDINGS: one SVM over the sparse features and the "
                            + "sentence embedding (weight %.2f), consulted below sparse confidence %.2f%n",
                            params.embeddingWeight(), params.embedBelow()));
            if (params.knnWeight() > 0) {
                s.append(String.format(java.util.Locale.ROOT, "  + %.2f x votes of the %d nearest training messages by "
                        + "embedding cosine (their vectors stored in model.bin)%n", params.knnWeight(), params.knnK()));
            }
            // the cap is part of the model (recorded in model.bin): the service reads a mail as training read its texts
            s.append(String.format(java.util.Locale.ROOT, "sentence encoder: %s, first %d word pieces of a text%n",
                    params.encoder().key(), SentenceEmbedder.MAX_PIECES));
        }
        s.append("threshold: ").append(params.autoThreshold() ? "auto (target accuracy " + params.targetAccuracy() + ")"
                : "" + params.threshold()).append('\n');
        s.append('\n').append(params.folds()).append("-fold cross-validation of the candidate trainers:\n");
        candidates.forEach((t, e) -> s.append(String.format("  %-21s %s%s%n", t, e.summaryLine(), t.equals(best) ? "  <- chosen" : "")));
        s.append("\nchosen trainer ").append(best).append(", cross-validated per label:\n");
        s.append(candidates.get(best).report());
        return s.toString();
    }

    /** Prints a short summary of a result. */
    public static void summarize(Result r, PrintStream out) {
        r.candidates().forEach((t, e) -> out.printf("  %-21s %s%s%n", t, e.summaryLine(), t.equals(r.trainer()) ? "  <- chosen" : ""));
    }
}
