package io.ticketflow.respond;

import static org.assertj.core.api.Assertions.assertThat;

import io.ticketflow.testing.ElasticsearchNode;
import io.ticketflow.ticket.Ticket;
import io.ticketflow.vocabulary.SenderAuthentication;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A ticket opened by a sender whose From failed DMARC (tagged by the intake) gets no automatic mail to that address
 * later: reminders, notices and surveys would go to a third party. Mail to the team still goes.
 */
@ExtendWith(ElasticsearchNode.class)
class ForgedSenderMailTest {

    private static RespondFixture f;

    @BeforeAll
    static void setUp() throws Exception {
        f = new RespondFixture(Instant.parse("2026-03-02T09:00:00Z"), LoopProtectionProperties.defaults());
    }

    @AfterAll
    static void tearDown() throws Exception {
        f.close();
    }

    @Test
    void noAutomaticMailToTheCustomerOfATicketOpenedByAForgedFrom() {
        Ticket forged = f.tickets.update(f.newTicket(RespondFixture.unique("forged"), "Refund", null, null).number(),
                t -> t.withTags(List.of(SenderAuthentication.DMARC_FAIL_TAG)));
        TicketMailer.Result refused = f.mailer.toCustomer(forged, MailPurpose.REMINDER, "reminder-1", new HashMap<>(java.util.Map.of("reminderRound", 1)));
        assertThat(refused.queued()).isFalse();
        assertThat(refused.refusal()).contains("failed DMARC");
        assertThat(f.outboxStore.find(forged.number() + "-reminder-1")).isNull();

        Ticket genuine = f.newTicket(RespondFixture.unique("genuine"), "Refund", null, null);
        assertThat(f.mailer.toCustomer(genuine, MailPurpose.REMINDER, "reminder-1", new HashMap<>(java.util.Map.of("reminderRound", 1))).queued()).isTrue();
    }
}
