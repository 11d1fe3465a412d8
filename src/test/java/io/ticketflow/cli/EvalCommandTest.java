package io.ticketflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ticketflow.classify.DocClassifier;
import io.ticketflow.classify.LabelledText;
import io.ticketflow.classify.TrainingData;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvalCommandTest {

    @TempDir
    Path dir;

    private String run(Command command, String... args) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            assertThat(command.run(List.of(args))).isZero();
        }
        finally {
            System.setOut(original);
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }

    private interface Command {
        int run(List<String> args) throws Exception;
    }

    @Test
    void trainOnOneFileTestOnAnotherEndsWithTheFiguresLine() throws Exception {
        List<LabelledText> all = TrainingData.read(Path.of("classifiers/category/data.csv"));
        List<LabelledText> train = new ArrayList<>(), test = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            (i % 5 == 0 ? test : train).add(all.get(i));
        }
        TrainingData.write(dir.resolve("train.csv"), train);
        TrainingData.write(dir.resolve("test.csv"), test);
        String out = run(new EvalCommand()::run, "--train", dir.resolve("train.csv").toString(), "--test",
                dir.resolve("test.csv").toString());
        String[] lines = out.strip().split("\n");
        String last = lines[lines.length - 1];
        assertThat(last).matches("accuracy=0\\.\\d{4} macro_f1=0\\.\\d{4}");
        double accuracy = Double.parseDouble(last.substring("accuracy=".length(), last.indexOf(' ')));
        assertThat(accuracy).isGreaterThan(0.3); // 8 labels: chance is about 0.15
        assertThat(out).contains("precision", "recall", "most frequent confusions");
    }

    @Test
    void crossValidationReportsTheReviewThresholdAndTheEmbedBelowSweep() throws Exception {
        String out = run(new EvalCommand()::run, "--cv", "classifiers/category/data.csv", "--folds", "2",
                "--embedding-model-weight", "0.5", "--svm-c", "2", "--embedding-weight", "3");
        assertThat(out).contains("2-fold cross-validation of LINEAR_SVM_EMBEDDINGS on 231 examples (svm-c 2.0, "
                + "embedding-weight 3.0, embedding-model-weight 0.5, embedding-svm-c 2.0, embed-below 0.99, class-weight none, "
                + "embedding-scaling none)", "precision",
                "most frequent confusions", "held-out accuracy by embed-below", "expected calibration error",
                "review threshold: threshold");
        assertThat(out.strip()).containsPattern("\naccuracy=0\\.\\d{4} macro_f1=0\\.\\d{4}$");
    }

    @Test
    void sweepCrossValidatesEachVariantOnTheSameFolds() throws Exception {
        String out = run(new EvalCommand()::run, "--cv", "classifiers/category/data.csv", "--folds", "2", "--trainer",
                "LINEAR_SVM", "--set", "svm-c=0.5", "--sweep", "class-weight=none,balanced;svm-c=1&class-weight=balanced");
        assertThat(out).contains("2-fold cross-validation of LINEAR_SVM on 231 examples, variants of:", "svm-c=0.5");
        assertThat(out).containsPattern("  class-weight=none: accuracy=0\\.\\d{4} macro_f1=0\\.\\d{4} folds 0\\.\\d{4}/0\\.\\d{4} \\(spread 0\\.\\d{4}\\)\n")
                .containsPattern("  class-weight=balanced: accuracy=0\\.\\d{4} macro_f1=0\\.\\d{4} folds 0\\.\\d{4}/0\\.\\d{4} \\(spread 0\\.\\d{4}\\)\n")
                .containsPattern("  svm-c=1&class-weight=balanced: accuracy=0\\.\\d{4} macro_f1=0\\.\\d{4} folds 0\\.\\d{4}/0\\.\\d{4} \\(spread 0\\.\\d{4}\\)\n")
                .contains("best by accuracy: ");
        // the sweep's first variant is the same cross-validation as a plain --cv with those settings
        String plain = run(new EvalCommand()::run, "--cv", "classifiers/category/data.csv", "--folds", "2", "--trainer",
                "LINEAR_SVM", "--svm-c", "0.5");
        String plainLast = plain.strip().substring(plain.strip().lastIndexOf('\n') + 1);
        assertThat(out).contains("  class-weight=none: " + plainLast.replace("examples=231 ", ""));
        assertThat(out.strip()).containsPattern("\naccuracy=0\\.\\d{4} macro_f1=0\\.\\d{4}$");
    }

    @Test
    void evaluatesATrainedClassifierFolderAndReportsOutOfScope() throws Exception {
        Path data = dir.resolve("extra.csv");
        Files.writeString(data, "text,label\nplease refund my order,refund\nwhat is the meaning of life,oos_label\n");
        String out = run(new EvalCommand()::run, "category", "--data", data.toString());
        assertThat(out).contains("out-of-scope examples (labels unknown to the model): 1");
        assertThat(out.strip()).containsPattern("accuracy=\\d\\.\\d{4} macro_f1=\\d\\.\\d{4}$");
    }

    @Test
    void trainWritesModelAndReport() throws Exception {
        Path target = Files.createDirectories(dir.resolve("classifiers/mood"));
        Files.writeString(target.resolve("data.csv"), """
                text,label
                I love it,happy
                great work thanks,happy
                wonderful service,happy
                this is terrible,angry
                I hate waiting,angry
                awful experience,angry
                """);
        Files.writeString(target.resolve("params.properties"), "trainers=PERCEPTRON,NAIVEBAYES\nfolds=2\n");
        String out = run(new TrainCommand()::run, "mood", "--classifiers", dir.resolve("classifiers").toString());
        assertThat(out).contains("<- chosen").containsPattern("trainer=(PERCEPTRON|NAIVEBAYES) accuracy=");
        assertThat(target.resolve("model.bin")).isNotEmptyFile();
        assertThat(Files.readString(target.resolve("report.txt"))).contains("classifier: mood", "2-fold cross-validation",
                "precision", "most frequent confusions", "reliability curve", "review threshold chosen");
        assertThat(DocClassifier.load(target.resolve("model.bin"), 0.5).labels()).containsExactly("angry", "happy");
    }
}
