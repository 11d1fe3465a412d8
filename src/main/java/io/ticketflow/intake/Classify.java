package io.ticketflow.intake;

import io.ticketflow.classify.MessageClassifier;

/** {@code classify}: language, category, type and priority, each with its confidence. */
final class Classify implements IntakeStep {

    private final MessageClassifier classifier;

    Classify(MessageClassifier classifier) {
        this.classifier = classifier;
    }

    @Override
    public String name() {
        return "classify";
    }

    @Override
    public Phase phase() {
        return Phase.DECIDE;
    }

    @Override
    public void apply(MessageInProgress m) {
        m.classification = classifier.classify(m.parsed);
    }
}
