package io.ticketflow.classify;

import java.util.Map;
import opennlp.tools.doccat.DoccatFactory;
import opennlp.tools.doccat.FeatureGenerator;
import opennlp.tools.util.InvalidFormatException;
import opennlp.tools.util.model.ArtifactSerializer;

/**
 * The doccat factory of Ticketflow's weighted models: {@link TicketTextFeatures} plus the {@link FeatureWeights}
 * artifact, which travels inside the model file. OpenNLP instantiates this class by name when it loads a model (the
 * no-argument constructor), then hands it the model's artifacts: do not rename it without retraining the models.
 */
public class WeightedDoccatFactory extends DoccatFactory {

    static final String WEIGHTS_ENTRY = "feature-weights.tfidf";
    private static final String WEIGHTS_EXTENSION = "tfidf";

    private FeatureWeights weights;

    public WeightedDoccatFactory() {
    }

    WeightedDoccatFactory(FeatureWeights weights) {
        super(new FeatureGenerator[] { new TicketTextFeatures() });
        this.weights = weights;
    }

    /** The weighting the model was trained with (from the model file when loaded). */
    public FeatureWeights weights() {
        if (weights == null && artifactProvider != null) {
            weights = artifactProvider.getArtifact(WEIGHTS_ENTRY);
        }
        return weights;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Map<String, ArtifactSerializer<?>> createArtifactSerializersMap() {
        Map<String, ArtifactSerializer<?>> serializers = super.createArtifactSerializersMap();
        serializers.put(WEIGHTS_EXTENSION, new FeatureWeightsSerializer());
        return serializers;
    }

    @Override
    public Map<String, Object> createArtifactMap() {
        Map<String, Object> artifacts = super.createArtifactMap();
        if (weights != null) {
            artifacts.put(WEIGHTS_ENTRY, weights);
        }
        return artifacts;
    }

    @Override
    public void validateArtifactMap() throws InvalidFormatException {
        if (artifactProvider != null && !(artifactProvider.getArtifact(WEIGHTS_ENTRY) instanceof FeatureWeights)) {
            throw new InvalidFormatException("model without its feature weights (" + WEIGHTS_ENTRY + ")");
        }
    }
}
