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
    /** The model over sparse features plus the sentence embedding (OpenNLP serialises {@code .model} entries). */
    static final String EMBEDDED_ENTRY = "with-embeddings.model";
    private static final String EMBED_BELOW = "ticketflow.embedBelow";
    private static final String EMBEDDING_WEIGHT = "ticketflow.embeddingWeight";
    /** The sentence encoder the embedding model was trained on (absent in older files: the default one). */
    private static final String ENCODER = "ticketflow.encoder";
    /** The word pieces per text the encoder read in training (absent in older files: 64, the cap of that time). */
    private static final String ENCODER_PIECES = "ticketflow.encoderPieces";
    /** The training embeddings of the nearest-neighbour member ({@code knn-weight}; absent without it). */
    static final String NEIGHBOURS_ENTRY = "embedding-neighbours.knn";
    private static final String NEIGHBOURS_EXTENSION = "knn";

    private FeatureWeights weights;
    private Embedded embedded;

    /**
     * The second model of LINEAR_SVM_EMBEDDINGS: over the sparse features and the embedding ({@link EmbeddingFeatures}),
     * consulted when the sparse model's confidence is below {@code embedBelow}; the encoder reads at most {@code pieces}
     * word pieces of a text, as in training; {@code neighbours} (null without) add their votes to its scores.
     */
    record Embedded(opennlp.tools.ml.model.MaxentModel model, double embedBelow, double weight, SentenceEncoder encoder,
            int pieces, EmbeddingNeighbours neighbours) {
    }

    public WeightedDoccatFactory() {
    }

    WeightedDoccatFactory(FeatureWeights weights, Embedded embedded) {
        super(new FeatureGenerator[] { new TicketTextFeatures() });
        this.weights = weights;
        this.embedded = embedded;
    }

    /** The embedding model, or null when the model uses sparse features only. */
    Embedded embedded() {
        if (embedded == null && artifactProvider != null && artifactProvider.getArtifact(EMBEDDED_ENTRY) != null) {
            embedded = new Embedded(artifactProvider.getArtifact(EMBEDDED_ENTRY),
                    Double.parseDouble(artifactProvider.getManifestProperty(EMBED_BELOW)),
                    Double.parseDouble(artifactProvider.getManifestProperty(EMBEDDING_WEIGHT)),
                    artifactProvider.getManifestProperty(ENCODER) == null ? SentenceEncoder.DEFAULT
                            : SentenceEncoder.of(artifactProvider.getManifestProperty(ENCODER)),
                    artifactProvider.getManifestProperty(ENCODER_PIECES) == null ? SentenceEmbedder.UNRECORDED_PIECES
                            : Integer.parseInt(artifactProvider.getManifestProperty(ENCODER_PIECES)),
                    artifactProvider.getArtifact(NEIGHBOURS_ENTRY));
        }
        return embedded;
    }

    @Override
    public Map<String, String> createManifestEntries() {
        Map<String, String> entries = super.createManifestEntries();
        if (embedded != null) {
            entries.put(EMBED_BELOW, Double.toString(embedded.embedBelow()));
            entries.put(EMBEDDING_WEIGHT, Double.toString(embedded.weight()));
            entries.put(ENCODER, embedded.encoder().key());
            entries.put(ENCODER_PIECES, Integer.toString(embedded.pieces()));
        }
        return entries;
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
        serializers.put(NEIGHBOURS_EXTENSION, new EmbeddingNeighboursSerializer());
        return serializers;
    }

    @Override
    public Map<String, Object> createArtifactMap() {
        Map<String, Object> artifacts = super.createArtifactMap();
        if (weights != null) {
            artifacts.put(WEIGHTS_ENTRY, weights);
        }
        if (embedded != null) {
            artifacts.put(EMBEDDED_ENTRY, embedded.model());
            if (embedded.neighbours() != null) {
                artifacts.put(NEIGHBOURS_ENTRY, embedded.neighbours());
            }
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
