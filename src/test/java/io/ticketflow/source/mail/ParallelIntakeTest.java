package io.ticketflow.source.mail;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.core.search.Hit;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * One poll's batch runs on many workers at once, yet a reply delivered right behind its parent lands on the parent's
 * ticket, even when it comes from another person (ordered by Message-ID, not by sender), and a sender's second mail
 * on the same subject follows their first.
 */
class ParallelIntakeTest extends IngestionTest {

    private record Conversation(String customer, String colleague, String subject) {
    }

    @Test
    void repliesInTheSameBatchAsTheirParentsThreadOntoTheParentsTicket() throws Exception {
        Account account = account();
        List<Conversation> conversations = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            Conversation c = new Conversation(customer(), customer(), "Printer " + i + " on floor " + UUID.randomUUID());
            conversations.add(c);
            String parentId = "<parent-" + UUID.randomUUID() + "@customer.example>";
            MimeMessage parent = mail(c.customer(), c.subject(), "The printer on our floor is broken.");
            parent.setRecipients(Message.RecipientType.CC, new InternetAddress[] { new InternetAddress(c.colleague()) });
            parent.setHeader("Message-ID", parentId);
            account.deliver(parent);
            MimeMessage reply = mail(c.colleague(), "Re: " + c.subject(), "Same here, it prints blank pages.");
            reply.setHeader("In-Reply-To", parentId);
            reply.setHeader("References", parentId);
            account.deliver(reply);
            account.deliver(mail(c.customer(), c.subject(), "Any news? We still cannot print."));
        }

        MailboxPoller poller = pollers.create(account.mailbox());
        assertThat(poller.poll()).isTrue();
        poller.close();

        for (Conversation c : conversations) {
            List<String> customerTickets = ticketsOfMessagesFrom(c.customer());
            List<String> colleagueTickets = ticketsOfMessagesFrom(c.colleague());
            assertThat(customerTickets).as("both mails of " + c.customer()).hasSize(2);
            assertThat(colleagueTickets).as("the reply of " + c.colleague()).hasSize(1);
            assertThat(customerTickets).as("one ticket for the whole conversation " + c.subject())
                    .containsOnly(colleagueTickets.get(0));
            assertThat(ticketsOf(c.customer())).isEqualTo(1);
        }
    }

    @SuppressWarnings("rawtypes")
    private List<String> ticketsOfMessagesFrom(String address) throws IOException {
        es.indices().refresh(r -> r.index("ingest-messages"));
        return es.search(s -> s.index("ingest-messages").size(10)
                .query(q -> q.term(t -> t.field("from").value(address))), Map.class)
                .hits().hits().stream().map(Hit::source).map(m -> String.valueOf(m.get("ticket"))).toList();
    }
}
