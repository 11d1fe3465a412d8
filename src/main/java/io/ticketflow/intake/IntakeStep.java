package io.ticketflow.intake;

import java.util.List;

/**
 * One named step of a message's way from its raw bytes to its outcome (the list is in {@link IntakeSteps}). A step
 * does one thing with one to three collaborators: it reads what earlier steps decided, adds its own decision, and may
 * end the message by setting the outcome. A step that throws fails the attempt: {@link ReliableIntake} decides whether
 * that means a retry, a quarantine or (for a store outage) leaving the message with its source.
 */
interface IntakeStep {

    /** The step's name in the step list, the events and the metrics, e.g. {@code parse}. */
    String name();

    /**
     * False when the step has nothing to do for this message (it is skipped, not run). By default a step decides or
     * writes something about the message, which is over once a step settled how the message ends.
     */
    default boolean appliesTo(MessageInProgress message) {
        return message.settled == null;
    }

    void apply(MessageInProgress message);

    /**
     * Applies the step to several messages of one batch, each of which it appliesTo; same result per message as
     * apply. The deciding phase calls it with a chunk of the batch per deciding thread (a step that can do the work
     * for many messages at once, e.g. one model call for all, overrides it); if it throws, each message of the chunk
     * is applied one by one, so a failing mail fails alone.
     */
    default void applyAll(List<MessageInProgress> messages) {
        messages.forEach(this::apply);
    }

    /**
     * Which phase of a batch's walk the step belongs to ({@link StepList#decideAll}). {@link Phase#DECIDE} only for a
     * step that neither writes nor reads the store (what it decides depends on the message and the configuration
     * alone), so it can run for a whole batch before any of the batch's writes; every other step is
     * {@link Phase#WRITE}.
     */
    default Phase phase() {
        return Phase.WRITE;
    }

    /** The phases of a batch's walk through the steps (docs/architecture.md, "The steps"). */
    enum Phase {
        /** Decides from the message and the configuration only: runs for every message of a batch first. */
        DECIDE,
        /** Reads or writes the store: runs after the batch's deciding, for all its messages at once. */
        WRITE
    }
}
