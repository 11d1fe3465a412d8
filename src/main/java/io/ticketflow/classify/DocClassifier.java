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

    private final DoccatModel model;
    private final DocumentCategorizerME categorizer;
    private final double threshold;
    private final boolean standardFeatures;

    public DocClassifier(DoccatModel model, double threshold) {
        this.model = model;
        this.categorizer = new DocumentCategorizerME(model);
        this.threshold = threshold;
        FeatureGenerator[] generators = model.getFactory().getFeatureGenerators();
        this.standardFeatures = generators.length == 1 && generators[0] instanceof TicketTextFeatures;
    }

    public static DocClassifier train(List<LabelledText> examples, String trainer, ClassifierParams params) {
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
        double[] scores = standardFeatures
                ? model.getMaxentModel().eval(features.features())
                : categorizer.categorize(features.tokens());
        int best = 0;
        for (int i = 1; i < scores.length; i++) {
            if (scores[i] > scores[best]) {
                best = i;
            }
        }
        return new Prediction(categorizer.getCategory(best), scores[best], scores[best] < threshold);
    }

    /** A message's tokens and the features {@link TicketTextFeatures} makes of them. */
    public record Features(String[] tokens, String[] features) {
        public static Features of(String text) {
            String[] tokens = TextNormalizer.tokens(text);
            if (tokens.length == 0) {
                tokens = new String[] { "_empty" };
            }
            return new Features(tokens, new TicketTextFeatures().extractFeatures(tokens, Map.of()).toArray(String[]::new));
        }
    }

    public double threshold() {
        return threshold;
    }

    public DocClassifier withThreshold(double next) {
        return new DocClassifier(model, next);
    }

    public List<String> labels() {
        return java.util.stream.IntStream.range(0, categorizer.getNumberOfCategories()).mapToObj(categorizer::getCategory)
                .sorted().toList();
    }
}
