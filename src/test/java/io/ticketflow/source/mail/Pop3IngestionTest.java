package io.ticketflow.source.mail;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.ticketflow.intake.IntakeProperties;
import io.ticketflow.testing.TcpProxy;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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

    /**
     * The connection lost in the middle of a RETR, 25 mails into a session of 30: with 100 mails per poll, the first
     * window (20) was handed over and is in flight, none ended before the cut; with 10, two windows ended and were
     * marked for DELE, which never took effect (no QUIT), and their UIDLs were saved. The next session deletes what was
     * handled without running it again and runs the rest: every mail on one ticket once, none left on the server.
     */
    @ParameterizedTest
    @ValueSource(ints = { 100, 10 })
    void connectionLostMidSessionLosesNothingAndDuplicatesNothing(int perPoll) throws Exception {
        String address = "cut" + perPoll + "@ingest.test";
        GreenMailUser user = pop3.setUser(address, address, "pop-secret");
        List<String> customers = new ArrayList<>();
        long mailBytes = 0;
        for (int i = 0; i < 30; i++) {
            String c = customer();
            customers.add(c);
            MimeMessage m = mail(c, "Cut " + i, "sent before the connection was lost");
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            m.writeTo(bytes);
            mailBytes = Math.max(mailBytes, bytes.size());
            user.deliver(m);
        }
        try (TcpProxy proxy = new TcpProxy("127.0.0.1", pop3.getPop3().getPort())) {
            IntakeProperties.Mailbox box = IntakeProperties.Mailbox.of("pop-cut-" + perPoll, "pop3", "127.0.0.1",
                    proxy.port(), address, "pop-secret").withAfterSuccess("delete", null);
            box = box.withLimits(box.maxMessageBytes(), perPoll, box.timeout());
            MailboxPoller poller = pollers.create(box);
            // greeting, login, STAT, UIDL and LIST take well under 2 KB; then ~24.5 RETR answers
            proxy.cutAfter(2048 + mailBytes * 49 / 2);

            assertThat(poller.poll()).as("the poll failed with its connection").isFalse();
            long ended = poller.status().processed();
            assertThat(ended).as("mails ended before the cut").isEqualTo(perPoll == 10 ? 20 : 0);
            assertThat(onServer(user)).as("no DELE took effect without QUIT").isEqualTo(30);

            proxy.restore();
            // the cut session may still be closing on the server's side when the next one connects: a poll that fails
            // on that is retried, as the poller's own schedule would (nothing it handled may run twice: asserted below)
            boolean polled = poller.poll();
            for (int retry = 0; !polled && retry < 3; retry++) {
                Thread.sleep(500);
                polled = poller.poll();
            }
            assertThat(polled).as("a poll after the restore succeeded").isTrue();
            assertThat(poller.status().processed()).as("each mail ended once").isEqualTo(30);
            for (String c : customers) {
                assertThat(messagesFrom(c)).as("one message from " + c).isEqualTo(1);
                assertThat(ticketsOf(c)).isEqualTo(1);
            }
            assertThat(onServer(user)).as("all deleted at the second QUIT").isZero();
        }
    }

    private static int onServer(GreenMailUser user) throws Exception {
        return pop3.getManagers().getImapHostManager().getInbox(user).getMessageCount();
    }

    private static MimeMessage raw(String text) throws Exception {
        return new MimeMessage(Session.getInstance(new Properties()),
                new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }
}
