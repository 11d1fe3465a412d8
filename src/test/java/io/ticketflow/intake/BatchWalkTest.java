package io.ticketflow.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.ticketflow.vocabulary.ProcessingOutcome;
import io.ticketflow.vocabulary.ProcessingOutcome.Outcome;
import io.ticketflow.vocabulary.RawMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A batch's walk through the steps without Elasticsearch: the deciding phase walks a chunk step by step with one
 * applyAll per step, and the writing phase runs each writing step for all the batch's messages before any of them
 * starts the next one, with messages that end early or fail dropping out instead of holding the others.
 */
class BatchWalkTest {

    private static final Duration LONG = Duration.ofSeconds(30);

    private final ExecutorService workers = Executors.newFixedThreadPool(16);
    private final List<String> events = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void stop() {
        workers.shutdownNow();
    }

    @Test
    void theDecidingPhaseAppliesEachStepToTheWholeChunkAtOnceAndAFailingMessageFailsAlone() {
        List<Integer> chunks = Collections.synchronizedList(new ArrayList<>());
        IntakeStep classify = new IntakeStep() {
            @Override
            public String name() {
                return "classify";
            }

            @Override
            public Phase phase() {
                return Phase.DECIDE;
            }

            @Override
            public void apply(MessageInProgress message) {
                if (message.raw.mailbox().equals("bad")) {
                    throw new IllegalArgumentException("unreadable");
                }
                events.add("classify " + message.raw.mailbox());
            }

            @Override
            public void applyAll(List<MessageInProgress> messages) {
                chunks.add(messages.size());
                messages.forEach(this::apply);
            }
        };
        StepList list = new StepList(List.of(step("parse", IntakeStep.Phase.DECIDE, m -> { }, m -> true), classify,
                step("screened", IntakeStep.Phase.WRITE, m -> { }, m -> m.raw.mailbox().startsWith("machine")),
                step("route", IntakeStep.Phase.DECIDE, m -> { }, m -> true),
                step("record outcome", IntakeStep.Phase.WRITE, BatchWalkTest::end, m -> true)), null);
        List<MessageInProgress> chunk = List.of(message("a"), message("machine"), message("bad"), message("b"));

        Map<MessageInProgress, Throwable> failed = list.decideAll(chunk);

        assertThat(failed).containsOnlyKeys(chunk.get(2));
        assertThat(StepList.FailedStep.of(failed.get(chunk.get(2)))).isEqualTo("classify");
        assertThat(chunks).as("one applyAll for the chunk").containsExactly(4);
        assertThat(events).filteredOn(e -> e.startsWith("classify"))
                .as("then one by one, the failing message alone").containsExactly("classify a",
                "classify machine", "classify a", "classify machine", "classify b");
        assertThat(chunk.get(0).next).as("a person's mail decides up to record outcome").isEqualTo(4);
        assertThat(chunk.get(1).next).as("machine mail stops where it is kept").isEqualTo(2);
        assertThat(chunk.get(3).next).isEqualTo(4);
    }

    @Test
    void eachWritingStepRunsForTheWholeBatchBeforeAnyMessageStartsTheNext() {
        int count = 8;
        StepList list = new StepList(List.of(step("parse", IntakeStep.Phase.DECIDE, m -> { }, m -> true),
                step("find ticket", IntakeStep.Phase.WRITE, m -> slowerForEarlier(m, count), m -> true),
                // the machine mail settles early and skips the next two steps: it waits at record outcome
                step("keep machine mail", IntakeStep.Phase.WRITE, m -> m.settled = Outcome.SCREENED,
                        m -> m.raw.mailbox().equals("m3")),
                step("write message", IntakeStep.Phase.WRITE, m -> { }, m -> m.settled == null),
                step("write ticket", IntakeStep.Phase.WRITE, m -> { }, m -> m.settled == null),
                step("record outcome", IntakeStep.Phase.WRITE, BatchWalkTest::end, m -> true)), null);
        List<MessageInProgress> batch = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            batch.add(message("m" + i));
        }
        assertThat(list.decideAll(batch)).isEmpty();
        BatchWalk walk = new BatchWalk(batch, list.steps().size(), LONG);

        List<CompletableFuture<MessageInProgress>> done = batch.stream()
                .map(m -> CompletableFuture.supplyAsync(() -> list.run(m), workers)).toList();
        done.forEach(CompletableFuture::join);

        List<String> order = steps();
        assertThat(order).as("each step for all messages that apply, in step order: " + events)
                .containsExactly("parse", "find ticket", "keep machine mail", "write message", "write ticket", "record outcome");
        assertThat(events).filteredOn(e -> e.startsWith("write message")).hasSize(count - 1);
        assertThat(events).filteredOn(e -> e.startsWith("record outcome")).hasSize(count);
        assertThat(walk.size()).as("every message left the walk").isZero();
    }

    @Test
    void aMessageThatFailsOrNeverBeginsWritingDropsOutAndTheOthersGoOn() {
        StepList list = new StepList(List.of(step("parse", IntakeStep.Phase.DECIDE, m -> { }, m -> true),
                step("find ticket", IntakeStep.Phase.WRITE, m -> {
                    if (m.raw.mailbox().equals("broken")) {
                        throw new IllegalStateException("conflict");
                    }
                }, m -> true),
                step("write ticket", IntakeStep.Phase.WRITE, m -> { }, m -> true),
                step("record outcome", IntakeStep.Phase.WRITE, BatchWalkTest::end, m -> true)), null);
        List<MessageInProgress> batch = List.of(message("a"), message("broken"), message("never"), message("b"));
        list.decideAll(batch);
        // a short patience: "never" is released to write but its worker never comes
        BatchWalk walk = new BatchWalk(batch, list.steps().size(), Duration.ofMillis(50));

        CompletableFuture<MessageInProgress> a = CompletableFuture.supplyAsync(() -> list.run(batch.get(0)), workers);
        CompletableFuture<MessageInProgress> broken = CompletableFuture.supplyAsync(() -> list.run(batch.get(1)), workers);
        CompletableFuture<MessageInProgress> b = CompletableFuture.supplyAsync(() -> list.run(batch.get(3)), workers);

        assertThat(a.join().outcome).isNotNull();
        assertThat(b.join().outcome).isNotNull();
        assertThat(broken).isCompletedExceptionally();
        assertThat(walk.size()).isZero();
        // the late one walks alone when it comes
        assertThat(list.run(batch.get(2)).outcome).isNotNull();
    }

    /** The earlier a message, the longer its first writing step: without lockstep the later ones would run ahead. */
    private void slowerForEarlier(MessageInProgress m, int count) {
        int n = Integer.parseInt(m.raw.mailbox().substring(1));
        try {
            Thread.sleep((count - n) * 5L);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The steps in the order their first message ran them (each step once). */
    private List<String> steps() {
        List<String> order = new ArrayList<>();
        synchronized (events) {
            for (String event : events) {
                String step = event.substring(0, event.lastIndexOf(' '));
                if (order.isEmpty() || !order.get(order.size() - 1).equals(step)) {
                    order.add(step);
                }
            }
        }
        return order;
    }

    private static void end(MessageInProgress m) {
        m.outcome = new ProcessingOutcome(Outcome.SCREENED, null, "test", m.raw.id(), null, null, null, null, null);
    }

    private static MessageInProgress message(String subject) {
        MessageInProgress m = new MessageInProgress(RawMessage.of(("From: ann@example.com\r\nSubject: " + subject
                + "\r\n\r\nhello").getBytes(StandardCharsets.UTF_8), "api", subject), null);
        m.fresh = true;
        return m;
    }

    private IntakeStep step(String name, IntakeStep.Phase phase, Consumer<MessageInProgress> action,
            Predicate<MessageInProgress> applies) {
        return new TestStep(name, phase, applies, message -> {
            action.accept(message);
            events.add(name + " " + message.raw.mailbox());
        });
    }
}
