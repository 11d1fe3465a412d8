package io.ticketflow.source.mail;

import static org.assertj.core.api.Assertions.assertThat;

import io.ticketflow.intake.FaultPoints.FaultPoint;
import jakarta.mail.Flags;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A poll reads mail in a pipeline: mail that arrives while earlier mail of the same poll is still in the intake is
 * fetched and written without waiting for it, but acknowledged on the server only in arrival order, each mail after
 * its own outcome and the outcomes of all mail before it.
 */
class PipelinedPollTest extends IngestionTest {

    @Test
    void mailArrivingWhileEarlierMailIsInTheIntakeIsWrittenAtOnceAndAcknowledgedInOrder() throws Exception {
        Account account = account();
        String first = customer();
        String second = customer();
        account.deliver(mail(first, "Invoice question", "The first mail of the poll."));
        AtomicReference<String> whileFirstWasHeld = new AtomicReference<>("the second mail was never written");
        CompletableFuture<List<Flags>> flagsWhileFirstWasHeld = new CompletableFuture<>();
        // the first mail is held right after its fetch, before its raw record is stored, until the second is written
        holdFetchedMailUntilWritten(account, second, "the second mail", whileFirstWasHeld, flagsWhileFirstWasHeld,
                () -> account.deliver(mail(second, "Login problem", "Arrived while the first was in the intake.")));

        MailboxPoller poller = pollers.create(account.mailbox());
        assertThat(poller.poll()).isTrue();
        poller.close();

        assertThat(whileFirstWasHeld.get()).isEqualTo("written");
        assertThat(flagsWhileFirstWasHeld.get()).as("neither acknowledged while the first was not stored")
                .hasSize(2).noneMatch(f -> f.contains(Flags.Flag.SEEN));
        assertThat(account.flags("INBOX")).as("both acknowledged once both are done")
                .hasSize(2).allMatch(f -> f.contains(Flags.Flag.SEEN));
        assertThat(poller.status().processed()).isEqualTo(2);
        assertThat(messagesFrom(first)).isEqualTo(1);
        assertThat(messagesFrom(second)).isEqualTo(1);
    }

    /**
     * A backlog of more than one batch ({@code max-messages-per-poll} 2 here) goes in full batches, and the second is
     * fetched and written while the first is still in the intake ({@code batches-in-flight}, 2 by default): the cores
     * need not idle between batches. Acknowledged on the server still in arrival order only.
     */
    @Test
    void theNextFullBatchIsWrittenWhileTheOneBeforeItIsStillInTheIntake() throws Exception {
        Account account = account();
        List<String> customers = List.of(customer(), customer(), customer(), customer());
        for (String customer : customers) {
            account.deliver(mail(customer, "Invoice question", "One of a backlog of two batches."));
        }
        String last = customers.get(3);
        AtomicReference<String> whileHeld = new AtomicReference<>("the second batch was never written");
        CompletableFuture<List<Flags>> flagsWhileHeld = new CompletableFuture<>();
        // a mail of the first batch is held right after its fetch, before its raw record is stored, until the last
        // mail (of the second batch) is written
        holdFetchedMailUntilWritten(account, last, "the second batch", whileHeld, flagsWhileHeld, () -> {
        });

        MailboxPoller poller = pollers.create(account.mailbox().withLimits(25L * 1024 * 1024, 2, Duration.ofSeconds(5)));
        assertThat(poller.poll()).isTrue();
        poller.close();

        assertThat(whileHeld.get()).isEqualTo("written");
        assertThat(flagsWhileHeld.get()).as("none acknowledged while a mail of the first batch was not stored")
                .hasSize(4).noneMatch(f -> f.contains(Flags.Flag.SEEN));
        assertThat(account.flags("INBOX")).as("all acknowledged once all are done")
                .hasSize(4).allMatch(f -> f.contains(Flags.Flag.SEEN));
        assertThat(poller.status().processed()).isEqualTo(4);
        for (String customer : customers) {
            assertThat(messagesFrom(customer)).isEqualTo(1);
        }
    }

    /**
     * The first mail to reach {@code AFTER_FETCH} runs {@code first} and is then held until the mail from
     * {@code customer} is written: {@code state} becomes "written" and {@code flags} the INBOX's flags at that moment
     * (completed with the failure if it is never written).
     */
    private void holdFetchedMailUntilWritten(Account account, String customer, String what,
            AtomicReference<String> state, CompletableFuture<List<Flags>> flags, Runnable first) {
        faults.whenReached(FaultPoint.AFTER_FETCH, () -> {
            first.run();
            try {
                await(what + " written while the first is held", Duration.ofSeconds(30),
                        () -> messagesFromQuietly(customer) == 1 ? true : null);
                state.set("written");
                flags.complete(account.flags("INBOX"));
            }
            catch (Exception | AssertionError e) {
                flags.completeExceptionally(e);
            }
        });
    }

    private long messagesFromQuietly(String address) {
        try {
            return messagesFrom(address);
        }
        catch (Exception e) {
            return -1;
        }
    }
}
