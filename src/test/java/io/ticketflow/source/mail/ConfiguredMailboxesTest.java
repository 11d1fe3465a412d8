package io.ticketflow.source.mail;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ticketflow.testing.TestMailServer;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;

/**
 * The mailboxes configured for the running application: {@code good} (IMAP IDLE, fallback poll only every 2 minutes)
 * and {@code broken} (wrong password), each on its own route and thread.
 */
class ConfiguredMailboxesTest extends IngestionTest {

    @Autowired
    private TestRestTemplate http;

    @Autowired
    private CamelContext camel;

    @Test
    void brokenMailboxDoesNotStopTheOtherAndHealthShowsTheError() throws Exception {
        // the broken mailbox's route has run a poll (every 500 ms) to its end: its failure is in its status
        NotifyBuilder brokenPolled = new NotifyBuilder(camel).fromRoute("mailbox-broken").whenDone(1).create();
        assertThat(brokenPolled.matches(30, TimeUnit.SECONDS)).as("a poll of the broken mailbox").isTrue();
        assertThat(pollers.status("broken")).isNotNull();
        assertThat(pollers.status("broken").healthy()).as("the broken mailbox failed").isFalse();
        MailboxStatus status = settled("good");
        long before = status.processed();
        String c = customer();
        send(c, "While another mailbox is broken");
        await("the good mailbox to handle the mail", Duration.ofSeconds(30),
                () -> status.processed() > before ? true : null);
        assertThat(messagesFrom(c)).isEqualTo(1);

        JsonNode health = new ObjectMapper().readTree(http.getForObject("/actuator/health/mailboxes", String.class));
        JsonNode broken = health.path("components").path("broken");
        assertThat(broken.path("status").asText()).isEqualTo("DOWN");
        assertThat(broken.path("details").path("lastError").asText()).containsIgnoringCase("login");
        assertThat(broken.path("details").path("consecutiveFailures").asInt()).isPositive();
        JsonNode good = health.path("components").path("good");
        assertThat(good.path("status").asText()).isEqualTo("UP");
        assertThat(good.path("details").path("processed").asLong()).isPositive();
        assertThat(good.path("details").path("inFolder").asInt())
                .isEqualTo(good.path("details").path("handledInFolder").asInt() + good.path("details").path("pending").asInt());
        assertThat(good.path("details").path("lastSuccessfulPoll").asText()).isNotEqualTo("never");
    }

    @Test
    void newMailIsPickedUpThroughIdleLongBeforeTheFallbackPoll() throws Exception {
        MailboxStatus good = settled("good");
        long before = good.processed();
        String c = customer();
        long sent = System.nanoTime();
        send(c, "IDLE latency");
        // the fallback poll is 2 minutes away: only IDLE can bring the mail in this soon
        await("the mail to be processed", Duration.ofSeconds(60), () -> good.processed() > before ? true : null);
        long latencyMs = (System.nanoTime() - sent) / 1_000_000;
        System.out.println("IDLE: mail sent -> processed in " + latencyMs + " ms");
        assertThat(messagesFrom(c)).isEqualTo(1);
    }

    static void send(String from, String subject) throws Exception {
        Properties p = new Properties();
        p.setProperty("mail.smtp.host", "127.0.0.1");
        p.setProperty("mail.smtp.port", Integer.toString(TestMailServer.smtpPort()));
        MimeMessage m = new MimeMessage(Session.getInstance(p));
        m.setFrom(new InternetAddress(from));
        m.setRecipients(Message.RecipientType.TO, GOOD);
        m.setSubject(subject);
        m.setText("Sent over SMTP to the configured mailbox.");
        Transport.send(m);
    }
}
