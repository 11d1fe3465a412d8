package io.ticketflow.source.mail;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.ticketflow.intake.IntakeProperties;
import java.util.ArrayList;
import java.util.List;
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
}
