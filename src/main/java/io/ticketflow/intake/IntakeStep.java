package io.ticketflow.intake;

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
}
