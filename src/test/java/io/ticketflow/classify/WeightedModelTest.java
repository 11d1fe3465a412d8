package io.ticketflow.classify;

import static org.assertj.core.api.Assertions.assertThat;

import io.ticketflow.vocabulary.Prediction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The TF-IDF linear SVM on the starter data: calibrated, stored in one OpenNLP model file, threshold from its curve. */
class WeightedModelTest {

    static List<LabelledText> starter;
    static CalibratedTraining.Result trained;
    static ClassifierParams params = new ClassifierParams(List.of("LINEAR_SVM"), 3, 100, 1, 0.5, 0.8, 1.0, Map.of());

    @BeforeAll
    static void train() {
        starter = TrainingData.read(Path.of("classifiers/category/data.csv"));
        var cv = CrossValidation.compareScored(starter, params, done -> { }).get("LINEAR_SVM");
        trained = CalibratedTraining.train(starter, "LINEAR_SVM", params, cv.heldOut());
    }

    @Test
    void learnsTheStarterCategoriesAcrossLanguages() {
        DocClassifier model = trained.model();
        assertThat(model.predict("I want my money back for order 4711, it arrived broken").label()).isEqualTo("refund");
        assertThat(model.predict("Die Rechnung 2024-99 hat einen falschen Betrag").label()).isEqualTo("billing");
        assertThat(model.predict("The app crashes and shows an error when I save").label()).isEqualTo("technical");
    }

    @Test
    void thresholdReachesTheTargetOnTheHeldOutFolds() {
        assertThat(trained.operating().accuracy()).isGreaterThanOrEqualTo(0.8);
        assertThat(trained.model().threshold()).isEqualTo(trained.operating().threshold());
        assertThat(trained.model().calibratedThreshold()).hasValue(trained.operating().threshold());
        // calibration moved the scores: the held-out confidences are not all squeezed near 1/8
        assertThat(trained.factor()).isNotEqualTo(1.0);
        assertThat(trained.report(params)).contains("reliability curve", "decided automatically", "expected calibration error");
    }

    @Test
    void savedModelKeepsItsWeightsAndThreshold(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("model.bin");
        trained.model().save(file);
        DocClassifier loaded = DocClassifier.load(file, 0.5);
        assertThat(loaded.calibratedThreshold()).hasValue(trained.operating().threshold());
        for (LabelledText t : starter.subList(0, 40)) {
            Prediction a = trained.model().predict(t.text()), b = loaded.predict(t.text());
            assertThat(b.label()).isEqualTo(a.label());
            assertThat(b.confidence()).isEqualTo(a.confidence());
        }
    }

    @Test
    void registryUsesTheCalibratedThresholdUnlessParamsFixOne(@TempDir Path root) throws Exception {
        Path dir = Files.createDirectories(root.resolve("category"));
        trained.model().save(dir.resolve(ClassifierRegistry.MODEL_FILE));
        Files.writeString(dir.resolve(ClassifierRegistry.PARAMS_FILE), "threshold=auto\n");
        DocClassifier auto = new ClassifierRegistry(root, java.time.temporal.ChronoUnit.FOREVER.getDuration()).classifiers().get("category");
        assertThat(auto.threshold()).isEqualTo(trained.operating().threshold());
        Files.writeString(dir.resolve(ClassifierRegistry.PARAMS_FILE), "threshold=0.25\n");
        DocClassifier fixed = new ClassifierRegistry(root, java.time.temporal.ChronoUnit.FOREVER.getDuration()).classifiers().get("category");
        assertThat(fixed.threshold()).isEqualTo(0.25);
    }

    @Test
    void linearSvmSeparatesTwoLabels() {
        List<LabelledText> data = List.of(new LabelledText("apples and pears", "fruit"),
                new LabelledText("fresh apples", "fruit"), new LabelledText("ripe pears", "fruit"),
                new LabelledText("cars and trucks", "vehicle"), new LabelledText("fast cars", "vehicle"),
                new LabelledText("heavy trucks", "vehicle"));
        DocClassifier model = DocClassifier.train(data, "LINEAR_SVM", params);
        assertThat(model.predict("apples").label()).isEqualTo("fruit");
        assertThat(model.predict("trucks").label()).isEqualTo("vehicle");
        assertThat(model.predict("apples").confidence()).isGreaterThan(0.5);
    }

    @Test
    void embeddingModelAnswersWhereTheSparseOneIsUnsureAndSurvivesSaving(@TempDir Path dir) throws Exception {
        ClassifierParams always = new ClassifierParams(List.of("LINEAR_SVM_EMBEDDINGS"), 2, 100, 1, 0.5, 0.8, 1.0, 2.0,
                1.0, Map.of());
        var cv = CrossValidation.compareScored(starter, always, done -> { }).get("LINEAR_SVM_EMBEDDINGS");
        assertThat(cv.heldOut()).allMatch(s -> s.embedded() != null);
        DocClassifier model = CalibratedTraining.train(starter, "LINEAR_SVM_EMBEDDINGS", always, cv.heldOut()).model();
        assertThat(model.hasEmbeddings()).isTrue();
        DocClassifier.Features f = DocClassifier.Features.of("I want my money back for order 4711, it arrived broken");
        double[][] both = model.distributions(f);
        assertThat(model.distribution(f)).containsExactly(both[1]); // embed-below 1: the embedding model always answers
        assertThat(model.label(CascadeCurve.argmax(both[1]))).isEqualTo("refund");

        Path file = dir.resolve("model.bin");
        model.save(file);
        DocClassifier loaded = DocClassifier.load(file, 0.5);
        assertThat(loaded.hasEmbeddings()).isTrue();
        for (LabelledText t : starter.subList(0, 20)) {
            Prediction a = model.predict(t.text()), b = loaded.predict(t.text());
            assertThat(b.label()).isEqualTo(a.label());
            assertThat(b.confidence()).isEqualTo(a.confidence());
        }
    }

    @Test
    void ensembleWithTheEmbeddingOnlyModelIsOneLinearModelOverBothFeatureSets(@TempDir Path dir) throws Exception {
        ClassifierParams ensemble = new ClassifierParams(List.of("LINEAR_SVM_EMBEDDINGS"), 2, 100, 1, 0.5, 0.8, 1.0, 2.0,
                1.0, Map.of(), 1.3);
        ClassifierParams single = ensemble.withEmbeddingModelWeight(0);
        DocClassifier a = DocClassifier.train(starter, "LINEAR_SVM_EMBEDDINGS", ensemble);
        DocClassifier b = DocClassifier.train(starter, "LINEAR_SVM_EMBEDDINGS", single);
        DocClassifier.Features f = DocClassifier.Features.of("I want my money back for order 4711, it arrived broken");
        // the sparse model is the same SVM either way; the second model differs
        assertThat(a.distributions(f)[0]).containsExactly(b.distributions(f)[0]);
        assertThat(a.distributions(f)[1]).isNotEqualTo(b.distributions(f)[1]);
        assertThat(a.label(CascadeCurve.argmax(a.distributions(f)[1]))).isEqualTo("refund");
        long right = starter.stream().filter(t -> a.predict(t.text()).label().equals(t.label())).count();
        assertThat(right).isGreaterThan(starter.size() * 9L / 10); // fits its own training data
        Path file = dir.resolve("model.bin");
        a.save(file);
        assertThat(DocClassifier.load(file, 0.5).distribution(f)).containsExactly(a.distribution(f));
        assertThat(ClassifierParams.read(writeParams(dir, "embedding-model-weight=0.5\n")).embeddingModelWeight())
                .isEqualTo(0.5);
        assertThat(ClassifierParams.read(writeParams(dir, "folds=3\n")).embeddingModelWeight())
                .isEqualTo(ClassifierParams.DEFAULTS.embeddingModelWeight());
    }

    private static Path writeParams(Path dir, String text) throws java.io.IOException {
        return java.nio.file.Files.writeString(dir.resolve("params.properties"), text);
    }

    @Test
    void retrainingWithAgentCorrectionsCountsThemAndLearnsTheirLabels(@TempDir Path root) throws Exception {
        Path dir = Files.createDirectories(root.resolve("category"));
        Files.writeString(dir.resolve(ClassifierRegistry.PARAMS_FILE), "trainers=LINEAR_SVM\nfolds=2\ntarget-accuracy=0.8\n");
        List<LabelledText> corrections = List.of(
                new LabelledText("Strange charge\nThere is a charge of 12 EUR on my card that I do not understand.", "refund"),
                new LabelledText("Unknown charge\nA charge of 30 EUR on my card I never made, please give it back.", "refund"),
                new LabelledText("Odd charge\nMy card shows a charge of 8 EUR I do not recognise, I want it returned.", "refund"));
        ClassifierTrainer.Result result = ClassifierTrainer.train(dir, "data.csv", starter, corrections, done -> { });
        assertThat(result.examples()).isEqualTo(starter.size() + 3);
        assertThat(result.report()).contains("of which 3 agent corrections", "review threshold chosen", "reliability curve");
        DocClassifier model = new ClassifierRegistry(root, java.time.temporal.ChronoUnit.FOREVER.getDuration()).classifiers().get("category");
        assertThat(model.predict("Strange charge\nThere is a charge of 12 EUR on my card that I do not understand.").label())
                .isEqualTo("refund");
        assertThat(model.threshold()).isEqualTo(model.calibratedThreshold().orElseThrow());
    }
}
