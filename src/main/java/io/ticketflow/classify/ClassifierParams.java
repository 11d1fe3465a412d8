package io.ticketflow.classify;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import opennlp.tools.util.TrainingParameters;

/**
 * A classifier's training parameters ({@code classifiers/<name>/params.properties}).
 *
 * @param trainers   OpenNLP trainers compared by cross-validation (MAXENT = GIS, MAXENT_QN = L-BFGS, PERCEPTRON,
 *                   NAIVEBAYES); the one with the best macro-F1 trains the final model. One trainer: no comparison.
 * @param folds      cross-validation folds
 * @param iterations training iterations (GIS, L-BFGS, perceptron)
 * @param cutoff     features seen fewer times than this are dropped
 * @param threshold  predictions below this confidence are marked for a person to check ({@code threshold=auto}: chosen
 *                   at training from the reliability curve on held-out folds; this value is then only the fallback)
 * @param targetAccuracy with {@code threshold=auto}: the accuracy the automatically decided messages must reach on the
 *                   held-out folds ({@code target-accuracy}); 0 when the threshold is fixed
 * @param svmC       LINEAR_SVM's inverse regularisation strength ({@code svm-c}; larger fits the training data closer)
 * @param embeddingWeight LINEAR_SVM_EMBEDDINGS: weight of the sentence embedding against each sparse feature family
 *                   ({@code embedding-weight})
 * @param embedBelow LINEAR_SVM_EMBEDDINGS: the embedding is computed only when the sparse model's calibrated
 *                   confidence is below this ({@code embed-below}; 1 = always), which bounds the cost per mail
 * @param extra      further OpenNLP settings ({@code opennlp.L2Cost=0.5} becomes {@code L2Cost=0.5})
 * @param embeddingModelWeight LINEAR_SVM_EMBEDDINGS: weight of a second SVM over the embedding alone whose scores are
 *                   added to the combined model's ({@code embedding-model-weight}; 0 = none); both fold into one model
 * @param embeddingSvmC the embedding-only SVM's inverse regularisation strength ({@code embedding-svm-c}; 0 = svm-c)
 * @param balanced   {@code class-weight=balanced}: each example's C is scaled by n / (labels × examples of its label),
 *                   so rare labels count as much as frequent ones; {@code none} (default): every example alike
 * @param embeddingScaling how the embedding-only SVM sees the embedding ({@code embedding-scaling}): {@code none}, or
 *                   {@code center} / {@code standardize} (per dimension, over the training messages); the shift and
 *                   scale are folded into the stored weights, so scoring a mail is unchanged
 * @param familyWeights the SVMs see each sparse feature family scaled by these ({@code word-weight},
 *                   {@code bigram-weight}, {@code char-weight}; 1 each by default), which sets each family's own
 *                   regularisation; folded into the stored weights, so scoring a mail is unchanged
 * @param encoder    LINEAR_SVM_EMBEDDINGS: the sentence encoder ({@code encoder}: minilm, e5, bge; docs/classification.md)
 * @param ldaWeight  LINEAR_SVM_EMBEDDINGS with the ensemble: weight of a linear discriminant over the embedding added to
 *                   the embedding-only SVM ({@code embedding-lda-weight}; 0 = none), its scores scaled to the SVM's
 *                   spread; a linear model too, so it folds into the stored weights and costs nothing per mail
 * @param ldaShrinkage the discriminant's shared covariance shrunk this far toward its mean variance
 *                   ({@code embedding-lda-shrinkage}; 1 = nearest class mean)
 * @param knnWeight  LINEAR_SVM_EMBEDDINGS: weight of the k nearest training messages' votes added to the embedding
 *                   model's scores ({@code knn-weight}; 0 = none); not linear, so the training vectors travel in the
 *                   model and each embedded mail costs a dot product per training message ({@link EmbeddingNeighbours})
 * @param knnK       how many nearest training messages vote ({@code knn-k})
 */
public record ClassifierParams(List<String> trainers, int folds, int iterations, int cutoff, double threshold,
        double targetAccuracy, double svmC, double embeddingWeight, double embedBelow, Map<String, String> extra,
        double embeddingModelWeight, double embeddingSvmC, boolean balanced, String embeddingScaling,
        Families familyWeights, SentenceEncoder encoder, double ldaWeight, double ldaShrinkage, double knnWeight, int knnK) {

    /** Weights of the sparse feature families (words, bigrams, character n-grams) as the SVMs see them. */
    public record Families(double words, double bigrams, double chars) {

        public static final Families EVEN = new Families(1, 1, 1);

        /** The factor of a feature by its name's family prefix ({@code w=}, {@code b=}, {@code c=}); 1 for others. */
        public double of(String feature) {
            return feature.startsWith("w=") ? words : feature.startsWith("b=") ? bigrams : feature.startsWith("c=") ? chars : 1;
        }
    }

    /** Values of {@code embedding-scaling}. */
    public static final List<String> EMBEDDING_SCALINGS = List.of("none", "center", "standardize");

    public static final List<String> ALL_TRAINERS = List.of("LINEAR_SVM", "LINEAR_SVM_EMBEDDINGS", "MAXENT_QN", "MAXENT",
            "PERCEPTRON", "NAIVEBAYES");

    /**
     * The shipped defaults. {@code ticketflow eval --train --test} and {@code --cv} use the first trainer, the most
     * accurate on the public benchmarks (docs/classification.md); LINEAR_SVM is the one without embeddings. The encoder
     * is bge with the ensemble weight 1.7, embedded below 0.99: the most accurate on both public sets (round 8). The
     * shipped classifiers name their own encoder, weight and embed-below in params.properties, which keeps their cost
     * per mail.
     */
    public static final ClassifierParams DEFAULTS = new ClassifierParams(List.of("LINEAR_SVM_EMBEDDINGS", "LINEAR_SVM",
            "PERCEPTRON"),
            5, 100, 1, 0.5, 0.97, 1.0, 2.0, 0.99, Map.of(), 1.7, 0, false, "none", Families.EVEN, SentenceEncoder.BGE, 0, 0.1, 0, 10);

    /** Plain class weights, the embedding SVM with svm-c and unscaled. */
    public ClassifierParams(List<String> trainers, int folds, int iterations, int cutoff, double threshold,
            double targetAccuracy, double svmC, double embeddingWeight, double embedBelow, Map<String, String> extra,
            double embeddingModelWeight) {
        this(trainers, folds, iterations, cutoff, threshold, targetAccuracy, svmC, embeddingWeight, embedBelow, extra,
                embeddingModelWeight, 0, false, "none", Families.EVEN, SentenceEncoder.DEFAULT, 0, 0.1, 0, 10);
    }

    /** No embedding-only model. */
    public ClassifierParams(List<String> trainers, int folds, int iterations, int cutoff, double threshold,
            double targetAccuracy, double svmC, double embeddingWeight, double embedBelow, Map<String, String> extra) {
        this(trainers, folds, iterations, cutoff, threshold, targetAccuracy, svmC, embeddingWeight, embedBelow, extra, 0);
    }

    /** Fixed threshold, default SVM regularisation. */
    public ClassifierParams(List<String> trainers, int folds, int iterations, int cutoff, double threshold,
            Map<String, String> extra) {
        this(trainers, folds, iterations, cutoff, threshold, 0, DEFAULTS_SVM_C, extra);
    }

    /** Default embedding settings. */
    public ClassifierParams(List<String> trainers, int folds, int iterations, int cutoff, double threshold,
            double targetAccuracy, double svmC, Map<String, String> extra) {
        this(trainers, folds, iterations, cutoff, threshold, targetAccuracy, svmC, 2.0, 0.9, extra);
    }

    private static final double DEFAULTS_SVM_C = 1.0;

    public ClassifierParams {
        trainers = List.copyOf(trainers);
        java.util.Objects.requireNonNull(encoder, "encoder");
        extra = Map.copyOf(extra);
        for (String t : trainers) {
            if (!ALL_TRAINERS.contains(t)) {
                throw new IllegalArgumentException("unknown trainer " + t + " (known: " + ALL_TRAINERS + ")");
            }
        }
        if (trainers.isEmpty() || folds < 2 || iterations < 1 || cutoff < 0 || threshold < 0 || threshold > 1) {
            throw new IllegalArgumentException("need trainers, folds >= 2, iterations >= 1, cutoff >= 0, 0 <= threshold <= 1");
        }
        if (targetAccuracy < 0 || targetAccuracy > 1 || !(svmC > 0) || embeddingWeight < 0 || embedBelow < 0 || embedBelow > 1
                || embeddingModelWeight < 0 || embeddingSvmC < 0 || !EMBEDDING_SCALINGS.contains(embeddingScaling)
                || !(familyWeights.words() > 0 && familyWeights.bigrams() > 0 && familyWeights.chars() > 0)
                || ldaWeight < 0 || !(ldaShrinkage > 0) || ldaShrinkage > 1 || knnWeight < 0 || knnK < 1) {
            throw new IllegalArgumentException("need 0 <= target-accuracy <= 1, svm-c > 0, embedding-weight >= 0, "
                    + "0 <= embed-below <= 1, embedding-model-weight >= 0, embedding-svm-c >= 0, embedding-scaling one of "
                    + EMBEDDING_SCALINGS + ", word-, bigram-, char-weight > 0, embedding-lda-weight >= 0, "
                    + "0 < embedding-lda-shrinkage <= 1, knn-weight >= 0, knn-k >= 1");
        }
    }

    public static ClassifierParams read(Path file) {
        if (!Files.exists(file)) {
            return DEFAULTS;
        }
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        try {
            return parse(p);
        }
        catch (RuntimeException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    private static ClassifierParams parse(Properties p) {
        Map<String, String> extra = new TreeMap<>();
        p.stringPropertyNames().stream().filter(k -> k.startsWith("opennlp."))
                .forEach(k -> extra.put(k.substring("opennlp.".length()), p.getProperty(k).strip()));
        List<String> trainers = p.containsKey("trainers")
                ? Arrays.stream(p.getProperty("trainers").split(",")).map(s -> s.strip().toUpperCase(Locale.ROOT))
                        .filter(s -> !s.isEmpty()).toList()
                : DEFAULTS.trainers();
        String threshold = p.getProperty("threshold", "auto").strip();
        boolean auto = threshold.equalsIgnoreCase("auto");
        String classWeight = p.getProperty("class-weight", "none").strip().toLowerCase(Locale.ROOT);
        if (!classWeight.equals("none") && !classWeight.equals("balanced")) {
            throw new IllegalArgumentException("class-weight is none or balanced, not " + classWeight);
        }
        return new ClassifierParams(trainers,
                Integer.parseInt(p.getProperty("folds", "" + DEFAULTS.folds()).strip()),
                Integer.parseInt(p.getProperty("iterations", "" + DEFAULTS.iterations()).strip()),
                Integer.parseInt(p.getProperty("cutoff", "" + DEFAULTS.cutoff()).strip()),
                auto ? DEFAULTS.threshold() : Double.parseDouble(threshold),
                auto ? Double.parseDouble(p.getProperty("target-accuracy", "" + DEFAULTS.targetAccuracy()).strip()) : 0,
                Double.parseDouble(p.getProperty("svm-c", "" + DEFAULTS_SVM_C).strip()),
                Double.parseDouble(p.getProperty("embedding-weight", "" + DEFAULTS.embeddingWeight()).strip()),
                Double.parseDouble(p.getProperty("embed-below", "" + DEFAULTS.embedBelow()).strip()), extra,
                Double.parseDouble(p.getProperty("embedding-model-weight", "" + DEFAULTS.embeddingModelWeight()).strip()),
                Double.parseDouble(p.getProperty("embedding-svm-c", "" + DEFAULTS.embeddingSvmC()).strip()),
                classWeight.equals("balanced"),
                p.getProperty("embedding-scaling", DEFAULTS.embeddingScaling()).strip().toLowerCase(Locale.ROOT),
                new Families(Double.parseDouble(p.getProperty("word-weight", "1").strip()),
                        Double.parseDouble(p.getProperty("bigram-weight", "1").strip()),
                        Double.parseDouble(p.getProperty("char-weight", "1").strip())),
                SentenceEncoder.of(p.getProperty("encoder", DEFAULTS.encoder().key())),
                Double.parseDouble(p.getProperty("embedding-lda-weight", "" + DEFAULTS.ldaWeight()).strip()),
                Double.parseDouble(p.getProperty("embedding-lda-shrinkage", "" + DEFAULTS.ldaShrinkage()).strip()),
                Double.parseDouble(p.getProperty("knn-weight", "" + DEFAULTS.knnWeight()).strip()),
                Integer.parseInt(p.getProperty("knn-k", "" + DEFAULTS.knnK()).strip()));
    }

    /**
     * These parameters with one setting of {@code params.properties} changed ({@code with("svm-c", "0.5")}), so that a
     * command can vary any setting by its file name, e.g. to compare values by cross-validation.
     */
    public ClassifierParams with(String key, String value) {
        Properties p = new Properties();
        try {
            p.load(new java.io.StringReader(toProperties()));
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!KEYS.contains(key) && !key.startsWith("opennlp.")) {
            throw new IllegalArgumentException("unknown setting " + key + " (known: " + KEYS + ", opennlp.*)");
        }
        p.setProperty(key, value);
        if (key.equals("target-accuracy")) {
            p.setProperty("threshold", "auto");
        }
        return parse(p);
    }

    /** The settings {@link #with} and {@code params.properties} know (besides {@code opennlp.*}). */
    public static final List<String> KEYS = List.of("trainers", "folds", "iterations", "cutoff", "threshold",
            "target-accuracy", "svm-c", "embedding-weight", "embed-below", "embedding-model-weight", "embedding-svm-c",
            "class-weight", "embedding-scaling", "word-weight", "bigram-weight", "char-weight", "encoder",
            "embedding-lda-weight", "embedding-lda-shrinkage", "knn-weight", "knn-k");

    public ClassifierParams withTrainers(List<String> chosen) {
        return with("trainers", String.join(",", chosen));
    }

    public ClassifierParams withFolds(int k) {
        return with("folds", "" + k);
    }

    /** A fixed review threshold instead of one chosen from the reliability curve. */
    public ClassifierParams withFixedThreshold(double t) {
        return with("threshold", "" + t);
    }

    public ClassifierParams withEmbedBelow(double below) {
        return with("embed-below", "" + below);
    }

    public ClassifierParams withSvmC(double c) {
        return with("svm-c", "" + c);
    }

    public ClassifierParams withEmbeddingWeight(double weight) {
        return with("embedding-weight", "" + weight);
    }

    public ClassifierParams withEmbeddingModelWeight(double m) {
        return with("embedding-model-weight", "" + m);
    }

    /** The review threshold chosen from the reliability curve for this held-out accuracy. */
    public ClassifierParams withTargetAccuracy(double target) {
        return with("target-accuracy", "" + target);
    }

    /** The embedding-only SVM's C: its own, or svm-c. */
    public double embeddingC() {
        return embeddingSvmC > 0 ? embeddingSvmC : svmC;
    }

    /** The threshold is chosen at training from the reliability curve on held-out folds. */
    public boolean autoThreshold() {
        return targetAccuracy > 0;
    }

    /** OpenNLP settings for one trainer. */
    public TrainingParameters forTrainer(String trainer) {
        TrainingParameters t = new TrainingParameters();
        t.put(TrainingParameters.ALGORITHM_PARAM, trainer);
        t.put(TrainingParameters.ITERATIONS_PARAM, iterations);
        t.put(TrainingParameters.CUTOFF_PARAM, cutoff);
        t.put(TrainingParameters.THREADS_PARAM, Math.max(1, Runtime.getRuntime().availableProcessors()));
        if (trainer.equals("MAXENT_QN")) {
            t.put("L2Cost", 0.5);
        }
        extra.forEach(t::put);
        return t;
    }

    /** The file form, as written next to a model. */
    public String toProperties() {
        List<String> lines = new ArrayList<>();
        lines.add("trainers=" + String.join(",", trainers));
        lines.add("folds=" + folds);
        lines.add("iterations=" + iterations);
        lines.add("cutoff=" + cutoff);
        if (autoThreshold()) {
            lines.add("threshold=auto");
            lines.add("target-accuracy=" + targetAccuracy);
        }
        else {
            lines.add("threshold=" + threshold);
        }
        lines.add("svm-c=" + svmC);
        lines.add("embedding-weight=" + embeddingWeight);
        lines.add("embed-below=" + embedBelow);
        lines.add("embedding-model-weight=" + embeddingModelWeight);
        lines.add("embedding-svm-c=" + embeddingSvmC);
        lines.add("class-weight=" + (balanced ? "balanced" : "none"));
        lines.add("embedding-scaling=" + embeddingScaling);
        lines.add("word-weight=" + familyWeights.words());
        lines.add("bigram-weight=" + familyWeights.bigrams());
        lines.add("char-weight=" + familyWeights.chars());
        lines.add("encoder=" + encoder.key());
        lines.add("embedding-lda-weight=" + ldaWeight);
        lines.add("embedding-lda-shrinkage=" + ldaShrinkage);
        lines.add("knn-weight=" + knnWeight);
        lines.add("knn-k=" + knnK);
        extra.forEach((k, v) -> lines.add("opennlp." + k + "=" + v));
        return String.join("\n", lines) + "\n";
    }
}
