package io.ticketflow.classify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Models reload without a restart when their file changes; a broken file leaves the previous model running. */
class ClassifierRegistryTest {

    @TempDir
    Path root;

    private static DocClassifier model(String a, String b) {
        List<LabelledText> data = List.of(new LabelledText("apples and pears", a), new LabelledText("fresh apples", a),
                new LabelledText("cars and trucks", b), new LabelledText("fast cars", b));
        return DocClassifier.train(data, "PERCEPTRON", new ClassifierParams(List.of("PERCEPTRON"), 2, 20, 0, 0.5, Map.of()));
    }

    private static void touch(Path file, long millis) throws Exception {
        Files.setLastModifiedTime(file, FileTime.fromMillis(millis));
    }

    @Test
    void picksUpANewModelAndKeepsTheOldOneWhenTheNewFileIsBroken() throws Exception {
        Path dir = Files.createDirectories(root.resolve("topic"));
        Path modelFile = dir.resolve(ClassifierRegistry.MODEL_FILE);
        model("fruit", "vehicle").save(modelFile);
        touch(modelFile, 1_000_000);
        ClassifierRegistry registry = new ClassifierRegistry(root, Duration.ZERO);
        assertThat(registry.classifiers().get("topic").predict("apples").label()).isEqualTo("fruit");

        model("obst", "fahrzeug").save(modelFile);
        touch(modelFile, 2_000_000);
        assertThat(registry.classifiers().get("topic").predict("apples").label()).isEqualTo("obst");

        Files.writeString(modelFile, "not a model");
        touch(modelFile, 3_000_000);
        assertThat(registry.classifiers().get("topic").predict("apples").label()).isEqualTo("obst");
        assertThat(registry.errors()).containsKey("topic");

        model("fruit", "vehicle").save(modelFile);
        touch(modelFile, 4_000_000);
        assertThat(registry.classifiers().get("topic").predict("apples").label()).isEqualTo("fruit");
        assertThat(registry.errors()).isEmpty();
    }

    @Test
    void thresholdComesFromTheParamsFileAndReloadsToo() throws Exception {
        Path dir = Files.createDirectories(root.resolve("topic"));
        model("fruit", "vehicle").save(dir.resolve(ClassifierRegistry.MODEL_FILE));
        Path params = dir.resolve(ClassifierRegistry.PARAMS_FILE);
        Files.writeString(params, "threshold=0.0\n");
        touch(params, 1_000_000);
        ClassifierRegistry registry = new ClassifierRegistry(root, Duration.ZERO);
        assertThat(registry.classifiers().get("topic").predict("zebra").belowThreshold()).isFalse();
        Files.writeString(params, "threshold=1.0\n");
        touch(params, 2_000_000);
        assertThat(registry.classifiers().get("topic").predict("zebra").belowThreshold()).isTrue();
    }

    @Test
    void withoutTheFolderTheShippedModelsFromTheJarAreUsed() {
        ClassifierRegistry registry = new ClassifierRegistry(root.resolve("absent"), Duration.ZERO);
        assertThat(registry.classifiers()).containsKeys("category", "type", "priority");
    }
}
