package io.ticketflow.classify;

import io.ticketflow.vocabulary.Prediction;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import opennlp.tools.doccat.DoccatFactory;
import opennlp.tools.doccat.DoccatModel;
import opennlp.tools.doccat.DocumentCategorizerME;
import opennlp.tools.doccat.DocumentSample;
import opennlp.tools.doccat.FeatureGenerator;
import opennlp.tools.util.ObjectStreamUtils;
import opennlp.tools.util.ext.ExtensionLoader;

/**
 * One trained document classifier (an OpenNLP doccat model over {@link TicketTextFeatures}) with its confidence
 * threshold. Thread-safe: {@link DocumentCategorizerME} keeps only final, read-only state and the feature generator is
 * stateless, so one instance serves all pipeline threads.
 */
public final class DocClassifier {

    static {
        // models name their feature generator class; OpenNLP instantiates only classes from allowed packages
        ExtensionLoader.registerAllowedPackage(TicketTextFeatures.class.getPackageName());
    }

    /** Manifest entry of a weighted model: the review threshold chosen from its reliability curve at training. */
    static final String CALIBRATED_THRESHOLD = "ticketflow.calibratedThreshold";

    private final DoccatModel model;
    private final DocumentCategorizerME categorizer;
    private final double threshold;
    private final boolean standardFeatures;
    /** TF-IDF weighting of a weighted model; null for the models of plain feature counts. */
    private final FeatureWeights weights;
    /** The model with sentence embeddings consulted when the sparse one is unsure; null without. */
    private final WeightedDoccatFactory.Embedded embedded;
    /** Logged once per model: a missing ONNX runtime should not flood the log with one warning per mail. */
    private volatile boolean embeddingFailureLogged;
    /** The dense form of a weighted model for the pipeline's scoring, built on first use (training never needs it). */
    private final Rows rows;

    public DocClassifier(DoccatModel model, double threshold) {
        this(model, threshold, null);
    }

    private DocClassifier(DoccatModel model, double threshold, Rows rows) {
        this.model = model;
        this.categorizer = new DocumentCategorizerME(model);
        this.threshold = threshold;
        FeatureGenerator[] generators = model.getFactory().getFeatureGenerators();
        this.standardFeatures = generators.length == 1 && generators[0] instanceof TicketTextFeatures;
        this.weights = model.getFactory() instanceof WeightedDoccatFactory w ? w.weights() : null;
        this.embedded = model.getFactory() instanceof WeightedDoccatFactory w ? w.embedded() : null;
        this.rows = rows != null ? rows : new Rows();
    }

    /** A model over weighted features (embedded may be null); calibratedThreshold NaN when not calibrated yet. */
    static DocClassifier weighted(opennlp.tools.ml.model.MaxentModel maxent, FeatureWeights weights, double threshold,
            double calibratedThreshold, WeightedDoccatFactory.Embedded embedded) {
        Map<String, String> manifest = Double.isNaN(calibratedThreshold) ? Map.of()
                : Map.of(CALIBRATED_THRESHOLD, Double.toString(calibratedThreshold));
        return new DocClassifier(new DoccatModel("x-unspecified", maxent, manifest,
                new WeightedDoccatFactory(weights, embedded)), threshold);
    }

    /** Whether this model has a second model with sentence embeddings. */
    boolean hasEmbeddings() {
        return embedded != null;
    }

    /**
     * This model with its scores multiplied by {@code factor} (the inverse temperature fitted on held-out folds, which
     * turns the softmax into a calibrated probability) and the review threshold read off its reliability curve.
     */
    DocClassifier calibrated(double factor, double embeddedFactor, double calibratedThreshold) {
        if (weights == null) {
            throw new IllegalStateException("only weighted models are calibrated");
        }
        WeightedDoccatFactory.Embedded scaled = embedded == null ? null : new WeightedDoccatFactory.Embedded(
                LinearModels.scaled(embedded.model(), embeddedFactor), embedded.embedBelow(), embedded.weight(),
                embedded.encoder(), embedded.pieces(),
                embedded.neighbours() == null ? null : embedded.neighbours().scaled(embeddedFactor));
        return weighted(LinearModels.scaled(model.getMaxentModel(), factor), weights, calibratedThreshold, calibratedThreshold,
                scaled);
    }

    /** The threshold chosen from the reliability curve when the model was trained, if it was. */
    public java.util.OptionalDouble calibratedThreshold() {
        String v = model.getManifestProperty(CALIBRATED_THRESHOLD);
        return v == null ? java.util.OptionalDouble.empty() : java.util.OptionalDouble.of(Double.parseDouble(v));
    }

    public static DocClassifier train(List<LabelledText> examples, String trainer, ClassifierParams params) {
        if (WeightedTraining.WEIGHTED.contains(trainer)) {
            return WeightedTraining.train(examples, trainer, params);
        }
        List<DocumentSample> samples = examples.stream()
                .map(e -> new DocumentSample(e.label(), TextNormalizer.tokens(e.text())))
                .filter(s -> s.getText().length > 0)
                .toList();
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("no training examples with text");
        }
        try {
            DoccatModel model = DocumentCategorizerME.train("x-unspecified", ObjectStreamUtils.createObjectStream(samples),
                    params.forTrainer(trainer), new DoccatFactory(new FeatureGenerator[] { new TicketTextFeatures() }));
            return new DocClassifier(model, params.threshold());
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static DocClassifier load(Path file, double threshold) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return new DocClassifier(new DoccatModel(in), threshold);
        }
    }

    public void save(Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            model.serialize(out);
        }
        // the running service watches this file: replace it in one step so it never reads half a model
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    public Prediction predict(String text) {
        return predict(Features.of(text));
    }

    /**
     * Prediction from features computed once per message and shared by all classifiers (they all use
     * {@link TicketTextFeatures}); a model with other feature generators computes its own.
     */
    public Prediction predict(Features features) {
        return best(distribution(features));
    }

    private Prediction best(double[] scores) {
        int best = 0;
        for (int i = 1; i < scores.length; i++) {
            if (scores[i] > scores[best]) {
                best = i;
            }
        }
        return new Prediction(categorizer.getCategory(best), scores[best], scores[best] < threshold);
    }

    /**
     * The model's probability of every label (in the order of {@link #label(int)}). With embeddings, the sparse model
     * answers when it is sure enough; otherwise the model with the sentence embedding does.
     */
    public double[] distribution(Features features) {
        if (weights != null) {
            FeatureWeights.Named named = weights.named(features.features());
            double[] sparse = model.getMaxentModel().eval(named.names(), named.values());
            if (embedded == null || max(sparse) >= embedded.embedBelow()) {
                return sparse;
            }
            try {
                return withEmbedding(named, features);
            }
            catch (RuntimeException | LinkageError e) {
                logEmbeddingFailure(e);
                return sparse;
            }
        }
        return standardFeatures ? model.getMaxentModel().eval(features.features()) : categorizer.categorize(features.tokens());
    }

    /** The sentence encoder of the model's embedding model (the default one when it has none). */
    SentenceEncoder encoder() {
        return embedded == null ? SentenceEncoder.DEFAULT : embedded.encoder();
    }

    /** The word pieces per text its encoder read in training, which it reads now (the current cap when it has none). */
    int pieces() {
        return embedded == null ? SentenceEmbedder.MAX_PIECES : embedded.pieces();
    }

    /** The weighting of a weighted model whose scores {@link #predict(FeatureWeights.Vector, Supplier)} computes; else null. */
    FeatureWeights scoredWeights() {
        return weights != null && rows.sparse() != null && (embedded == null || rows.embedded() != null) ? weights : null;
    }

    /**
     * The prediction from the mail's weighted vector over this model's vocabulary (the same as {@link #predict(Features)}
     * from dense rows, one array read per feature); the mail's embedding is asked for only when the sparse model is
     * unsure, and the supplier computes it once per mail for all models.
     */
    Prediction predict(FeatureWeights.Vector vector, Supplier<float[]> embedding) {
        return predict(vector, embedding, Double.NaN);
    }

    /** The same with embed-below set at run time ({@code ticketflow.classify.embed-below}); NaN: the trained one. */
    Prediction predict(FeatureWeights.Vector vector, Supplier<float[]> embedding, double embedBelow) {
        double[] scores = sparseScores(vector);
        return unsure(scores, embedBelow) ? refined(vector, scores, embedding) : best(scores);
    }

    /** The sparse model's scores of a mail's weighted vector: the cascade's first stage. */
    double[] sparseScores(FeatureWeights.Vector vector) {
        return rows.sparse().eval(vector, null, 0);
    }

    /** The sparse model is unsure of these scores: the cascade asks the model with the sentence embedding. */
    boolean unsure(double[] sparseScores, double embedBelow) {
        return embedded != null && max(sparseScores) < (Double.isNaN(embedBelow) ? embedded.embedBelow() : embedBelow);
    }

    /** The sparse model's own answer (what an unsure model says before its embedding is asked). */
    Prediction sparse(double[] sparseScores) {
        return best(sparseScores);
    }

    /** The cascade's second stage for an unsure mail: the embedding model's answer (the sparse one if it fails). */
    Prediction refined(FeatureWeights.Vector vector, double[] sparseScores, Supplier<float[]> embedding) {
        double[] scores = sparseScores;
        try {
            float[] v = embedding.get();
            scores = neighbours(rows.embedded().eval(vector, v, embedded.weight()), v);
        }
        catch (RuntimeException | LinkageError e) {
            logEmbeddingFailure(e);
        }
        return best(scores);
    }

    /** The sparse model's distribution and, with embeddings, the embedding model's (else null): for calibration. */
    double[][] distributions(Features features) {
        if (embedded == null) {
            return new double[][] { distribution(features), null };
        }
        FeatureWeights.Named named = weights.named(features.features());
        return new double[][] { model.getMaxentModel().eval(named.names(), named.values()), withEmbedding(named, features) };
    }

    private double[] withEmbedding(FeatureWeights.Named named, Features features) {
        float[] v = EmbeddingFeatures.of(embedded.encoder(), embedded.pieces(), features.text());
        FeatureWeights.Named all = EmbeddingFeatures.append(named, v, embedded.weight());
        return neighbours(embedded.model().eval(all.names(), all.values()), v);
    }

    /** The embedding model's distribution with the nearest training messages' votes, when it has them. */
    private double[] neighbours(double[] p, float[] embedding) {
        return embedded.neighbours() == null ? p : embedded.neighbours().adjust(p, embedding);
    }

    /** The message still gets the sparse model's answer (its confidence says how sure that is). */
    private void logEmbeddingFailure(Throwable e) {
        if (!embeddingFailureLogged) {
            embeddingFailureLogged = true;
            org.slf4j.LoggerFactory.getLogger(DocClassifier.class)
                    .warn("Sentence embedding unavailable, classifying with sparse features only: {}", e.toString());
        }
    }

    /** The dense scorers of the model and of its embedding model, built once (null when the model is not a GIS model). */
    private final class Rows {
        private volatile LinearScorer[] built;

        LinearScorer sparse() {
            return get()[0];
        }

        LinearScorer embedded() {
            return get()[1];
        }

        private LinearScorer[] get() {
            LinearScorer[] b = built;
            if (b == null) {
                b = weights == null ? new LinearScorer[2] : new LinearScorer[] {
                        LinearScorer.of(model.getMaxentModel(), weights, 0),
                        embedded == null ? null : LinearScorer.of(embedded.model(), weights, embedded.encoder().dimensions()) };
                built = b;
            }
            return b;
        }
    }

    private static double max(double[] p) {
        double m = 0;
        for (double v : p) {
            m = Math.max(m, v);
        }
        return m;
    }

    /** The label at a position of {@link #distribution}. */
    public String label(int index) {
        return categorizer.getCategory(index);
    }

    /** A message's text, its tokens and the features {@link TicketTextFeatures} makes of them. */
    public record Features(String[] tokens, String[] features, String text) {
        public static Features of(String text) {
            return of(tokensOf(text), text == null ? "" : text);
        }

        /** The text's tokens as the features are made of them (never none). */
        static String[] tokensOf(String text) {
            String[] tokens = TextNormalizer.tokens(text);
            return tokens.length == 0 ? new String[] { "_empty" } : tokens;
        }

        static Features of(String[] tokens, String text) {
            return new Features(tokens, new TicketTextFeatures().extractFeatures(tokens, Map.of()).toArray(String[]::new),
                    text);
        }
    }

    public double threshold() {
        return threshold;
    }

    public DocClassifier withThreshold(double next) {
        return new DocClassifier(model, next, rows);
    }

    public List<String> labels() {
        return java.util.stream.IntStream.range(0, categorizer.getNumberOfCategories()).mapToObj(categorizer::getCategory)
                .sorted().toList();
    }
}
