package io.ticketflow.vocabulary;

import java.util.Map;

/**
 * What the classifiers say about one message.
 *
 * @param language    ISO 639-3 code ({@code eng}, {@code deu} ...), {@code und} when the text is too short to tell
 * @param predictions classifier name to its prediction; a classifier without a trained model is absent
 */
public record Classification(String language, Map<String, Prediction> predictions) {

    public static final String UNDETERMINED = "und";

    public Classification {
        language = language == null ? UNDETERMINED : language;
        predictions = predictions == null ? Map.of() : Map.copyOf(predictions);
    }

    public Prediction prediction(String classifier) {
        return predictions.get(classifier);
    }

    public Prediction category() {
        return predictions.get("category");
    }

    public Prediction type() {
        return predictions.get("type");
    }

    public Prediction priority() {
        return predictions.get("priority");
    }

    /** The label of a classifier, or null when it has no model or was not sure enough. */
    public String confidentLabel(String classifier) {
        Prediction p = predictions.get(classifier);
        return p == null || p.belowThreshold() ? null : p.label();
    }

    /** Some classifier was below its confidence threshold: a person should check the fields. */
    public boolean needsReview() {
        return predictions.values().stream().anyMatch(Prediction::belowThreshold);
    }
}
