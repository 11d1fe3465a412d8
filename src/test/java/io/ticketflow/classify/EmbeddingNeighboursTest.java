package io.ticketflow.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.ticketflow.vocabulary.Prediction;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The nearest-neighbour member ({@code knn-weight}): the k most similar training messages vote for their labels, the
 * votes are added to the embedding model's scores, and the training vectors travel in the model file.
 */
class EmbeddingNeighboursTest {

    @Test
    void theNearestTrainingMessagesVoteWithTheirSimilarity() {
        List<float[]> train = List.of(new float[] { 1, 0, 0 }, new float[] { 0.8f, 0.6f, 0 }, new float[] { 0, 1, 0 },
                new float[] { 0, 0, 1 });
        EmbeddingNeighbours knn = EmbeddingNeighbours.of(train, new int[] { 0, 0, 1, 2 }, 3, 2, 1.0);
        double[] votes = knn.votes(new float[] { 2, 0, 0 }); // not unit length: the cosine is what counts
        // the two nearest are both label 0: similarities 1 and 0.8, each divided by k = 2
        assertThat(votes[0]).isCloseTo(0.9, within(0.01));
        assertThat(votes[1]).isZero();
        assertThat(votes[2]).isZero();
        // the votes move the scores: softmax(log p + weight × votes), and calibration scales the weight
        double[] p = { 0.2, 0.7, 0.1 };
        double[] adjusted = knn.adjust(p, new float[] { 1, 0, 0 });
        assertThat(adjusted[0] / adjusted[1]).isCloseTo(0.2 / 0.7 * Math.exp(votes[0]), within(1e-3));
        assertThat(knn.scaled(3).weight()).isEqualTo(3.0);
    }

    @Test
    void theVotesChangeTheEmbeddingModelAndTravelInTheModelFile(@TempDir Path dir) throws Exception {
        List<LabelledText> starter = TrainingData.read(Path.of("classifiers", "category", "data.csv"));
        // embed-below 1: the embedding model answers every text, so the votes show in every distribution
        ClassifierParams plain = ClassifierParams.DEFAULTS.withTrainers(List.of("LINEAR_SVM_EMBEDDINGS")).withEmbedBelow(1)
                .with("encoder", "minilm");
        ClassifierParams withKnn = plain.with("knn-weight", "2").with("knn-k", "5");
        assertThat(withKnn.knnWeight()).isEqualTo(2.0);
        assertThat(withKnn.knnK()).isEqualTo(5);
        DocClassifier without = DocClassifier.train(starter, "LINEAR_SVM_EMBEDDINGS", plain);
        DocClassifier with = DocClassifier.train(starter, "LINEAR_SVM_EMBEDDINGS", withKnn);
        DocClassifier.Features f = DocClassifier.Features.of("I want my money back for order 4711, it arrived broken");
        assertThat(with.distributions(f)[0]).containsExactly(without.distributions(f)[0]); // the sparse model is the same
        assertThat(with.distributions(f)[1]).isNotEqualTo(without.distributions(f)[1]);

        Path file = dir.resolve("model.bin");
        with.save(file);
        DocClassifier loaded = DocClassifier.load(file, 0.5);
        Map<String, DocClassifier> models = new LinkedHashMap<>();
        models.put("category", loaded);
        ClassifierSet set = new ClassifierSet(models);
        for (LabelledText t : starter.subList(0, 30)) {
            DocClassifier.Features g = DocClassifier.Features.of(t.text());
            assertThat(loaded.distribution(g)).containsExactly(with.distribution(g));
            // the pipeline's dense scoring gives the same answer to the last bit
            Prediction p = set.predict(t.text(), () -> { }).get("category");
            assertThat(p).isEqualTo(loaded.predict(g));
        }
    }
}
