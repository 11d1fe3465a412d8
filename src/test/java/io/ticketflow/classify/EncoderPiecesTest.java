package io.ticketflow.classify;

import static org.assertj.core.api.Assertions.assertThat;

import io.ticketflow.vocabulary.Prediction;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import opennlp.tools.doccat.DoccatModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model is read at the encoder's cap of word pieces it was trained with: the cap changed (64 → 48 in round 8), and a
 * vector of the first 48 pieces of a long mail is not what a model trained on 64 learnt from. The cap travels in the
 * model file; a file without it was trained at 64. Both the model's own scoring and the pipeline's (the set's, which
 * embeds a mail once per encoder and cap) read a long mail that way.
 */
class EncoderPiecesTest {

    /** Longer than both caps, so the first 48 and the first 64 word pieces give different vectors. */
    private static final String LONG = "My order 4711 has not arrived and the tracking page shows no update since Monday. "
            + "I paid extra for express delivery, please refund the shipping fee or send the parcel again. ".repeat(4);

    @Test
    void aModelIsReadAtTheCapItWasTrainedWithAndAFileWithoutOneAt64(@TempDir Path dir) throws Exception {
        List<LabelledText> starter = TrainingData.read(Path.of("classifiers", "category", "data.csv"));
        // embed-below 1: the embedding model answers every text, so the vector read shows in the distribution
        ClassifierParams always = ClassifierParams.DEFAULTS.withTrainers(List.of("LINEAR_SVM_EMBEDDINGS")).withEmbedBelow(1)
                .with("encoder", "minilm");
        DocClassifier trained = DocClassifier.train(starter, "LINEAR_SVM_EMBEDDINGS", always);
        Path current = dir.resolve("model.bin");
        trained.save(current);
        Path older = dir.resolve("older.bin");
        withoutManifestEntry(current, older, "ticketflow.encoderPieces");

        DocClassifier fresh = DocClassifier.load(current, 0.5);
        DocClassifier old = DocClassifier.load(older, 0.5);
        DocClassifier.Features f = DocClassifier.Features.of(LONG);
        double[] at48 = byHand(current, f, 48);
        double[] at64 = byHand(older, f, 64);
        assertThat(at48).isNotEqualTo(byHand(current, f, 64)); // the text is long enough to tell the caps apart
        assertThat(fresh.distribution(f)).containsExactly(at48);
        assertThat(old.distribution(f)).containsExactly(at64);

        // the pipeline's scoring: the same answers, each model its own vector
        Map<String, DocClassifier> models = new LinkedHashMap<>();
        models.put("fresh", fresh);
        models.put("old", old);
        Map<String, Prediction> got = new ClassifierSet(models).predict(LONG, () -> { });
        assertThat(got.get("fresh")).isEqualTo(fresh.predict(f));
        assertThat(got.get("old")).isEqualTo(old.predict(f));
        assertThat(got.get("old").confidence()).isEqualTo(max(at64));
    }

    @Test
    void trainRecordsTheCapInTheModelAndTheReport(@TempDir Path dir) throws Exception {
        List<LabelledText> starter = TrainingData.read(Path.of("classifiers", "type", "data.csv"));
        Path folder = Files.createDirectory(dir.resolve("type"));
        Files.writeString(folder.resolve(ClassifierRegistry.PARAMS_FILE),
                "trainers=LINEAR_SVM_EMBEDDINGS\nfolds=2\nencoder=minilm\n");
        ClassifierTrainer.Result r = ClassifierTrainer.train(folder, "data.csv", starter, List.of(), step -> { });
        Path model = folder.resolve(ClassifierRegistry.MODEL_FILE);
        assertThat(manifest(model).getProperty("ticketflow.encoderPieces")).isEqualTo("" + SentenceEmbedder.MAX_PIECES);
        assertThat(DocClassifier.load(model, 0.5).pieces()).isEqualTo(SentenceEmbedder.MAX_PIECES);
        assertThat(r.report()).contains("sentence encoder: minilm, first " + SentenceEmbedder.MAX_PIECES + " word pieces");
    }

    @Test
    void theShippedClassifiersAreReadAtTheCapTheyWereTrainedWith() throws Exception {
        for (String name : List.of("category", "type")) {
            Path model = Path.of("classifiers", name, "model.bin");
            String recorded = manifest(model).getProperty("ticketflow.encoderPieces");
            assertThat(DocClassifier.load(model, 0.5).pieces()).as(name)
                    .isEqualTo(recorded == null ? SentenceEmbedder.UNRECORDED_PIECES : Integer.parseInt(recorded));
        }
    }

    /** The embedding model's distribution computed here, from the model file's parts and a vector of this many pieces. */
    private static double[] byHand(Path file, DocClassifier.Features f, int pieces) throws Exception {
        try (InputStream in = Files.newInputStream(file)) {
            WeightedDoccatFactory factory = (WeightedDoccatFactory) new DoccatModel(in).getFactory();
            FeatureWeights.Named named = factory.weights().named(f.features());
            WeightedDoccatFactory.Embedded e = factory.embedded();
            FeatureWeights.Named all = EmbeddingFeatures.append(named, SentenceEmbedder.of(SentenceEncoder.MINILM)
                    .embed(f.text(), pieces), e.weight());
            return e.model().eval(all.names(), all.values());
        }
    }

    private static double max(double[] p) {
        return java.util.Arrays.stream(p).max().orElseThrow();
    }

    private static Properties manifest(Path model) throws Exception {
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(model))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null;) {
                if (e.getName().equals("manifest.properties")) {
                    Properties p = new Properties();
                    p.load(in);
                    return p;
                }
            }
        }
        throw new AssertionError("no manifest in " + model);
    }

    /** A copy of a model file as written before the entry existed. */
    private static void withoutManifestEntry(Path from, Path to, String key) throws Exception {
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(from));
                ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(to))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null;) {
                out.putNextEntry(new ZipEntry(e.getName()));
                if (e.getName().equals("manifest.properties")) {
                    Properties p = new Properties();
                    p.load(in);
                    p.remove(key);
                    p.store(out, null);
                }
                else {
                    in.transferTo(out);
                }
                out.closeEntry();
            }
        }
    }
}
