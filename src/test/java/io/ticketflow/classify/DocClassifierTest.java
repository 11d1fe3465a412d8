package io.ticketflow.classify;

import static org.assertj.core.api.Assertions.assertThat;

import io.ticketflow.vocabulary.Prediction;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DocClassifierTest {

    static List<LabelledText> starter;
    static DocClassifier category;

    @BeforeAll
    static void train() {
        starter = TrainingData.read(Path.of("classifiers/category/data.csv"));
        category = DocClassifier.train(starter, "MAXENT_QN", ClassifierParams.DEFAULTS);
    }

    @Test
    void learnsTheStarterCategoriesAcrossLanguages() {
        assertThat(category.predict("I want my money back for order 4711, it arrived broken").label()).isEqualTo("refund");
        assertThat(category.predict("Die Rechnung 2024-99 hat einen falschen Betrag").label()).isEqualTo("billing");
        assertThat(category.predict("The app crashes and shows an error when I save").label()).isEqualTo("technical");
        assertThat(category.labels()).contains("billing", "refund", "technical", "account", "sales", "complaint",
                "feedback", "other");
    }

    @Test
    void confidenceBelowTheThresholdAsksForReview() {
        Prediction sure = category.withThreshold(0.0).predict("refund refund money back");
        assertThat(sure.belowThreshold()).isFalse();
        Prediction unsure = category.withThreshold(0.99).predict("hello");
        assertThat(unsure.confidence()).isLessThan(0.99);
        assertThat(unsure.belowThreshold()).isTrue();
    }

    @Test
    void savedModelLoadsWithTheSamePredictions(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("model.bin");
        category.save(file);
        DocClassifier loaded = DocClassifier.load(file, 0.35);
        for (LabelledText t : starter.subList(0, 40)) {
            Prediction a = category.predict(t.text()), b = loaded.predict(t.text());
            assertThat(b.label()).isEqualTo(a.label());
            assertThat(b.confidence()).isEqualTo(a.confidence());
        }
    }

    @Test
    void concurrentUseGivesTheSameAnswersAsSequentialUse() throws Exception {
        List<String> texts = starter.stream().map(LabelledText::text).toList();
        List<Prediction> sequential = texts.stream().map(category::predict).toList();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<List<Prediction>>> runs = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                Callable<List<Prediction>> run = () -> texts.stream().map(category::predict).toList();
                runs.add(pool.submit(run));
            }
            for (Future<List<Prediction>> run : runs) {
                assertThat(run.get()).isEqualTo(sequential);
            }
        }
        finally {
            pool.shutdownNow();
        }
    }

    @Test
    void crossValidationComparesTrainersAndPicksTheBestMacroF1() {
        ClassifierParams params = new ClassifierParams(List.of("PERCEPTRON", "NAIVEBAYES"), 3, 50, 1, 0.5, java.util.Map.of());
        var results = CrossValidation.compare(starter, params, done -> { });
        assertThat(results).containsOnlyKeys("PERCEPTRON", "NAIVEBAYES");
        results.values().forEach(e -> assertThat(e.total()).isEqualTo(starter.size()));
        String best = CrossValidation.best(results);
        assertThat(results.get(best).macroF1()).isGreaterThanOrEqualTo(
                results.values().stream().mapToDouble(Evaluation::macroF1).max().orElseThrow() - 1e-4);
        // well above chance (8 labels): the features carry signal on unseen examples
        assertThat(results.get(best).accuracy()).isGreaterThan(0.4);
    }
}
