package io.ticketflow.classify;

import static org.assertj.core.api.Assertions.assertThat;

import io.ticketflow.vocabulary.Prediction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The pipeline's scoring (one feature extraction and one lookup per feature for all models, dense rows, the embedding
 * once per mail) against each model's own OpenNLP scoring, on real texts: the shipped classifiers over their starter
 * data, all three training sets' texts and, when the shared corpora are there, part of banking77. Same label and the
 * same confidence for every text and model.
 */
class ClassifierSetTest {

    private static final Path SHIPPED = Path.of("classifiers");

    @Test
    void theShippedModelsPredictExactlyAsTheirOwnScoringDoes() {
        ClassifierRegistry registry = new ClassifierRegistry(SHIPPED, ChronoUnit.FOREVER.getDuration());
        Map<String, DocClassifier> models = registry.classifiers();
        assertThat(models.keySet()).containsExactlyInAnyOrder("category", "type", "priority");
        // the fast path is used for all three, and the embedding models of category and type are part of the check
        assertThat(models.values()).allMatch(m -> m.scoredWeights() != null);
        assertThat(models.get("category").hasEmbeddings()).isTrue();

        List<String> texts = texts();
        int compared = comparePredictions(registry.classifierSet(), models, texts);
        assertThat(compared).isEqualTo(texts.size() * models.size());
    }

    @Test
    void modelsOfOtherFormsKeepTheirOwnScoringInTheSet() {
        List<LabelledText> starter = TrainingData.read(SHIPPED.resolve("category/data.csv"));
        Map<String, DocClassifier> models = new LinkedHashMap<>();
        // plain counts (no weighting): scored by OpenNLP as before; a weighted maxent model: dense rows
        models.put("counts", DocClassifier.train(starter, "NAIVEBAYES", ClassifierParams.DEFAULTS));
        models.put("weighted", DocClassifier.train(starter, "MAXENT_QN", ClassifierParams.DEFAULTS));
        // two weighted models over different vocabularies share the set's index
        models.put("svm", DocClassifier.train(starter, "LINEAR_SVM", ClassifierParams.DEFAULTS));
        models.put("svm-half", DocClassifier.train(starter.subList(0, starter.size() / 2), "LINEAR_SVM",
                ClassifierParams.DEFAULTS));
        ClassifierSet set = new ClassifierSet(models);
        assertThat(models.get("counts").scoredWeights()).isNull();
        assertThat(models.get("svm").scoredWeights()).isNotNull();
        assertThat(models.get("svm-half").scoredWeights().size()).isLessThan(models.get("svm").scoredWeights().size());
        List<String> texts = starter.stream().map(LabelledText::text).toList();
        assertThat(comparePredictions(set, models, texts)).isEqualTo(texts.size() * models.size());
    }

    @Test
    void modelsOfDifferentEncodersEachGetTheirOwnEmbeddingAndKeepTheEncoderWhenSaved(
            @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        List<LabelledText> starter = TrainingData.read(SHIPPED.resolve("category/data.csv"));
        // embed-below 1: the embedding model answers every text, so a wrong vector would show
        ClassifierParams always = ClassifierParams.DEFAULTS.withTrainers(List.of("LINEAR_SVM_EMBEDDINGS")).withEmbedBelow(1)
                .with("encoder", "minilm");
        Map<String, DocClassifier> models = new LinkedHashMap<>();
        models.put("minilm", DocClassifier.train(starter, "LINEAR_SVM_EMBEDDINGS", always));
        DocClassifier bge = DocClassifier.train(starter, "LINEAR_SVM_EMBEDDINGS", always.with("encoder", "bge"));
        Path file = dir.resolve("model.bin");
        bge.save(file);
        DocClassifier loaded = DocClassifier.load(file, 0.5);
        assertThat(loaded.encoder()).isEqualTo(SentenceEncoder.BGE);
        assertThat(models.get("minilm").encoder()).isEqualTo(SentenceEncoder.MINILM);
        models.put("bge", loaded);
        models.put("e5", DocClassifier.train(starter, "LINEAR_SVM_EMBEDDINGS", always.with("encoder", "e5")));
        // two encoders side by side: 768 dimensions, the encoder's name with a plus kept in the file
        DocClassifier both = DocClassifier.train(starter, "LINEAR_SVM_EMBEDDINGS", always.with("encoder", "minilm+bge"));
        both.save(dir.resolve("both.bin"));
        DocClassifier bothLoaded = DocClassifier.load(dir.resolve("both.bin"), 0.5);
        assertThat(bothLoaded.encoder()).isEqualTo(SentenceEncoder.MINILM_BGE);
        models.put("minilm+bge", bothLoaded);
        List<String> texts = starter.stream().map(LabelledText::text).limit(60).toList();
        assertThat(comparePredictions(new ClassifierSet(models), models, texts)).isEqualTo(texts.size() * models.size());
        DocClassifier.Features f = DocClassifier.Features.of(texts.get(0));
        assertThat(loaded.distribution(f)).containsExactly(bge.distribution(f));
        assertThat(bothLoaded.distribution(f)).containsExactly(both.distribution(f));
    }

    @Test
    void aSetIsRebuiltOnlyWhenItsModelsChange() {
        ClassifierRegistry registry = new ClassifierRegistry(SHIPPED, ChronoUnit.FOREVER.getDuration());
        ClassifierSet first = registry.classifierSet();
        assertThat(registry.classifierSet()).isSameAs(first);
        Map<String, DocClassifier> changed = new LinkedHashMap<>(registry.classifiers());
        changed.put("type", changed.get("type").withThreshold(0.99));
        assertThat(first.isOf(changed)).isFalse();
        assertThat(first.isOf(registry.classifiers())).isTrue();
    }

    /** Compares every text's prediction by the set with each model's own; the number of predictions compared. */
    private static int comparePredictions(ClassifierSet set, Map<String, DocClassifier> models, List<String> texts) {
        int compared = 0;
        List<String> differences = new ArrayList<>();
        for (String text : texts) {
            Map<String, Prediction> fast = set.predict(text, () -> { });
            DocClassifier.Features features = DocClassifier.Features.of(text);
            for (Map.Entry<String, DocClassifier> m : models.entrySet()) {
                Prediction own = m.getValue().predict(features);
                Prediction got = fast.get(m.getKey());
                if (!own.equals(got)) {
                    differences.add(m.getKey() + " on \"" + text + "\": " + own + " vs " + got);
                }
                compared++;
            }
        }
        assertThat(differences).isEmpty();
        return compared;
    }

    private static List<String> texts() {
        List<String> texts = new ArrayList<>();
        for (String name : ClassifierRegistry.SHIPPED) {
            TrainingData.read(SHIPPED.resolve(name).resolve(ClassifierRegistry.DATA_FILE)).forEach(t -> texts.add(t.text()));
        }
        Path banking = Path.of(System.getProperty("ticketflow.corpora", "../shared/corpora"))
                .resolve("classification/banking77/train.csv");
        if (Files.exists(banking)) {
            List<LabelledText> all = TrainingData.read(banking);
            for (int i = 0; i < all.size(); i += 20) {
                texts.add(all.get(i).text());
            }
        }
        return texts;
    }
}
