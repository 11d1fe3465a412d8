package io.ticketflow.classify;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import opennlp.tools.ml.AbstractEventTrainer;
import opennlp.tools.ml.TrainerFactory;
import opennlp.tools.ml.model.Event;
import opennlp.tools.ml.model.MaxentModel;
import opennlp.tools.util.ObjectStreamUtils;
import opennlp.tools.util.TrainingParameters;

/**
 * Trains a linear model over TF-IDF weighted features ({@link FeatureWeights}): our one-vs-rest SVM
 * ({@code LINEAR_SVM}) or one of OpenNLP's trainers fed real-valued events (OpenNLP's {@code OnePassRealValue} data
 * indexer passes each feature's value to the perceptron, GIS and L-BFGS trainers). Either way the result is an OpenNLP
 * maxent model whose scores are not yet calibrated (factor 1; see {@link Calibration}).
 */
public final class WeightedTraining {

    /** Trainers that read weighted features; NAIVEBAYES keeps counting plain features. */
    public static final List<String> WEIGHTED = List.of("LINEAR_SVM", "LINEAR_SVM_EMBEDDINGS", "MAXENT_QN", "MAXENT", "PERCEPTRON");

    private WeightedTraining() {
    }

    static DocClassifier train(List<LabelledText> examples, String trainer, ClassifierParams params) {
        List<String[]> documents = new ArrayList<>(examples.size());
        List<String> labels = new ArrayList<>(examples.size());
        List<String> texts = new ArrayList<>(examples.size());
        for (LabelledText e : examples) {
            if (TextNormalizer.tokens(e.text()).length > 0) {
                documents.add(DocClassifier.Features.of(e.text()).features());
                labels.add(e.label());
                texts.add(e.text());
            }
        }
        if (documents.isEmpty()) {
            throw new IllegalArgumentException("no training examples with text");
        }
        FeatureWeights weights = FeatureWeights.fit(documents, params.cutoff());
        String[] names = new TreeSet<>(labels).toArray(String[]::new);
        if (trainer.equals("LINEAR_SVM_EMBEDDINGS")) {
            List<float[]> embeddings = texts.parallelStream().map(t -> EmbeddingFeatures.of(params.encoder(), t)).toList();
            float[][] sparse = sparseSvm(weights, documents, texts, labels, names, params);
            float[][] both = params.embeddingModelWeight() > 0
                    ? ensemble(sparse, embeddingModel(texts, labels, names, embeddings, params), params.embeddingModelWeight(),
                            params.encoder().dimensions())
                    : svm(weights, documents, labels, names, embeddings, params);
            return DocClassifier.weighted(model(sparse, weights, 0, names), weights, params.threshold(), Double.NaN,
                    new WeightedDoccatFactory.Embedded(model(both, weights, params.encoder().dimensions(), names), params.embedBelow(),
                            params.embeddingWeight(), params.encoder(), SentenceEmbedder.MAX_PIECES,
                            neighbours(embeddings, labels, names, params)));
        }
        MaxentModel model = trainer.equals("LINEAR_SVM") ? model(sparseSvm(weights, documents, texts, labels, names, params), weights,
                0, names) : openNlp(weights, documents, labels, trainer, params);
        return DocClassifier.weighted(model, weights, params.threshold(), Double.NaN, null);
    }

    /** The nearest-neighbour member over the training embeddings ({@code knn-weight}), or null without one. */
    private static EmbeddingNeighbours neighbours(List<float[]> embeddings, List<String> labels, String[] names,
            ClassifierParams params) {
        if (params.knnWeight() == 0) {
            return null;
        }
        List<String> outcomes = List.of(names);
        return EmbeddingNeighbours.of(embeddings, labels.stream().mapToInt(outcomes::indexOf).toArray(), names.length,
                params.knnK(), params.knnWeight());
    }

    /** The SVM over the sparse features alone (the same for every variant of the embedding settings: cached). */
    private static float[][] sparseSvm(FeatureWeights weights, List<String[]> documents, List<String> texts,
            List<String> labels, String[] names, ClassifierParams params) {
        TrainingCache.Key key = new TrainingCache.Key("sparse", texts, labels, List.of(params.cutoff(), params.svmC(),
                params.iterations(), params.balanced(), params.familyWeights()));
        return TrainingCache.get(key, () -> svm(weights, documents, labels, names, null, params));
    }

    /**
     * The model over the embedding alone: its SVM (cached: the same for every ensemble weight and discriminant), plus
     * {@code embedding-lda-weight} × a linear discriminant ({@link EmbeddingDiscriminant}).
     */
    private static float[][] embeddingModel(List<String> texts, List<String> labels, String[] names, List<float[]> embeddings,
            ClassifierParams params) {
        TrainingCache.Key key = new TrainingCache.Key("embedding", texts, labels, List.of(params.encoder(),
                params.embeddingWeight(), params.embeddingC(), params.iterations(), params.balanced(),
                params.embeddingScaling()));
        float[][] w = TrainingCache.get(key, () -> embeddingSvm(labels, names, embeddings, params));
        if (params.ldaWeight() == 0 || params.embeddingWeight() == 0) {
            return w;
        }
        Map<String, Integer> ids = new HashMap<>();
        for (int i = 0; i < names.length; i++) {
            ids.put(names[i], i);
        }
        int[] y = labels.stream().mapToInt(ids::get).toArray();
        return EmbeddingDiscriminant.addTo(w, embeddings, y, params.embeddingWeight(), params.ldaWeight(), params.ldaShrinkage());
    }

    /**
     * SVM weights[label][feature] (last: intercept) over the sparse features (weights given), the sentence embedding
     * ({@code embedding-weight × v[k]}, embeddings given), or both side by side.
     */
    private static float[][] svm(FeatureWeights weights, List<String[]> documents, List<String> labels, String[] names,
            List<float[]> embeddings, ClassifierParams params) {
        Map<String, Integer> ids = new HashMap<>();
        for (int i = 0; i < names.length; i++) {
            ids.put(names[i], i);
        }
        int vocabulary = weights == null ? 0 : weights.size();
        // each feature family's weight as the SVM sees it (folded back into the weights below)
        float[] family = new float[vocabulary];
        boolean even = params.familyWeights().equals(ClassifierParams.Families.EVEN);
        for (int f = 0; f < vocabulary; f++) {
            family[f] = (float) params.familyWeights().of(weights.name(f));
        }
        FeatureWeights.Vector[] x = new FeatureWeights.Vector[labels.size()];
        int[] y = new int[x.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = weights == null ? new FeatureWeights.Vector(new int[0], new float[0]) : weights.vector(documents.get(i));
            if (!even) {
                float[] v = x[i].values().clone();
                for (int k = 0; k < v.length; k++) {
                    v[k] *= family[x[i].ids()[k]];
                }
                x[i] = new FeatureWeights.Vector(x[i].ids(), v);
            }
            if (embeddings != null) {
                x[i] = EmbeddingFeatures.append(x[i], vocabulary, embeddings.get(i), params.embeddingWeight());
            }
            y[i] = ids.get(labels.get(i));
        }
        int features = embeddings == null ? vocabulary : vocabulary + params.encoder().dimensions();
        float[][] w = new LinearSvm(params.svmC(), params.iterations(), 0.1).train(x, y, features, names.length,
                params.balanced());
        if (!even) {
            for (float[] row : w) {
                for (int f = 0; f < vocabulary; f++) {
                    row[f] *= family[f];
                }
            }
        }
        return w;
    }

    /**
     * SVM weights over the embedding alone ({@code embedding-weight × v[k]} as scored), with its own C. With
     * {@code embedding-scaling} the SVM is trained on z = a (u - mean) / scale per dimension (scale 1 for {@code center},
     * the standard deviation for {@code standardize}; a keeps the total variance of u), and the shift and scale are
     * folded back into weights over u and the intercept, so the stored model scores the unscaled embedding.
     */
    private static float[][] embeddingSvm(List<String> labels, String[] names, List<float[]> embeddings,
            ClassifierParams params) {
        int dims = params.encoder().dimensions();
        int n = embeddings.size();
        double[] mean = new double[dims];
        double[] scale = new double[dims];
        java.util.Arrays.fill(scale, 1);
        double a = 1;
        if (!params.embeddingScaling().equals("none")) {
            double[] sq = new double[dims];
            for (float[] v : embeddings) {
                for (int k = 0; k < dims; k++) {
                    double u = params.embeddingWeight() * v[k];
                    mean[k] += u / n;
                    sq[k] += u * u / n;
                }
            }
            double total = 0;
            for (int k = 0; k < dims; k++) {
                double variance = Math.max(sq[k] - mean[k] * mean[k], 1e-12);
                total += variance;
                if (params.embeddingScaling().equals("standardize")) {
                    scale[k] = Math.sqrt(variance);
                }
            }
            a = params.embeddingScaling().equals("standardize") ? Math.sqrt(total / dims) : 1;
        }
        Map<String, Integer> ids = new HashMap<>();
        for (int i = 0; i < names.length; i++) {
            ids.put(names[i], i);
        }
        int[] allDims = java.util.stream.IntStream.range(0, dims).toArray();
        FeatureWeights.Vector[] x = new FeatureWeights.Vector[n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            float[] z = new float[dims];
            for (int k = 0; k < dims; k++) {
                z[k] = (float) (a * (params.embeddingWeight() * embeddings.get(i)[k] - mean[k]) / scale[k]);
            }
            x[i] = new FeatureWeights.Vector(allDims, z);
            y[i] = ids.get(labels.get(i));
        }
        float[][] w = new LinearSvm(params.embeddingC(), params.iterations(), 0.1).train(x, y, dims, names.length,
                params.balanced());
        for (float[] row : w) {
            double intercept = row[dims];
            for (int k = 0; k < dims; k++) {
                row[k] = (float) (row[k] * a / scale[k]);
                intercept -= row[k] * mean[k];
            }
            row[dims] = (float) intercept;
        }
        return w;
    }

    /**
     * The sparse model's scores plus m times those of the model over the embedding alone. The sum of two linear models
     * is one linear model over the sparse features and the embedding (its weights side by side, intercepts added), so
     * the ensemble costs per mail what one model with embeddings costs. Chosen by cross-validation on banking77 over
     * one SVM across both feature sets, which lets the many sparse features crowd out the 384 dense ones.
     */
    private static float[][] ensemble(float[][] sparse, float[][] embedding, double m, int dims) {
        int vocabulary = sparse[0].length - 1;
        float[][] w = new float[sparse.length][vocabulary + dims + 1];
        for (int l = 0; l < w.length; l++) {
            System.arraycopy(sparse[l], 0, w[l], 0, vocabulary);
            for (int k = 0; k < dims; k++) {
                w[l][vocabulary + k] = (float) (m * embedding[l][k]);
            }
            w[l][vocabulary + dims] = (float) (sparse[l][vocabulary] + m * embedding[l][dims]);
        }
        return w;
    }

    /** The weights as an OpenNLP maxent model, with the embedding's features (dimensions > 0) when it has them. */
    private static MaxentModel model(float[][] w, FeatureWeights weights, int dimensions, String[] names) {
        int vocabulary = weights.size();
        int features = vocabulary + dimensions;
        return LinearModels.fromWeights(w, features,
                f -> f < vocabulary ? weights.name(f) : EmbeddingFeatures.name(f - vocabulary), names);
    }

    private static MaxentModel openNlp(FeatureWeights weights, List<String[]> documents, List<String> labels,
            String trainer, ClassifierParams params) {
        List<Event> events = new ArrayList<>(documents.size());
        for (int i = 0; i < documents.size(); i++) {
            FeatureWeights.Named f = weights.named(documents.get(i));
            events.add(new Event(labels.get(i), f.names(), f.values()));
        }
        TrainingParameters t = params.forTrainer(trainer);
        t.put(AbstractEventTrainer.DATA_INDEXER_PARAM, AbstractEventTrainer.DATA_INDEXER_ONE_PASS_REAL_VALUE);
        t.put(TrainingParameters.CUTOFF_PARAM, 0); // the vocabulary is already selected by document frequency
        try {
            return LinearModels.scaled(TrainerFactory.getEventTrainer(t, null).train(ObjectStreamUtils.createObjectStream(events)), 1);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
