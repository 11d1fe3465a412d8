package io.ticketflow.intake;

import java.util.function.Consumer;
import java.util.function.Predicate;

/** An intake step made for a test: its name, its phase, when it applies and what it does. */
record TestStep(String name, Phase phase, Predicate<MessageInProgress> applies, Consumer<MessageInProgress> action)
        implements IntakeStep {

    @Override
    public boolean appliesTo(MessageInProgress message) {
        return applies.test(message);
    }

    @Override
    public void apply(MessageInProgress message) {
        action.accept(message);
    }
}
