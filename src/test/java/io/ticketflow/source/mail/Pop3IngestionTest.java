package io.ticketflow.source.mail;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.ticketflow.intake.IntakeProperties;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** POP3 by UIDL: kept-on-server mail is not imported twice; with delete, DELE only after the outcome. */
class Pop3IngestionTest extends IngestionTest {

    private static GreenMail pop3;

    @BeforeAll
    static void startPop3() {
        pop3 = new GreenMail(ServerSetupTest.POP3.dynamicPort());
        pop3.start();
    }

    @AfterAll
    static void stopPop3() {
        pop3.stop();
    }

    @Test
    void uidlsRememberWhatWasReadAndDeleteComesOnlyAfterTheOutcome() throws Exception {
        GreenMailUser user = pop3.setUser("pop@ingest.test", "pop@ingest.test", "pop-secret");
        List<String> customers = new ArrayList<>(List.of(customer(), customer(), customer()));
        for (String c : customers) {
            user.deliver(mail(c, "Over POP3", "kept on the server"));
        }
        IntakeProperties.Mailbox keep = IntakeProperties.Mailbox.of("pop-box", "pop3", "127.0.0.1",
                pop3.getPop3().getPort(), "pop@ingest.test", "pop-secret").withAfterSuccess("none", null);

        MailboxPoller poller = pollers.create(keep);
        assertThat(poller.poll()).isTrue();
        assertThat(poller.poll()).isTrue();
        assertThat(poller.status().processed()).as("the second poll reads nothing again").isEqualTo(3);
        assertThat(pop3.getReceivedMessages()).hasSize(3);

        String late = customer();
        customers.add(late);
        user.deliver(mail(late, "Over POP3", "arrived later"));
        MailboxPoller deleting = pollers.create(keep.withAfterSuccess("delete", null));
        assertThat(deleting.poll()).isTrue();

        assertThat(deleting.status().processed()).isEqualTo(4);
        assertThat(pop3.getReceivedMessages()).as("handled mail deleted at QUIT").isEmpty();
        for (String c : customers) {
            assertThat(messagesFrom(c)).isEqualTo(1);
        }
    }

    @Test
    void oneBatchOfConversationsRunsEachInArrivalOrderAndEndsEveryMail() throws Exception {
        GreenMailUser user = pop3.setUser("batch@ingest.test", "batch@ingest.test", "pop-secret");
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> customers = new ArrayList<>();
        for (int c = 0; c < 6; c++) {
            customers.add("pop" + c + "-" + run + "@example.com");
        }
        // 6 conversations of 4 mails, interleaved, all in one batch: a reply only threads if it runs after its parent
        for (int step = 0; step < 4; step++) {
            for (int c = 0; c < 6; c++) {
                String parent = step == 0 ? "" : "In-Reply-To: <pop" + c + "." + (step - 1) + "." + run + "@x>\r\n";
                user.deliver(raw("From: " + customers.get(c) + "\r\nTo: batch@ingest.test\r\nSubject: "
                        + (step == 0 ? "" : "Re: ") + "Parcel " + c + "\r\nMessage-ID: <pop" + c + "." + step + "." + run
                        + "@x>\r\n" + parent + "\r\nStep " + step + "\r\n"));
            }
        }
        user.deliver(raw("Subject: nobody sent this " + run + "\r\n\r\nx\r\n"));
        IntakeProperties.Mailbox box = IntakeProperties.Mailbox.of("pop-batch", "pop3", "127.0.0.1",
                pop3.getPop3().getPort(), "batch@ingest.test", "pop-secret").withAfterSuccess("delete", null);

        MailboxPoller poller = pollers.create(box);
        assertThat(poller.poll()).isTrue();

        assertThat(poller.status().processed()).as("every mail ended").isEqualTo(25);
        assertThat(poller.status().quarantined()).as("the mail without a sender, the others unaffected").isEqualTo(1);
        assertThat(poller.status().acknowledgedCount()).isEqualTo(25);
        for (String c : customers) {
            assertThat(ticketsOf(c)).as("one ticket for " + c).isEqualTo(1);
            assertThat(messagesFrom(c)).isEqualTo(4);
        }
        assertThat(pop3.getReceivedMessages()).as("all deleted at QUIT").isEmpty();
    }

    private static MimeMessage raw(String text) throws Exception {
        return new MimeMessage(Session.getInstance(new Properties()),
                new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }
}
