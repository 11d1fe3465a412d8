package io.ticketflow.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The batcher alone, with a sender whose answers the test controls: who travels together, who gets what. */
class MicroBatcherTest {

    /** Every batch the sender was given, and the answer it still owes for each. */
    private final List<List<Integer>> sent = new CopyOnWriteArrayList<>();
    private final List<CompletableFuture<List<String>>> owed = new CopyOnWriteArrayList<>();
    private final ExecutorService answering = Executors.newSingleThreadExecutor();
    private final List<MicroBatcher<Integer, String>> opened = new ArrayList<>();

    @AfterEach
    void close() {
        opened.forEach(MicroBatcher::close);
        answering.shutdownNow();
    }

    private MicroBatcher<Integer, String> batcher(int maxItems, int maxBytes, int maxInFlight, Duration linger) {
        MicroBatcher<Integer, String> batcher = new MicroBatcher<>("test-batcher", maxItems, maxBytes, maxInFlight,
                linger, weight -> weight, this::holdOn);
        opened.add(batcher);
        return batcher;
    }

    private MicroBatcher<Integer, String> companyBatcher(int maxItems, int maxInFlight, Duration companyWait) {
        MicroBatcher<Integer, String> batcher = new MicroBatcher<>("company-batcher", maxItems, 1_000, maxInFlight,
                Duration.ZERO, companyWait, Duration.ZERO, Duration.ZERO, weight -> weight, this::holdOn);
        opened.add(batcher);
        return batcher;
    }

    private MicroBatcher<Integer, String> stepBatcher(Duration stepWait) {
        return stepBatcher(stepWait, stepWait.multipliedBy(10));
    }

    private MicroBatcher<Integer, String> stepBatcher(Duration stepWait, Duration stepHold) {
        MicroBatcher<Integer, String> batcher = new MicroBatcher<>("step-batcher", 100, 1_000, 2, Duration.ZERO,
                Duration.ofMillis(1), stepWait, stepHold, weight -> weight, this::holdOn);
        opened.add(batcher);
        return batcher;
    }

    private static RequestWindow window(int members) {
        RequestWindow window = new RequestWindow();
        for (int i = 0; i < members; i++) {
            window.add();
        }
        return window;
    }

    /** A sender that answers only when the test says so. */
    private CompletionStage<List<String>> holdOn(List<Integer> batch) {
        CompletableFuture<List<String>> answer = new CompletableFuture<>();
        sent.add(batch);
        owed.add(answer);
        return answer;
    }

    /** Answers the n-th batch from another thread, each request with "answer to <request>". */
    private void answer(int n) {
        List<String> answers = sent.get(n).stream().map(r -> "answer to " + r).toList();
        answering.execute(() -> owed.get(n).complete(answers));
    }

    private void awaitBatches(int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (sent.size() < n && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(sent).as("batches sent").hasSize(n);
    }

    @Test
    void requestsArrivingWhileEveryPermitIsOutTravelTogetherAndEachCallerGetsItsOwnAnswer() throws Exception {
        MicroBatcher<Integer, String> batcher = batcher(100, 1_000, 1, Duration.ZERO);
        CompletableFuture<String> first = batcher.submit(1);
        awaitBatches(1);
        List<CompletableFuture<String>> gathered = new ArrayList<>();
        for (int i = 2; i <= 6; i++) {
            gathered.add(batcher.submit(i));
        }

        answer(0);
        assertThat(MicroBatcher.await(first)).isEqualTo("answer to 1");
        awaitBatches(2);
        assertThat(sent.get(1)).containsExactly(2, 3, 4, 5, 6);
        answer(1);
        for (int i = 0; i < gathered.size(); i++) {
            assertThat(MicroBatcher.await(gathered.get(i))).isEqualTo("answer to " + (i + 2));
        }
    }

    @Test
    void aBatchStopsAtItsItemAndWeightLimitsAndAHeavierRequestGoesAlone() throws Exception {
        MicroBatcher<Integer, String> batcher = batcher(3, 10, 1, Duration.ZERO);
        CompletableFuture<String> blocker = batcher.submit(1);
        awaitBatches(1);
        List<CompletableFuture<String>> all = new ArrayList<>();
        for (int weight : new int[] {1, 1, 1, 1, 4, 4, 4, 50, 2}) {
            all.add(batcher.submit(weight));
        }
        for (int n = 0; n < 5; n++) {
            answer(n);
            awaitBatches(n + 2);
        }
        answer(5);
        assertThat(sent.subList(1, 6)).containsExactly(List.of(1, 1, 1), List.of(1, 4, 4), List.of(4), List.of(50),
                List.of(2));
        assertThat(MicroBatcher.await(blocker)).isEqualTo("answer to 1");
        assertThat(MicroBatcher.await(all.get(7))).isEqualTo("answer to 50");
    }

    @Test
    void aFailedBatchFailsItsOwnCallersWithTheSenderError() throws Exception {
        MicroBatcher<Integer, String> batcher = batcher(100, 1_000, 1, Duration.ZERO);
        CompletableFuture<String> ok = batcher.submit(1);
        awaitBatches(1);
        CompletableFuture<String> a = batcher.submit(2);
        CompletableFuture<String> b = batcher.submit(3);
        answer(0);
        awaitBatches(2);
        owed.get(1).completeExceptionally(new IOException("connection refused"));

        assertThat(MicroBatcher.await(ok)).isEqualTo("answer to 1");
        assertThatThrownBy(() -> MicroBatcher.await(a)).isInstanceOf(IOException.class).hasMessage("connection refused");
        assertThatThrownBy(() -> MicroBatcher.await(b)).isInstanceOf(IOException.class).hasMessage("connection refused");
        // the permit came back: the next request still goes
        CompletableFuture<String> after = batcher.submit(4);
        awaitBatches(3);
        answer(2);
        assertThat(MicroBatcher.await(after)).isEqualTo("answer to 4");
    }

    @Test
    void anAnswerListOfTheWrongLengthFailsTheWholeBatch() throws Exception {
        MicroBatcher<Integer, String> batcher = batcher(100, 1_000, 1, Duration.ZERO);
        CompletableFuture<String> only = batcher.submit(1);
        awaitBatches(1);
        owed.get(0).complete(List.of("one", "too many"));

        assertThatThrownBy(() -> MicroBatcher.await(only)).isInstanceOf(IOException.class)
                .hasMessageContaining("2 answers for 1 requests");
    }

    @Test
    void aCallerThatHasItsAnswerAlreadySeesItsBatchCounted() throws Exception {
        MicroBatcher<Integer, String> batcher = batcher(100, 1_000, 1, Duration.ZERO);
        for (int round = 1; round <= 50; round++) {
            CompletableFuture<String> answer = batcher.submit(round);
            awaitBatches(round);
            answer(round - 1);
            MicroBatcher.await(answer);
            assertThat(batcher.items()).as("requests counted after round %d", round).isEqualTo(round);
            assertThat(batcher.batches()).isEqualTo(round);
        }
        assertThat(batcher.nanos()).isPositive();
    }

    @Test
    void aLingeringBatchWaitsForLaterRequestsUpToItsLimit() throws Exception {
        MicroBatcher<Integer, String> batcher = batcher(4, 1_000, 8, Duration.ofSeconds(5));
        List<CompletableFuture<String>> answers = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            answers.add(batcher.submit(i));
            Thread.sleep(20);
        }
        awaitBatches(1);
        assertThat(sent.get(0)).as("held until full, though permits were free").containsExactly(1, 2, 3, 4);
        answer(0);
        assertThat(MicroBatcher.await(answers.get(3))).isEqualTo("answer to 4");
    }

    @Test
    void withoutLingerAndWithAFreePermitARequestGoesAtOnce() throws Exception {
        MicroBatcher<Integer, String> batcher = batcher(100, 1_000, 8, Duration.ZERO);
        batcher.submit(1);
        awaitBatches(1);
        batcher.submit(2);
        awaitBatches(2);
        assertThat(sent).containsExactly(List.of(1), List.of(2));
    }

    @Test
    void withACompanyWaitAnIdleBatcherStillSendsARequestAtOnce() throws Exception {
        // an hour's wait would fail awaitBatches: nothing else is in flight, so nothing waits
        MicroBatcher<Integer, String> batcher = companyBatcher(100, 4, Duration.ofHours(1));
        CompletableFuture<String> first = batcher.submit(1);
        awaitBatches(1);
        answer(0);
        assertThat(MicroBatcher.await(first)).isEqualTo("answer to 1");
        batcher.submit(2);
        awaitBatches(2);
        assertThat(sent).containsExactly(List.of(1), List.of(2));
    }

    @Test
    void whileAnotherBatchIsInFlightANotFullBatchWaitsForCompanyUntilFull() throws Exception {
        MicroBatcher<Integer, String> batcher = companyBatcher(3, 4, Duration.ofHours(1));
        batcher.submit(1);
        awaitBatches(1);
        // batch 0 is out: the next request waits for company though permits are free
        List<CompletableFuture<String>> company = new ArrayList<>();
        for (int i = 2; i <= 4; i++) {
            company.add(batcher.submit(i));
            Thread.sleep(20);
            if (i < 4) {
                assertThat(sent).as("still waiting for company after %d", i).hasSize(1);
            }
        }
        awaitBatches(2);
        assertThat(sent.get(1)).as("sent when full").containsExactly(2, 3, 4);
        answer(1);
        assertThat(MicroBatcher.await(company.get(2))).isEqualTo("answer to 4");
    }

    @Test
    void aBatchWaitingForCompanyGoesAsSoonAsTheBatchInFlightIsAnswered() throws Exception {
        MicroBatcher<Integer, String> batcher = companyBatcher(100, 4, Duration.ofHours(1));
        batcher.submit(1);
        awaitBatches(1);
        CompletableFuture<String> waiting = batcher.submit(2);
        Thread.sleep(50);
        assertThat(sent).as("waits while batch 0 is in flight").hasSize(1);

        answer(0);
        awaitBatches(2);
        assertThat(sent.get(1)).containsExactly(2);
        answer(1);
        assertThat(MicroBatcher.await(waiting)).isEqualTo("answer to 2");
    }

    @Test
    void theCompanyWaitIsBoundedBySettings() {
        assertThatThrownBy(() -> new ElasticsearchProperties.Batching(null, null, null, null, null,
                Duration.ofMillis(21), null, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("company-wait");
        assertThat(new ElasticsearchProperties.Batching(null, null, null, null, null, null, null, null).companyWait())
                .isEqualTo(Duration.ofMillis(1));
        assertThatThrownBy(() -> new ElasticsearchProperties.Batching(null, null, null, null, null, null,
                Duration.ofMillis(21), null)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("step-wait");
    }

    @Test
    void aHoldIsCappedAtThreeStepWaitsUnlessSetOtherwise() {
        assertThat(new ElasticsearchProperties.Batching(null, null, null, null, null, null, Duration.ofMillis(5), null)
                .stepHold()).isEqualTo(Duration.ofMillis(15));
        assertThat(new ElasticsearchProperties.Batching(null, null, null, null, null, null, null, null).stepHold())
                .isZero();
        assertThatThrownBy(() -> new ElasticsearchProperties.Batching(null, null, null, null, null, null,
                Duration.ofMillis(5), Duration.ofMillis(4))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("step-hold");
    }

    @Test
    void aBatchHeldForASteadilySendingWindowGoesAtTheStepHold() throws Exception {
        MicroBatcher<Integer, String> batcher = stepBatcher(Duration.ofHours(1), Duration.ofMillis(30));
        RequestWindow step = window(3);
        CompletableFuture<String> first = batcher.submit(1, step);
        CompletableFuture<String> second = batcher.submit(2, step);
        awaitBatches(1);
        assertThat(sent.get(0)).as("the third member is still busy, but the hold is over").containsExactly(1, 2);
        assertThat(batcher.stepHoldsCut()).isEqualTo(1);
        answer(0);
        assertThat(MicroBatcher.await(first)).isEqualTo("answer to 1");
        assertThat(MicroBatcher.await(second)).isEqualTo("answer to 2");
    }

    @Test
    void aStepsRequestsWaitForTheBusyMembersAndGoAsOneBatchOnceEachHasSentOrIsDone() throws Exception {
        MicroBatcher<Integer, String> batcher = stepBatcher(Duration.ofHours(1));
        RequestWindow step = window(3);
        CompletableFuture<String> first = batcher.submit(1, step);
        Thread.sleep(50);
        assertThat(sent).as("nothing in flight, but two members are still busy").isEmpty();
        CompletableFuture<String> second = batcher.submit(2, step);
        Thread.sleep(20);
        assertThat(sent).as("one member still busy").isEmpty();
        step.done();
        awaitBatches(1);
        assertThat(sent.get(0)).containsExactly(1, 2);
        assertThat(step.busy()).as("both wait for the store").isFalse();

        answer(0);
        assertThat(MicroBatcher.await(first)).isEqualTo("answer to 1");
        assertThat(MicroBatcher.await(second)).isEqualTo("answer to 2");
        assertThat(step.busy()).as("answered members are busy again").isTrue();
        assertThat(batcher.stepHolds()).isEqualTo(1);
        assertThat(batcher.stepHoldsCut()).isZero();
    }

    @Test
    void aBatchHeldForAStepGoesAsSoonAsARequestFillsIt() throws Exception {
        // no look at intervals: the request that fills the batch wakes the held batch, though a member is still busy
        MicroBatcher<Integer, String> batcher = new MicroBatcher<>("full-step-batcher", 2, 1_000, 2, Duration.ZERO,
                Duration.ZERO, Duration.ofHours(1), Duration.ofHours(2), weight -> weight, this::holdOn);
        opened.add(batcher);
        RequestWindow step = window(3);
        CompletableFuture<String> first = batcher.submit(1, step);
        Thread.sleep(20);
        assertThat(sent).as("held: two members are still busy").isEmpty();
        CompletableFuture<String> second = batcher.submit(2, step);
        awaitBatches(1);
        assertThat(sent.get(0)).containsExactly(1, 2);
        assertThat(step.busy()).as("the third member has not sent").isTrue();
        assertThat(batcher.stepHoldsCut()).isZero();
        answer(0);
        assertThat(MicroBatcher.await(first)).isEqualTo("answer to 1");
        assertThat(MicroBatcher.await(second)).isEqualTo("answer to 2");
    }

    @Test
    void aHeldBatchGoesAsSoonAsARequestDoesNotFitAndThatRequestLeadsTheNext() throws Exception {
        MicroBatcher<Integer, String> batcher = new MicroBatcher<>("heavy-step-batcher", 100, 100, 2, Duration.ZERO,
                Duration.ZERO, Duration.ofHours(1), Duration.ofHours(2), weight -> weight, this::holdOn);
        opened.add(batcher);
        RequestWindow step = window(4);
        batcher.submit(60, step);
        batcher.submit(30, step);
        Thread.sleep(20);
        assertThat(sent).as("held: a member is still busy and the batch has room").isEmpty();
        batcher.submit(50, step);
        awaitBatches(1);
        assertThat(sent.get(0)).as("sent when the third did not fit, the fourth member still busy")
                .containsExactly(60, 30);
        assertThat(step.busy()).isTrue();
        // the one that did not fit leads the next batch, held in its turn until the step's last member is done
        step.done();
        awaitBatches(2);
        assertThat(sent.get(1)).containsExactly(50);
        assertThat(batcher.stepHoldsCut()).isZero();
    }

    @Test
    void aMemberThatNeverSendsHoldsTheOthersOnlyForTheStepWait() throws Exception {
        MicroBatcher<Integer, String> batcher = stepBatcher(Duration.ofMillis(20));
        RequestWindow step = window(2);
        CompletableFuture<String> alone = batcher.submit(1, step);
        awaitBatches(1);
        assertThat(sent.get(0)).containsExactly(1);
        assertThat(step.busy()).as("the other member never sent").isTrue();
        assertThat(batcher.stepHoldsCut()).isEqualTo(1);
        answer(0);
        assertThat(MicroBatcher.await(alone)).isEqualTo("answer to 1");
    }

    @Test
    void aRequestOfNoWindowIsNotHeldForABusyWindow() throws Exception {
        MicroBatcher<Integer, String> batcher = stepBatcher(Duration.ofHours(1));
        window(5);
        batcher.submit(1);
        awaitBatches(1);
        assertThat(sent.get(0)).containsExactly(1);
        assertThat(batcher.stepHolds()).isZero();
    }

    @Test
    void closingFailsWhatIsStillWaitingAndWhatComesAfter() throws Exception {
        MicroBatcher<Integer, String> batcher = batcher(100, 1_000, 1, Duration.ZERO);
        batcher.submit(1);
        awaitBatches(1);
        CompletableFuture<String> waiting = batcher.submit(2);
        batcher.close();

        assertThatThrownBy(() -> MicroBatcher.await(waiting)).isInstanceOf(InterruptedIOException.class);
        assertThatThrownBy(() -> MicroBatcher.await(batcher.submit(3))).isInstanceOf(InterruptedIOException.class);
    }

    @Test
    void aSenderThatThrowsBeforeSendingFailsItsCallersAndGivesThePermitBack() throws Exception {
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        MicroBatcher<Integer, String> batcher = new MicroBatcher<>("throwing", 100, 1_000, 1, Duration.ZERO, w -> w,
                batch -> {
                    if (calls.incrementAndGet() == 1) {
                        throw new IllegalStateException("cannot build the request");
                    }
                    return CompletableFuture.completedFuture(batch.stream().map(r -> "answer to " + r).toList());
                });
        opened.add(batcher);

        assertThatThrownBy(() -> MicroBatcher.await(batcher.submit(1))).isInstanceOf(IllegalStateException.class)
                .hasMessage("cannot build the request");
        assertThat(MicroBatcher.await(batcher.submit(2))).isEqualTo("answer to 2");
        assertThat(batcher.batches()).as("only what went out is counted").isEqualTo(1);
        assertThat(batcher.items()).isEqualTo(1);
    }
}
