package io.ticketflow.classify;

import static org.assertj.core.api.Assertions.assertThat;

import io.ticketflow.vocabulary.Classification;
import io.ticketflow.vocabulary.ParsedMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The cascade in two stages gives the same labels as in one: {@link MessageClassifier#classifyStaged}'s refined labels
 * are {@link MessageClassifier#classify}'s, its sparse labels differ only for the models it names unsure, and the
 * sentence embedding is computed only when the refined labels are asked for (once).
 */
class StagedClassificationTest {

    private static final Path SHIPPED = Path.of("classifiers");

    @Test
    void theRefinedLabelsAreTheCascadesAndOnlyAskingForThemEmbeds() {
        ClassifierRegistry registry = new ClassifierRegistry(SHIPPED, ChronoUnit.FOREVER.getDuration());
        List<String> texts = new ArrayList<>();
        for (String model : List.of("category", "type", "priority")) {
            TrainingData.read(SHIPPED.resolve(model + "/data.csv")).stream().limit(40).map(LabelledText::text)
                    .forEach(texts::add);
        }
        Path banking = Path.of(System.getProperty("ticketflow.corpora", "../shared/corpora"))
                .resolve("classification/banking77/train.csv");
        if (Files.exists(banking)) {
            List<LabelledText> all = TrainingData.read(banking);
            for (int i = 0; i < all.size(); i += 200) {
                texts.add(all.get(i).text());
            }
        }
        // generated mail: the starter models are unsure of most of it, so the test has unsure texts without the corpora
        io.ticketflow.bench.MailGenerator.generate(io.ticketflow.bench.MailGenerator.Options.of(5, 40)).stream()
                .map(m -> new io.ticketflow.parse.MessageParser().parse(io.ticketflow.vocabulary.RawMessage.of(m.bytes(),
                        "imap", "support")))
                .map(p -> p.newContent() == null || p.newContent().isBlank() ? p.subject() : p.newContent())
                .forEach(texts::add);
        MessageClassifier whole = new MessageClassifier(new LanguageDetection(20), registry);
        MessageClassifier staged = new MessageClassifier(new LanguageDetection(20), registry);
        int unsure = 0;
        for (String text : texts) {
            ParsedMessage parsed = new io.ticketflow.parse.MessageParser().parse(io.ticketflow.vocabulary.RawMessage.of(
                    ("From: a@example.com\r\nSubject: help\r\n\r\n" + text + "\r\n")
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8), "api", "test"));
            Classification expected = whole.classify(parsed);
            long before = staged.embeddingUse().embedded();
            MessageClassifier.Staged s = staged.classifyStaged(parsed);
            assertThat(staged.embeddingUse().embedded()).isEqualTo(before);
            assertThat(s.sparse().language()).isEqualTo(expected.language());
            expected.predictions().forEach((name, p) -> {
                if (!s.unsure().contains(name)) {
                    assertThat(s.sparse().prediction(name)).isEqualTo(p);
                }
            });
            assertThat(s.refined()).as(text).isEqualTo(expected);
            assertThat(s.refined()).isSameAs(s.refined());
            assertThat(staged.embeddingUse().embedded()).isEqualTo(before + (s.unsure().isEmpty() ? 0 : 1));
            unsure += s.unsure().isEmpty() ? 0 : 1;
        }
        // both kinds of text occurred, and the two classifiers embedded the same mails
        assertThat(unsure).isPositive().isLessThan(texts.size());
        assertThat(staged.embeddingUse()).isEqualTo(whole.embeddingUse());
    }
}
