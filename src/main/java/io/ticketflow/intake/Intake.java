package io.ticketflow.intake;

import io.ticketflow.store.RawRecord;
import io.ticketflow.store.Versioned;
import io.ticketflow.vocabulary.ProcessingOutcome;
import io.ticketflow.vocabulary.RawMessage;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.ExchangeHelper;
import org.springframework.stereotype.Component;

/**
 * Hands a raw message to {@code direct:intake} for the Java sources (pollers, import, replay), alone or as one of a
 * batch that walks the steps in phases ({@link #submit}).
 */
@Component
public class Intake {

    private final ProducerTemplate camel;
    private final ReliableIntake intake;
    /** The same for every batch: a batch decides in chunks the messages submitted with the same phases. */
    private final OrderedBatch.Phases<ReliableIntake.Kept> phases;

    public Intake(ProducerTemplate camel, ReliableIntake intake) {
        this.camel = camel;
        this.intake = intake;
        this.phases = new OrderedBatch.Phases<>() {
            @Override
            public List<ReliableIntake.Kept> decide(List<ReliableIntake.Kept> kept) {
                intake.decideAll(kept);
                return kept;
            }

            @Override
            public void together(List<ReliableIntake.Kept> decided) {
                intake.writeTogether(decided);
            }
        };
    }

    /** How the message ended; throws the intake's own failure (e.g. store unavailable), not Camel's wrapper. */
    public ProcessingOutcome process(RawMessage raw) {
        return process(raw, null);
    }

    /**
     * Submits a message of a batch to walk the steps in phases with the batch's other messages: its raw record is
     * kept at once, its deciding steps run on the deciding threads (a chunk of the batch per thread, step by step),
     * and its writing steps ({@code handOff}, given what was kept and decided, to pass to
     * {@link #process(RawMessage, ReliableIntake.Kept)}) run in lockstep with the rest of the batch's (each writing
     * step for all of them at once, {@link BatchWalk}), after the earlier messages of its conversation.
     *
     * @param admit runs first, before anything is stored; throws to refuse the message
     */
    public <T> CompletableFuture<T> submit(OrderedBatch<T> batch, RawMessage raw, Runnable admit,
            Function<ReliableIntake.Kept, T> handOff) {
        return submit(batch, ConversationKeys.of(raw), raw, admit, handOff);
    }

    /** {@link #submit} with the message's {@link ConversationKeys} read already (a poller reads them first). */
    public <T> CompletableFuture<T> submit(OrderedBatch<T> batch, Set<String> conversationKeys, RawMessage raw,
            Runnable admit, Function<ReliableIntake.Kept, T> handOff) {
        return batch.submitInPhases(conversationKeys, () -> {
            admit.run();
            return intake.keep(raw);
        }, phases, handOff);
    }

    /**
     * {@link #submit} for a message whose conversation has {@code earlier} mail of the same source still running in
     * an earlier batch: it enters this batch's phases once that mail has finished (nothing of it runs before, so it
     * is admitted and kept only then), together with the other messages entering them at that moment, and fails
     * without running if one of the earlier ones failed.
     */
    public <T> CompletableFuture<T> submitAfter(OrderedBatch<T> batch, List<? extends CompletableFuture<?>> earlier,
            RawMessage raw, Runnable admit, Function<ReliableIntake.Kept, T> handOff) {
        return submitAfter(batch, earlier, ConversationKeys.of(raw), raw, admit, handOff);
    }

    /** {@link #submitAfter} with the message's {@link ConversationKeys} read already. */
    public <T> CompletableFuture<T> submitAfter(OrderedBatch<T> batch, List<? extends CompletableFuture<?>> earlier,
            Set<String> conversationKeys, RawMessage raw, Runnable admit, Function<ReliableIntake.Kept, T> handOff) {
        Supplier<ReliableIntake.Kept> keep = () -> {
            admit.run();
            return intake.keep(raw);
        };
        return batch.submitInPhasesAfter(earlier, conversationKeys, keep, phases, handOff);
    }

    /**
     * {@link #submit} for a message whose raw record is stored already: {@code stored} gives it as now stored (a
     * replay reopens it there), and it is kept as it is instead of being stored again.
     */
    public <T> CompletableFuture<T> submitStored(OrderedBatch<T> batch, RawMessage raw,
            Supplier<Versioned<RawRecord>> stored, Function<ReliableIntake.Kept, T> handOff) {
        return inPhases(batch, raw, () -> intake.kept(raw, stored.get()), handOff);
    }

    /**
     * A message whose conversation has earlier work still running enters the phases (keep first) only once that
     * work has finished, so every message is kept (admitted, or its record read and for a replay reopened) before
     * it writes.
     */
    private <T> CompletableFuture<T> inPhases(OrderedBatch<T> batch, RawMessage raw, Supplier<ReliableIntake.Kept> keep,
            Function<ReliableIntake.Kept, T> handOff) {
        return batch.submitInPhases(ConversationKeys.of(raw), keep, phases, handOff);
    }

    /** {@link #process(RawMessage)} after the first phases of a batch ({@link #submit}); null: as if alone. */
    public ProcessingOutcome process(RawMessage raw, ReliableIntake.Kept kept) {
        try {
            if (kept == null) {
                return camel.requestBody(IntakeRoute.URI, raw, ProcessingOutcome.class);
            }
            // an exchange property, not a header: no source can set it from outside
            Exchange done = camel.request(IntakeRoute.URI, e -> {
                e.getMessage().setBody(raw);
                e.setProperty(IntakeRoute.KEPT, kept);
            });
            return (ProcessingOutcome) ExchangeHelper.extractResultBody(done, ExchangePattern.InOut);
        }
        catch (CamelExecutionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }
}
