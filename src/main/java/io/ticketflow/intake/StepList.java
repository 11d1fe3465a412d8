package io.ticketflow.intake;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.ticketflow.store.RawRecord;
import io.ticketflow.store.Versioned;
import io.ticketflow.vocabulary.CauseChain;
import io.ticketflow.vocabulary.ProcessingOutcome;
import io.ticketflow.vocabulary.RawMessage;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a message through the intake steps in their order (see {@link IntakeSteps} for the list). A step runs when it
 * {@link IntakeStep#appliesTo applies}; the message ends when a step sets its outcome. A step that throws fails the
 * attempt: the exception carries the step's name (as a suppressed {@link FailedStep}) so the quarantine says where it
 * failed. Each step's duration is a timer {@code ticketflow.intake.step} tagged with the step's name.
 */
public final class StepList {

    private final List<IntakeStep> steps;
    private final Map<String, Timer> timers = new LinkedHashMap<>();

    StepList(List<IntakeStep> steps, MeterRegistry meters) {
        this.steps = List.copyOf(steps);
        for (IntakeStep step : this.steps) {
            if (timers.containsKey(step.name())) {
                throw new IllegalArgumentException("two intake steps are named '" + step.name() + "'");
            }
            timers.put(step.name(), meters == null ? null : Timer.builder("ticketflow.intake.step")
                    .description("time a message spends in one intake step").tag("step", step.name()).register(meters));
        }
    }

    /** The step names in their order: what a message goes through. */
    public List<String> names() {
        return steps.stream().map(IntakeStep::name).toList();
    }

    List<IntakeStep> steps() {
        return steps;
    }

    /** Processes a message whose raw record is stored (or null: the first step stores it). */
    public ProcessingOutcome process(RawMessage raw, Versioned<RawRecord> record) {
        return process(raw, record, false);
    }

    /** @param fresh the record was just created with this attempt counted: no earlier attempt wrote anything */
    ProcessingOutcome process(RawMessage raw, Versioned<RawRecord> record, boolean fresh) {
        MessageInProgress message = new MessageInProgress(raw, record);
        message.fresh = fresh;
        return run(message).outcome;
    }

    /**
     * The deciding phase of a batch's walk, for a chunk of the batch on one deciding thread: each message runs its
     * steps up to the first that applies and reads or writes the store ({@link IntakeStep.Phase}); {@link #run} goes
     * on from there. For most mail that is parse, screen, classify, read alert and route; a message that is settled
     * early (machine mail, an agent's mail, a chat edit) stops at the step that keeps it. The messages walk those
     * steps together, step by step, each step applied to all of them that it applies to at once
     * ({@link IntakeStep#applyAll}). If a step's applyAll throws, it is applied to each of them one by one, so a
     * failing message fails alone.
     *
     * @return the messages whose deciding failed, with what their step threw; the others decided
     */
    Map<MessageInProgress, Throwable> decideAll(List<MessageInProgress> messages) {
        Map<MessageInProgress, Throwable> failed = new IdentityHashMap<>();
        List<MessageInProgress> walking = new ArrayList<>(messages);
        for (int i = 0; i < steps.size() && !walking.isEmpty(); i++) {
            IntakeStep step = steps.get(i);
            List<MessageInProgress> here = new ArrayList<>();
            for (Iterator<MessageInProgress> it = walking.iterator(); it.hasNext();) {
                MessageInProgress message = it.next();
                if (message.ended()) {
                    it.remove();
                }
                else if (message.next <= i) {
                    if (!step.appliesTo(message)) {
                        message.next = i + 1;
                    }
                    else if (step.phase() != IntakeStep.Phase.DECIDE) {
                        message.next = i;
                        it.remove();
                    }
                    else {
                        here.add(message);
                    }
                }
            }
            if (!here.isEmpty()) {
                applyAll(step, here, failed);
                int after = i + 1;
                here.forEach(m -> m.next = after);
                walking.removeAll(failed.keySet());
            }
        }
        return failed;
    }

    private void applyAll(IntakeStep step, List<MessageInProgress> messages, Map<MessageInProgress, Throwable> failed) {
        long started = System.nanoTime();
        try {
            step.applyAll(List.copyOf(messages));
        }
        catch (RuntimeException | StackOverflowError together) {
            for (MessageInProgress message : messages) {
                try {
                    step.apply(message);
                }
                catch (RuntimeException | StackOverflowError e) {
                    e.addSuppressed(new FailedStep(step.name()));
                    failed.put(message, e);
                }
            }
        }
        finally {
            Timer timer = timers.get(step.name());
            if (timer != null) {
                long each = (System.nanoTime() - started) / messages.size();
                messages.forEach(m -> timer.record(each, TimeUnit.NANOSECONDS));
            }
        }
    }

    /**
     * Runs the message's remaining steps (all of them, unless {@link #decideAll} ran first) until one ends it; a message
     * of a batch's walk ({@link BatchWalk}) runs each writing step together with the batch, and leaves the walk when
     * it ends or fails.
     */
    MessageInProgress run(MessageInProgress message) {
        try {
            walk(message);
        }
        finally {
            if (message.walk != null) {
                message.walk.leave(message);
            }
        }
        if (!message.ended()) {
            throw new IllegalStateException("no intake step decided how raw message " + message.raw.id() + " ends; steps "
                    + names());
        }
        return message;
    }

    private void walk(MessageInProgress message) {
        for (; message.next < steps.size() && !message.ended(); message.next++) {
            IntakeStep step = steps.get(message.next);
            if (!step.appliesTo(message)) {
                continue;
            }
            if (message.walk != null && step.phase() != IntakeStep.Phase.DECIDE) {
                message.walk.arrive(message, message.next);
            }
            long started = System.nanoTime();
            try {
                step.apply(message);
            }
            catch (RuntimeException | StackOverflowError e) {
                e.addSuppressed(new FailedStep(step.name()));
                throw e;
            }
            finally {
                Timer timer = timers.get(step.name());
                if (timer != null) {
                    timer.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
                }
            }
        }
    }

    /**
     * Marks an exception with the step it escaped from. Carries no stack trace: it is a label, not a second failure.
     */
    static final class FailedStep extends RuntimeException {

        private final String step;

        FailedStep(String step) {
            super("failed in intake step '" + step + "'", null, false, false);
            this.step = step;
        }

        String step() {
            return step;
        }

        /** The step a failure escaped from, or null when it did not come from a step. */
        static String of(Throwable error) {
            for (Throwable t : CauseChain.of(error)) {
                for (Throwable s : t.getSuppressed()) {
                    if (s instanceof FailedStep f) {
                        return f.step;
                    }
                }
            }
            return null;
        }
    }
}
