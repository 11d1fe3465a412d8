package io.ticketflow.embedded;

import io.ticketflow.store.TicketStore;
import io.ticketflow.ticket.Ticket;
import io.ticketflow.vocabulary.TicketflowIdentity;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * {@code ticketflow run --demo}: writes a few customer mails to the support address over SMTP, shows the tickets as
 * they appear, then answers one acknowledgement from the demo customer's mailbox so the reply lands on its ticket.
 * Everything goes through the real path (SMTP → IMAP poll → pipeline → Elasticsearch → SMTP).
 */
@Component
@ConditionalOnProperty(name = "ticketflow.demo.enabled", havingValue = "true")
class DemoMailer {

    private static final Logger log = LoggerFactory.getLogger(DemoMailer.class);

    private record Sample(String from, String name, String subject, String body) {
    }

    private static final List<Sample> SAMPLES = List.of(
            new Sample("customer@example.com", "Alice Customer", "I was charged twice for my subscription",
                    "Hello,\n\nmy credit card shows two charges of 49.00 EUR for invoice INV-2291 this month.\n"
                            + "Please refund one of them.\n\nThanks,\nAlice"),
            new Sample("bob@example.org", "Bob Builder", "Cannot log in since this morning",
                    "Hi support,\n\nsince 8:00 today I get 'invalid password' although I reset it twice.\n"
                            + "Our whole team is blocked.\n\nBob"),
            new Sample("carla@example.net", "Carla Díaz", "Frage zur Rechnung",
                    "Guten Tag,\n\nkönnen Sie mir die Rechnung für März noch einmal schicken?\n\nViele Grüße\nCarla"),
            new Sample("newsletter@shop.example", "Shop News", "Our spring sale starts now",
                    "Up to 50% off! Unsubscribe at https://shop.example/unsubscribe"));

    private final Environment env;
    private final TicketStore tickets;
    private final TicketflowIdentity identity;

    DemoMailer(Environment env, TicketStore tickets, TicketflowIdentity identity) {
        this.env = env;
        this.tickets = tickets;
        this.identity = identity;
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        Thread demo = new Thread(this::run, "ticketflow-demo");
        demo.setDaemon(true);
        demo.start();
    }

    private void run() {
        try {
            Session session = Session.getInstance(smtpProperties());
            for (Sample sample : SAMPLES) {
                MimeMessage m = new MimeMessage(session);
                m.setFrom(new InternetAddress(sample.from(), sample.name(), "UTF-8"));
                m.setRecipients(Message.RecipientType.TO, identity.supportAddresses().get(0));
                m.setSubject(sample.subject(), "UTF-8");
                m.setText(sample.body(), "UTF-8");
                if (sample.from().startsWith("newsletter")) {
                    m.setHeader("List-Unsubscribe", "<https://shop.example/unsubscribe>");
                    m.setHeader("Precedence", "bulk");
                }
                Transport.send(m);
                log.info("demo: {} wrote \"{}\"", sample.from(), sample.subject());
            }
            Set<String> seen = new HashSet<>();
            watchTickets(seen, 3, 60);
            replyToAcknowledgement(session);
            watchTickets(seen, 4, 30);
            log.info("demo: done. Browse http://localhost:{}/api/tickets (with the admin token above) - or write your own mail to {} via SMTP port {}",
                    env.getProperty("local.server.port"), identity.supportAddresses().get(0),
                    env.getProperty("ticketflow.smtp.port"));
        }
        catch (Exception e) {
            log.warn("demo: stopped: {}", e.toString());
        }
    }

    private void watchTickets(Set<String> seen, int expected, int seconds) throws InterruptedException {
        for (int i = 0; i < seconds; i++) {
            for (Ticket t : tickets.search(null, null, 0, 50).items()) {
                String key = t.number() + "/" + t.messageCount();
                if (seen.add(key)) {
                    log.info("demo: ticket {} [{}] {} message(s) from {}: \"{}\"", t.number(), t.status(),
                            t.messageCount(), t.customer(), t.subject());
                }
            }
            if (seen.size() >= expected) {
                return;
            }
            Thread.sleep(1000);
        }
    }

    /** The demo customer answers the acknowledgement, keeping the tag: the reply joins the existing ticket. */
    private void replyToAcknowledgement(Session session) throws Exception {
        // one session for both: the reply is sent through the SMTP settings of the session it was created in
        Store store = session.getStore("imap");
        store.connect("127.0.0.1", Integer.parseInt(env.getProperty("ticketflow.embedded.mail.active-imap-port")),
                env.getProperty("ticketflow.embedded.mail.customer-address"),
                env.getProperty("ticketflow.embedded.mail.customer-password"));
        try (store) {
            Folder inbox = store.getFolder("INBOX");
            for (int i = 0; i < 30 && (!inbox.exists() || countMessages(inbox) == 0); i++) {
                Thread.sleep(1000);
            }
            inbox.open(Folder.READ_ONLY);
            if (inbox.getMessageCount() == 0) {
                log.info("demo: no acknowledgement arrived in the customer's mailbox");
                return;
            }
            Message ack = inbox.getMessage(1);
            log.info("demo: customer received \"{}\"", ack.getSubject());
            MimeMessage reply = (MimeMessage) ack.reply(false);
            reply.setFrom(new InternetAddress(env.getProperty("ticketflow.embedded.mail.customer-address")));
            reply.setText("Thanks! Here is the bank statement line: 2x 49.00 EUR on 03/14.\n\nAlice", "UTF-8");
            Transport.send(reply);
            log.info("demo: customer replied \"{}\"", reply.getSubject());
            inbox.close(false);
        }
    }

    private static int countMessages(Folder folder) throws Exception {
        folder.open(Folder.READ_ONLY);
        try {
            return folder.getMessageCount();
        }
        finally {
            folder.close(false);
        }
    }

    private Properties smtpProperties() {
        Properties p = new Properties();
        p.setProperty("mail.smtp.host", env.getProperty("ticketflow.smtp.host", "127.0.0.1"));
        p.setProperty("mail.smtp.port", env.getProperty("ticketflow.smtp.port", "3025"));
        return p;
    }
}
