package io.ticketflow.intake;

import io.ticketflow.classify.MessageClassifier;

/**
 * {@code classify}: language, category, type and priority, each with its confidence. A mail that says it answers
 * another one (In-Reply-To, References, Thread-Index) will most likely be appended to an existing ticket, which keeps
 * the labels of its first message: its labels are first the sparse models' ({@link MessageInProgress#labels}), and the
 * sentence embedding is computed only where an answer needs it ({@code route}: a refusal or tag that could depend on
 * it; {@code refine labels}: it opens a ticket after all). Every other mail gets the whole cascade here, as before.
 */
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
        if (!m.parsed.hasReplyHeaders()) {
            m.classification = classifier.classify(m.parsed);
            return;
        }
        MessageClassifier.Staged staged = classifier.classifyStaged(m.parsed);
        m.classification = staged.sparse();
        m.labels = staged.unsure().isEmpty() ? null : staged;
    }
}
