package io.ticketflow.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ticketflow.vocabulary.Classification;
import io.ticketflow.vocabulary.Prediction;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * {@code ticketflow.classify.embed-below}, the cascade's setting at run time: at 0 no mail is embedded and every model
 * answers with its sparse model, at 1 every mail is embedded and the models with embeddings answer with their
 * embedding model, unset each model keeps the value it was trained with.
 */
class EmbedBelowSettingTest {

    private static final Path SHIPPED = Path.of("classifiers");

    @Test
    void theSettingDecidesWhichModelAnswersAndHowManyMailsAreEmbedded() {
        ClassifierRegistry registry = new ClassifierRegistry(SHIPPED, ChronoUnit.FOREVER.getDuration());
        Map<String, DocClassifier> models = registry.classifiers();
        // the models' own training texts (they are sure of most) and, where the shared corpora are, texts unlike them
        List<String> texts = new java.util.ArrayList<>(TrainingData.read(SHIPPED.resolve("category/data.csv")).stream()
                .map(LabelledText::text).limit(60).toList());
        Path banking = Path.of(System.getProperty("ticketflow.corpora", "../shared/corpora"))
                .resolve("classification/banking77/train.csv");
        boolean unlike = java.nio.file.Files.exists(banking);
        if (unlike) {
            List<LabelledText> all = TrainingData.read(banking);
            for (int i = 0; i < all.size(); i += 250) {
                texts.add(all.get(i).text());
            }
        }
        MessageClassifier never = new MessageClassifier(new LanguageDetection(20), registry, 0);
        MessageClassifier always = new MessageClassifier(new LanguageDetection(20), registry, 1);
        MessageClassifier own = new MessageClassifier(new LanguageDetection(20), registry);
        int differ = 0;
        for (String text : texts) {
            DocClassifier.Features features = DocClassifier.Features.of(MessageClassifier.textOf("", text));
            Classification sparse = never.classify("", text);
            Classification embedded = always.classify("", text);
            Classification trained = own.classify("", text);
            for (Map.Entry<String, DocClassifier> m : models.entrySet()) {
                double[][] both = m.getValue().distributions(features);
                expect(sparse.predictions().get(m.getKey()), m.getValue(), both[0]);
                expect(embedded.predictions().get(m.getKey()), m.getValue(), both[1] == null ? both[0] : both[1]);
                assertThat(trained.predictions().get(m.getKey())).isEqualTo(m.getValue().predict(features));
                differ += both[1] != null && !sparse.predictions().get(m.getKey()).equals(
                        embedded.predictions().get(m.getKey())) ? 1 : 0;
            }
        }
        // the two ends really are different models for some texts, so the comparison above tells them apart
        assertThat(differ).isPositive();
        assertThat(never.embeddingUse()).isEqualTo(new MessageClassifier.EmbeddingUse(texts.size(), 0));
        assertThat(always.embeddingUse()).isEqualTo(new MessageClassifier.EmbeddingUse(texts.size(), texts.size()));
        assertThat(own.embeddingUse().embedded()).isBetween(unlike ? 1L : 0L, texts.size() - 1L);
    }

    @Test
    void theSettingBindsFromTheConfigurationAndIsCheckedThere() {
        Binder set = new Binder(new MapConfigurationPropertySource(Map.of("ticketflow.classify.embed-below", "0.5")));
        assertThat(set.bind("ticketflow.classify", ClassifyProperties.class).get().embedBelow()).isEqualTo(0.5);
        Binder unset = new Binder(new MapConfigurationPropertySource(Map.of("ticketflow.classify.directory", "x")));
        ClassifyProperties properties = unset.bind("ticketflow.classify", ClassifyProperties.class).get();
        assertThat(properties.embedBelow()).isNull();
        assertThat(properties.directory()).isEqualTo("x");
        Binder wrong = new Binder(new MapConfigurationPropertySource(Map.of("ticketflow.classify.embed-below", "1.5")));
        assertThatThrownBy(() -> wrong.bind("ticketflow.classify", ClassifyProperties.class))
                .hasStackTraceContaining("embed-below must be between 0 and 1");
    }

    private static void expect(Prediction got, DocClassifier model, double[] distribution) {
        int best = 0;
        for (int i = 1; i < distribution.length; i++) {
            best = distribution[i] > distribution[best] ? i : best;
        }
        assertThat(got.label()).isEqualTo(model.label(best));
        assertThat(got.confidence()).isEqualTo(distribution[best]);
    }
}
