package io.ticketflow.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ticketflow.store.RequestWindow;
import io.ticketflow.vocabulary.RawMessage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OrderedBatchTest {

    private final ExecutorService pool = Executors.newFixedThreadPool(8);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void messagesOfDifferentConversationsRunSideBySide() throws Exception {
        OrderedBatch<String> batch = new OrderedBatch<>(pool);
        CountDownLatch bothRunning = new CountDownLatch(2);
        List<CompletableFuture<String>> futures = new ArrayList<>();
        for (String key : List.of("a", "b")) {
            futures.add(batch.submit(Set.of(key), () -> {
                bothRunning.countDown();
                try {
                    // only returns if the other one runs at the same time
                    return bothRunning.await(10, TimeUnit.SECONDS) ? key : "alone";
                }
                catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        assertThat(futures).extracting(OrderedBatch::result).containsExactly("a", "b");
    }

    @Test
    void aMessageWaitsForEveryEarlierOneItSharesAKeyWith() {
        OrderedBatch<Integer> batch = new OrderedBatch<>(pool);
        List<Integer> order = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger running = new AtomicInteger();
        List<CompletableFuture<Integer>> futures = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            int n = i;
            // 0..19 all share "thread" with their predecessor through alternating keys
            Set<String> keys = new java.util.HashSet<>(List.of("k" + (n / 2), "k" + ((n + 1) / 2)));
            futures.add(batch.submit(keys, () -> {
                assertThat(running.incrementAndGet()).isEqualTo(1);
                sleep(5);
                order.add(n);
                running.decrementAndGet();
                return n;
            }));
        }
        futures.forEach(OrderedBatch::result);
        assertThat(order).isSorted().hasSize(20);
    }

    @Test
    void aFailureFailsTheLaterMessagesOfItsConversationWithoutRunningThemAndNoOthers() {
        OrderedBatch<String> batch = new OrderedBatch<>(pool);
        AtomicInteger ranAfterFailure = new AtomicInteger();
        CompletableFuture<String> parent = batch.submit(Set.of("id:parent"), () -> {
            throw new IllegalStateException("store down");
        });
        CompletableFuture<String> reply = batch.submit(Set.of("id:reply", "id:parent"), () -> {
            ranAfterFailure.incrementAndGet();
            return "reply";
        });
        CompletableFuture<String> other = batch.submit(Set.of("id:other"), () -> "other");
        batch.awaitAll();

        assertThatThrownBy(() -> OrderedBatch.result(parent)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> OrderedBatch.result(reply)).isInstanceOf(IllegalStateException.class)
                .hasMessage("store down");
        assertThat(ranAfterFailure).hasValue(0);
        assertThat(OrderedBatch.result(other)).isEqualTo("other");
    }

    @Test
    void aLongRunTakenAsItGoesKeepsOrderBoundsWhatIsUntakenAndHandsOverEveryResult() {
        OrderedBatch<Integer> batch = new OrderedBatch<>(pool);
        List<Integer> taken = new ArrayList<>();
        List<List<Integer>> perConversation = new ArrayList<>();
        for (int c = 0; c < 7; c++) {
            perConversation.add(Collections.synchronizedList(new ArrayList<>()));
        }
        int maxUntaken = 0;
        for (int i = 0; i < 300; i++) {
            int n = i;
            int conversation = n % 7;
            batch.submit(Set.of("c" + conversation), () -> {
                sleep(n % 3);
                perConversation.get(conversation).add(n);
                return n;
            });
            maxUntaken = Math.max(maxUntaken, batch.untaken());
            batch.takeWhileMoreThan(20, taken::add);
            assertThat(batch.untaken()).isLessThanOrEqualTo(20);
        }
        batch.takeWhileMoreThan(0, taken::add);

        assertThat(maxUntaken).isEqualTo(21);
        assertThat(taken).as("every result, in submission order").hasSize(300).isSorted();
        perConversation.forEach(ran -> assertThat(ran).as("one conversation in submission order").isSorted());
        assertThat(batch.untaken()).isZero();
    }

    @Test
    void aLongRunStopsAtItsFirstFailureAfterTheRestFinished() {
        OrderedBatch<Integer> batch = new OrderedBatch<>(pool);
        List<Integer> taken = new ArrayList<>();
        AtomicInteger finished = new AtomicInteger();
        for (int i = 0; i < 10; i++) {
            int n = i;
            batch.submit(Set.of("k" + n), () -> {
                if (n == 4) {
                    throw new IllegalStateException("store down");
                }
                sleep(10);
                finished.incrementAndGet();
                return n;
            });
        }
        assertThatThrownBy(() -> batch.takeWhileMoreThan(0, taken::add)).hasMessage("store down");
        assertThat(taken).containsExactly(0, 1, 2, 3);
        assertThat(finished).as("the others finished before the failure was thrown").hasValue(9);
    }

    @Test
    void inPhasesTheBatchDecidesEverythingBeforeAnyWriteAndAReplyWritesAfterItsParent() {
        ExecutorService deciding = Executors.newFixedThreadPool(2);
        try {
            OrderedBatch<String> batch = new OrderedBatch<>(pool, deciding, 64);
            List<String> events = Collections.synchronizedList(new ArrayList<>());
            CountDownLatch allSubmitted = new CountDownLatch(1);
            List<CompletableFuture<String>> futures = new ArrayList<>();
            for (String key : List.of("a", "b", "c", "d")) {
                futures.add(batch.submit(Set.of(key), () -> {
                    events.add("keep " + key);
                    return key;
                }, kept -> {
                    await(allSubmitted);
                    events.add("decide " + kept);
                    return kept;
                }, decided -> {
                    events.add("write " + decided);
                    return decided;
                }));
            }
            // a reply to "a" while "a" is still deciding: it enters the phases (keep first) only after "a" wrote
            futures.add(batch.submit(Set.of("a", "reply"), () -> {
                events.add("keep reply");
                return "reply";
            }, kept -> kept, decided -> {
                events.add("reply after a: " + decided);
                return decided;
            }));
            allSubmitted.countDown();

            assertThat(futures).extracting(OrderedBatch::result).containsExactly("a", "b", "c", "d", "reply");
            int lastDecide = 0;
            int firstWrite = events.size();
            for (int i = 0; i < events.size(); i++) {
                lastDecide = events.get(i).startsWith("decide") ? i : lastDecide;
                firstWrite = events.get(i).startsWith("write") ? Math.min(firstWrite, i) : firstWrite;
            }
            assertThat(lastDecide).as("every decide before the first write: " + events).isLessThan(firstWrite);
            assertThat(events.indexOf("keep reply")).as("never kept early: " + events)
                    .isGreaterThan(events.indexOf("write a"));
            assertThat(events.indexOf("reply after a: reply")).isGreaterThan(events.indexOf("keep reply"));
        }
        finally {
            deciding.shutdownNow();
        }
    }

    @Test
    void inPhasesRepliesWhoseParentsWroteTogetherKeepDecideAndWriteTogetherAfterThem() {
        ExecutorService deciding = Executors.newFixedThreadPool(2);
        try {
            OrderedBatch<String> batch = new OrderedBatch<>(pool, deciding, 2, 64);
            List<String> events = Collections.synchronizedList(new ArrayList<>());
            List<RequestWindow> keeping = Collections.synchronizedList(new ArrayList<>());
            OrderedBatch.Phases<String> phases = new OrderedBatch.Phases<>() {
                @Override
                public List<String> decide(List<String> kept) {
                    return kept.stream().map(k -> k + " decided").toList();
                }

                @Override
                public void together(List<String> decided) {
                    events.add("together " + decided.stream().sorted().toList());
                }
            };
            // each keep waits until the other's has begun (the parents', then the replies'): both enter the phases
            // before either is decided, however the threads are scheduled
            CountDownLatch parentsKeeping = new CountDownLatch(2);
            CountDownLatch bothKeeping = new CountDownLatch(2);
            List<CompletableFuture<String>> futures = new ArrayList<>();
            for (String key : List.of("a", "b")) {
                futures.add(batch.submitInPhases(Set.of(key), () -> {
                    parentsKeeping.countDown();
                    await(parentsKeeping);
                    return key;
                }, phases, decided -> {
                    events.add("write " + decided);
                    return decided;
                }));
            }
            for (String key : List.of("a", "b")) {
                futures.add(batch.submitInPhases(Set.of(key, "re " + key), () -> {
                    events.add("keep re " + key);
                    keeping.add(RequestWindow.current());
                    bothKeeping.countDown();
                    await(bothKeeping);
                    return "re " + key;
                }, phases, decided -> {
                    events.add("write " + decided);
                    return decided;
                }));
            }

            assertThat(futures).extracting(OrderedBatch::result)
                    .containsExactly("a decided", "b decided", "re a decided", "re b decided");
            assertThat(events).as("the replies were kept, decided and released to write as one group: " + events)
                    .contains("together [a decided, b decided]", "together [re a decided, re b decided]");
            assertThat(events.indexOf("keep re a")).isGreaterThan(events.indexOf("write a decided"));
            assertThat(events.indexOf("keep re b")).isGreaterThan(events.indexOf("write b decided"));
            assertThat(keeping).as("in the batch's keeping window").hasSize(2).doesNotContainNull();
        }
        finally {
            deciding.shutdownNow();
        }
    }

    @Test
    void inPhasesAMessageAfterEarlierWorkThatFailedFailsTheSameWayWithoutRunning() {
        OrderedBatch<String> batch = new OrderedBatch<>(pool, pool, 64);
        CompletableFuture<String> earlier = new CompletableFuture<>();
        AtomicInteger ran = new AtomicInteger();
        CompletableFuture<String> reply = batch.submitInPhasesAfter(List.of(earlier), Set.of("x"), () -> {
            ran.incrementAndGet();
            return "x";
        }, new OrderedBatch.Phases<String>() {
            @Override
            public List<String> decide(List<String> kept) {
                return kept;
            }
        }, decided -> decided);
        CompletableFuture<String> later = batch.submitInPhasesAfter(List.of(), Set.of("x"), () -> "y",
                new OrderedBatch.Phases<String>() {
                    @Override
                    public List<String> decide(List<String> kept) {
                        return kept;
                    }
                }, decided -> decided);
        assertThat(reply).isNotDone();
        earlier.completeExceptionally(new IllegalStateException("store down"));

        assertThatThrownBy(() -> OrderedBatch.result(reply)).hasMessage("store down");
        assertThatThrownBy(() -> OrderedBatch.result(later)).as("and so does the next of its conversation")
                .hasMessage("store down");
        assertThat(ran).hasValue(0);
    }

    @Test
    void inPhasesTheKeepsOfABatchActInOneRequestWindowAndNothingAfterThemDoes() {
        OrderedBatch<String> batch = new OrderedBatch<>(pool, pool, 64);
        OrderedBatch<String> other = new OrderedBatch<>(pool, pool, 64);
        List<RequestWindow> keeping = Collections.synchronizedList(new ArrayList<>());
        List<RequestWindow> after = Collections.synchronizedList(new ArrayList<>());
        List<CompletableFuture<String>> futures = new ArrayList<>();
        for (String key : List.of("a", "b", "c")) {
            futures.add(batch.submit(Set.of(key), () -> {
                keeping.add(RequestWindow.current());
                return key;
            }, kept -> {
                after.add(RequestWindow.current());
                return kept;
            }, decided -> {
                after.add(RequestWindow.current());
                return decided;
            }));
        }
        futures.add(other.submit(Set.of("x"), () -> {
            keeping.add(RequestWindow.current());
            return "x";
        }, kept -> kept, decided -> decided));

        assertThat(futures).extracting(OrderedBatch::result).containsExactly("a", "b", "c", "x");
        assertThat(keeping).doesNotContainNull().hasSize(4);
        assertThat(keeping.subList(0, 3)).as("one window for the batch's keeps").containsOnly(keeping.get(0));
        assertThat(keeping.get(3)).as("another batch, another window").isNotSameAs(keeping.get(0));
        assertThat(after).as("the threads leave the window with the keep").hasSize(6).containsOnlyNulls();
    }

    @Test
    void inPhasesAFailureWhileDecidingFailsOnlyItsOwnMessage() {
        ExecutorService deciding = Executors.newFixedThreadPool(2);
        try {
            OrderedBatch<String> batch = new OrderedBatch<>(pool, deciding, 64);
            CompletableFuture<String> broken = batch.submit(Set.of("x"), () -> "x", kept -> {
                throw new IllegalArgumentException("unreadable");
            }, decided -> decided);
            CompletableFuture<String> fine = batch.submit(Set.of("y"), () -> "y", kept -> kept, decided -> decided);

            assertThatThrownBy(() -> OrderedBatch.result(broken)).isInstanceOf(IllegalArgumentException.class);
            assertThat(OrderedBatch.result(fine)).isEqualTo("y");
        }
        finally {
            deciding.shutdownNow();
        }
    }

    @Test
    void inPhasesTheKeptMessagesAreDecidedInChunksAndReleasedToWriteTogether() {
        ExecutorService deciding = Executors.newFixedThreadPool(1);
        try {
            // the deciding thread is busy until every kept message waits for it: it takes them as one chunk
            CountDownLatch allWaiting = new CountDownLatch(6);
            deciding.execute(() -> await(allWaiting));
            OrderedBatch<String> batch = new OrderedBatch<>(pool, task -> {
                deciding.execute(task);
                allWaiting.countDown();
            }, 1, 64);
            List<List<String>> chunks = Collections.synchronizedList(new ArrayList<>());
            List<String> events = Collections.synchronizedList(new ArrayList<>());
            OrderedBatch.Phases<String> phases = new OrderedBatch.Phases<>() {
                @Override
                public List<String> decide(List<String> kept) {
                    chunks.add(kept);
                    if (kept.size() > 1 && kept.contains("bad")) {
                        throw new IllegalArgumentException("one of them is unreadable");
                    }
                    if (kept.contains("bad")) {
                        throw new IllegalArgumentException("unreadable");
                    }
                    return kept.stream().map(k -> k + " decided").toList();
                }

                @Override
                public void together(List<String> decided) {
                    events.add("together " + decided.size());
                }
            };
            List<CompletableFuture<String>> futures = new ArrayList<>();
            for (String key : List.of("a", "b", "bad", "c", "d", "e")) {
                futures.add(batch.submitInPhases(Set.of(key), () -> key, phases, decided -> {
                    events.add("write " + decided);
                    return decided;
                }));
            }

            assertThat(OrderedBatch.result(futures.get(0))).isEqualTo("a decided");
            assertThatThrownBy(() -> OrderedBatch.result(futures.get(2))).hasMessage("unreadable");
            assertThat(futures.stream().filter(f -> !f.isCompletedExceptionally()).map(OrderedBatch::result))
                    .containsExactly("a decided", "b decided", "c decided", "d decided", "e decided");
            assertThat(chunks.get(0)).as("the first chunk is everything kept").hasSize(6);
            assertThat(chunks).as("then one by one, the failing one alone").hasSize(7);
            assertThat(events.get(0)).as("released together before any write: " + events).isEqualTo("together 5");
        }
        finally {
            deciding.shutdownNow();
        }
    }

    @Test
    void anErrorInAWorkerIsThrownAsTheSameError() {
        OrderedBatch<String> batch = new OrderedBatch<>(pool);
        CompletableFuture<String> crashed = batch.submit(Set.of("x"), () -> {
            throw new StackOverflowError("deep");
        });
        assertThatThrownBy(() -> OrderedBatch.result(crashed)).isInstanceOf(StackOverflowError.class);
    }

    @Test
    void keysLinkAReplyToItsParentAndASenderToTheirEarlierMail() {
        Set<String> parent = ConversationKeys.of(raw("""
                From: Ann <Ann@Example.com>
                Message-ID: <p1@mail.example.com>
                Subject: printer

                broken
                """));
        Set<String> reply = ConversationKeys.of(raw("""
                From: Bob <bob@example.org>
                Message-ID: <r1@other.example>
                In-Reply-To: <p1@mail.example.com>
                References: <p0@mail.example.com>
                 <P1@mail.example.com>
                Subject: Re: printer

                same here
                """));
        Set<String> stranger = ConversationKeys.of(raw("""
                From: carol@example.net
                Message-ID: <c1@example.net>

                hello
                """));

        assertThat(parent).contains("from:ann@example.com", "id:p1@mail.example.com");
        assertThat(reply).contains("id:p1@mail.example.com", "id:p0@mail.example.com", "id:r1@other.example");
        assertThat(stranger).doesNotContainAnyElementsOf(parent).doesNotContainAnyElementsOf(reply);
        assertThat(ConversationKeys.of(raw("From: ann@example.com\n\nagain\n"))).contains("from:ann@example.com");
    }

    @Test
    void unreadableHeadersStillGiveTheRawIdAsKey() {
        RawMessage garbage = new RawMessage(new byte[] { 0, 1, 2, (byte) 0xff }, "imap", "support", 1L, 1L, Instant.now());
        assertThat(ConversationKeys.of(garbage)).containsExactly("raw:" + garbage.id());
    }

    private static RawMessage raw(String text) {
        return new RawMessage(text.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8), "imap", "support", 1L, 1L,
                Instant.now());
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        }
        catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
