package io.ticketflow.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The engine on public intent data (../shared/corpora/classification), with the shipped default trainer. Slow (minutes):
 * {@code ./mvnw verify -Dsurefire.excludedGroups=none -Dgroups=slow -Dtest=PublicBenchmarkTest}. The figures reported
 * in docs/classification.md come from the equivalent {@code ticketflow eval} commands.
 */
@Tag("slow")
class PublicBenchmarkTest {

    private static Path corpus(String relative) {
        Path root = Path.of(System.getProperty("ticketflow.corpora", "../shared/corpora"));
        Path file = root.resolve(relative);
        assumeTrue(Files.exists(file), "corpus absent: " + file);
        return file;
    }

    @Test
    void banking77CrossValidated() {
        List<LabelledText> data = TrainingData.read(corpus("classification/banking77/train.csv"));
        ClassifierParams params = new ClassifierParams(List.of("PERCEPTRON"), 5, 100, 1, 0.5, Map.of());
        Evaluation e = CrossValidation.compare(data, params, done -> { }).get("PERCEPTRON");
        System.out.println("banking77 5-fold " + e.summaryLine());
        // published TF-IDF word+char n-gram linear SVM: about 0.91 (on the test split); target 0.92, not reached
        assertThat(e.accuracy()).isGreaterThan(0.85);
    }

    @Test
    void clinc150TrainOnTrainEvaluateOnVal() {
        String file = corpus("classification/clinc150/train_val.json").toString();
        List<LabelledText> train = TrainingData.read(file + ":train");
        List<LabelledText> val = TrainingData.read(file + ":val");
        List<LabelledText> oos = TrainingData.read(file + ":oos_val");
        DocClassifier model = DocClassifier.train(train, "PERCEPTRON",
                new ClassifierParams(List.of("PERCEPTRON"), 5, 100, 1, 0.5, Map.of()));
        Evaluation e = CrossValidation.evaluate(model, val);
        System.out.println("clinc150 val in-scope " + e.summaryLine());
        assertThat(e.accuracy()).isGreaterThan(0.85);
        Set<String> known = train.stream().map(LabelledText::label).collect(Collectors.toSet());
        assertThat(oos).allMatch(t -> !known.contains(t.label()));
    }
}
