package io.ticketflow.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.ticketflow.parse.MessageParser;
import io.ticketflow.parse.ParseProperties;
import io.ticketflow.parse.UnparseableMessageException;
import io.ticketflow.parse.header.AuthenticationResults;
import io.ticketflow.parse.header.MailAuthProperties;
import io.ticketflow.screen.Screener;
import io.ticketflow.thread.SubjectNormalizer;
import io.ticketflow.thread.SubjectTag;
import io.ticketflow.thread.ThreadIndex;
import io.ticketflow.thread.ThreadTokens;
import io.ticketflow.vocabulary.ParsedMessage;
import io.ticketflow.vocabulary.RawMessage;
import io.ticketflow.vocabulary.TicketflowIdentity;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A bounded-time mutation fuzz of the parser and the stages that read customer input without the store (screening,
 * subject normalising and tags, signed tokens and markers, Thread-Index, Authentication-Results), in the default
 * test run: {@code ticketflow.fuzz.stage-seconds} (default 20) of mutated mails from the built-in seeds and the MIME
 * corpus, reproducible from {@code ticketflow.fuzz.seed}. Each input must end in a result or our own rejection within
 * 10 s; anything else is kept in {@code target/fuzz-findings/} and fails the test. Committed regression inputs run
 * first.
 */
class StageFuzzTest {

    private static final TicketflowIdentity IDENTITY = new TicketflowIdentity(List.of("support@ticketflow.local"),
            "support@ticketflow.local", "Ticketflow Support", "ticketflow.local", "TF", "ticketflow", "fuzz-secret");
    private static final MessageParser PARSER = new MessageParser(
            ParseProperties.defaults().withExtraction(ParseProperties.ExtractionMode.OFF),
            new MailAuthProperties("mx.ticketflow.test", 1));
    private static final Screener SCREENER = new Screener(IDENTITY);
    private static final SubjectTag TAG = new SubjectTag(IDENTITY);
    private static final ThreadTokens TOKENS = new ThreadTokens(IDENTITY, () -> "fuzz-secret");
    private static final ExecutorService WORKER = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "stage-fuzz");
        t.setDaemon(true);
        return t;
    });

    @AfterAll
    static void close() {
        WORKER.shutdownNow();
        PARSER.close();
    }

    @Test
    void everyMutatedMailEndsInAResultOrOurRejection() throws Exception {
        for (byte[] input : FuzzInputs.regressions()) {
            check(input);
        }
        List<byte[]> seeds = FuzzInputs.seeds();
        long seed = Long.getLong("ticketflow.fuzz.seed", System.nanoTime());
        MailMutator mutator = new MailMutator(seed);
        java.util.Random pick = new java.util.Random(seed);
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(FuzzInputs.seconds("ticketflow.fuzz.stage-seconds", 20));
        int runs = 0;
        while (System.nanoTime() < until) {
            check(mutator.mutate(seeds.get(pick.nextInt(seeds.size())), seeds.get(pick.nextInt(seeds.size()))));
            runs++;
        }
        System.out.println("[fuzz] stages: " + runs + " mutated mails from " + seeds.size() + " seeds, seed " + seed);
        assertThat(runs).isPositive();
    }

    private static void check(byte[] input) throws Exception {
        Future<?> done = WORKER.submit(() -> stages(input));
        try {
            done.get(10, TimeUnit.SECONDS);
        }
        catch (TimeoutException e) {
            done.cancel(true);
            throw new AssertionError("an input took over 10 s: " + FuzzInputs.keep("stage-hang", input));
        }
        catch (java.util.concurrent.ExecutionException e) {
            throw new AssertionError("an input failed: " + FuzzInputs.keep("stage", input), e.getCause());
        }
    }

    /** The invariant: every stage answers; none throws anything but the parser's own rejection. */
    private static void stages(byte[] input) {
        ParsedMessage message;
        try {
            message = PARSER.parse(RawMessage.of(input, "fuzz", "fuzz"));
        }
        catch (UnparseableMessageException e) {
            assertThat(e.getMessage()).isNotBlank();
            return;
        }
        assertThat(message.from().address()).contains("@");
        assertThat(message.senderAuthentication()).isNotNull();
        assertThat(SCREENER.screen(message)).isNotNull();
        assertThat(SubjectNormalizer.normalize(message.subject())).isNotNull();
        TAG.find(message.subject());
        TOKENS.findMarker(message.text());
        message.referencedIds().forEach(TOKENS::verifyMessageId);
        ThreadIndex.conversation(message.header("thread-index"));
        message.headers().getOrDefault("authentication-results", List.of()).forEach(AuthenticationResults::parse);
    }
}
