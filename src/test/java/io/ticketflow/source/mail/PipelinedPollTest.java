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
        faults.whenReached(FaultPoint.AFTER_FETCH, () -> {
            account.deliver(mail(second, "Login problem", "Arrived while the first was in the intake."));
            try {
                await("the second mail written while the first is held", Duration.ofSeconds(30),
                        () -> messagesFromQuietly(second) == 1 ? true : null);
                whileFirstWasHeld.set("written");
                flagsWhileFirstWasHeld.complete(account.flags("INBOX"));
            }
            catch (Exception | AssertionError e) {
                flagsWhileFirstWasHeld.completeExceptionally(e);
            }
        });

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

    private long messagesFromQuietly(String address) {
        try {
            return messagesFrom(address);
        }
        catch (Exception e) {
            return -1;
        }
    }
}
