package io.ticketflow.intake;

import io.ticketflow.vocabulary.ProcessingOutcome.Outcome;

/**
 * {@code keep machine mail} and {@code keep refused}: a message that gets no ticket of its own (machine mail, or
 * refused by a routing rule) is kept visible with its verdict, attached to the ticket it is about where there is
 * one, and is settled as screened: no later step but {@code record outcome} runs for it.
 */
final class KeepScreened implements IntakeStep {

    private final String name;
    private final ScreenedMail screenedMail;

    KeepScreened(String name, ScreenedMail screenedMail) {
        this.name = name;
        this.screenedMail = screenedMail;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean appliesTo(MessageInProgress m) {
        return m.settled == null && !m.verdict.isHuman();
    }

    @Override
    public void apply(MessageInProgress m) {
        ScreenedMail.Kept kept = screenedMail.keep(m.raw, m.parsed, m.verdict);
        m.ticketNumber = kept.ticket();
        m.reason.append(kept.reason());
        m.settled = Outcome.SCREENED;
    }
}
