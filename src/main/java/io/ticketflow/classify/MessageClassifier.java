package io.ticketflow.classify;

import io.ticketflow.vocabulary.Classification;
import io.ticketflow.vocabulary.ParsedMessage;
import io.ticketflow.vocabulary.Prediction;
import java.nio.file.Path;
import java.util.Map;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The classify stage: language and every trained classifier's label with its confidence, for one message. Reads the
 * subject and the new content (what the customer wrote now, without quoted history). Thread-safe.
 */
@Component
public class MessageClassifier {

    private final LanguageDetection languages;
    private final ClassifierRegistry registry;
    private final java.util.concurrent.atomic.LongAdder classified = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder embedded = new java.util.concurrent.atomic.LongAdder();
    /** {@code ticketflow.classify.embed-below} for every model; NaN: each model's own. */
    private final double embedBelow;

    @Autowired
    public MessageClassifier(ClassifyProperties properties) {
        this(new LanguageDetection(properties.minLanguageLetters()),
                new ClassifierRegistry(Path.of(properties.directory()), properties.reloadCheck()),
                properties.embedBelow() == null ? Double.NaN : properties.embedBelow());
    }

    /** Each model embeds below its own trained embed-below. */
    public MessageClassifier(LanguageDetection languages, ClassifierRegistry registry) {
        this(languages, registry, Double.NaN);
    }

    /** embedBelow: the cascade's setting for every model (0 never embeds, 1 always); NaN: each model's own. */
    public MessageClassifier(LanguageDetection languages, ClassifierRegistry registry, double embedBelow) {
        this.languages = languages;
        this.registry = registry;
        this.embedBelow = embedBelow;
    }

    public Classification classify(ParsedMessage message) {
        return classify(message.subject(), bodyOf(message));
    }

    public Classification classify(String subject, String body) {
        ClassifierSet classifiers = registry.classifierSet();
        // one feature extraction and one lookup per feature for all classifiers (ClassifierSet)
        Map<String, Prediction> predictions = classifiers.isEmpty() ? Map.of()
                : classifiers.predict(textOf(subject, body), embedded::increment, embedBelow);
        classified.increment();
        return new Classification(language(subject, body), predictions);
    }

    /** What the labels are read from: the new content, or the whole text when the mail has none of its own. */
    private static String bodyOf(ParsedMessage message) {
        return message.newContent() == null || message.newContent().isBlank() ? message.text() : message.newContent();
    }

    /** The language of the body, or of the subject when the body is empty. */
    private String language(String subject, String body) {
        return languages.detect(body == null || body.isBlank() ? subject : body);
    }

    /**
     * The same labels in two stages, for a caller that may not need the sentence embedding's answer: every model's
     * sparse answer now ({@link Staged#sparse}), the cascade's full answer, exactly what {@link #classify(ParsedMessage)}
     * gives, when {@link Staged#refined} is asked (the embedding computed then, once, if some model is unsure).
     */
    public Staged classifyStaged(ParsedMessage message) {
        String body = bodyOf(message);
        ClassifierSet classifiers = registry.classifierSet();
        String language = language(message.subject(), body);
        classified.increment();
        if (classifiers.isEmpty()) {
            return new Staged(language, null);
        }
        return new Staged(language, classifiers.predictStaged(textOf(message.subject(), body), embedded::increment,
                embedBelow));
    }

    /** One message's labels in the cascade's two stages. Used by one thread at a time. */
    public static final class Staged {
        private final Classification sparse;
        private final ClassifierSet.Staged stages;
        private final java.util.Set<String> unsure;
        private Classification refined;

        private Staged(String language, ClassifierSet.Staged stages) {
            this.stages = stages;
            this.sparse = new Classification(language, stages == null ? Map.of() : stages.sparse());
            this.unsure = stages == null ? java.util.Set.of() : java.util.Set.copyOf(stages.unsure());
            this.refined = unsure.isEmpty() ? sparse : null;
        }

        /** The labels with each unsure model's sparse answer. */
        public Classification sparse() {
            return sparse;
        }

        /** The classifiers whose label the embedding may change (empty: {@link #sparse} is the cascade's answer). */
        public java.util.Set<String> unsure() {
            return unsure;
        }

        /** The cascade's labels: the embedding is computed by the first call, if some model is unsure. */
        public Classification refined() {
            if (refined == null) {
                refined = new Classification(sparse.language(), stages.refined());
            }
            return refined;
        }
    }

    /** The text the classifiers are trained and run on: subject and body. */
    public static String textOf(String subject, String body) {
        return (subject == null ? "" : subject) + "\n" + (body == null ? "" : body);
    }

    /**
     * Messages classified and how many of them needed the sentence embedding (a model unsure of its sparse answer): the
     * embedding is most of the stage's cost where it runs.
     */
    public EmbeddingUse embeddingUse() {
        return new EmbeddingUse(classified.sum(), embedded.sum());
    }

    public record EmbeddingUse(long messages, long embedded) {
    }

    /** The share embedded since the start, in the log at shutdown (the e2e benchmark reads it from there). */
    @jakarta.annotation.PreDestroy
    void logEmbeddingUse() {
        EmbeddingUse use = embeddingUse();
        if (use.messages() > 0) {
            org.slf4j.LoggerFactory.getLogger(MessageClassifier.class).info(
                    "Classified {} messages, the sentence embedding computed for {} ({} %)", use.messages(),
                    use.embedded(), String.format(java.util.Locale.ROOT, "%.1f", 100.0 * use.embedded() / use.messages()));
        }
    }

    public ClassifierRegistry registry() {
        return registry;
    }
}
