package io.ticketflow.operations;

import static org.assertj.core.api.Assertions.assertThat;

import io.ticketflow.testing.RealPartsTest;
import io.ticketflow.testing.TestMailServer;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;

/**
 * {@code /actuator/prometheus} of a running Ticketflow after a mail went through the support mailbox: the intake by
 * source and outcome, per-step durations, the outbox, the breaker, the mailbox's poll lag, last success and
 * leadership, and the cluster's leaderships are all there, with the values the mail produced.
 */
class PrometheusEndpointTest extends RealPartsTest {

    @Test
    void theScrapeShowsWhatAnOperatorAlertsOn() throws Exception {
        double before = value(scrape(), "ticketflow_intake_messages_total\\{channel=\"imap\",outcome=\"created\",source=\"support\"}");
        String customer = "metrics-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        send(customer, "Metrics " + UUID.randomUUID());

        String scrape = await("the mail counted as created from mailbox support", Duration.ofSeconds(30), () -> {
            String s = scrape();
            double now = value(s, "ticketflow_intake_messages_total\\{channel=\"imap\",outcome=\"created\",source=\"support\"}");
            // the mailbox's own count follows once the poller has acknowledged the mail
            return now >= (Double.isNaN(before) ? 0 : before) + 1
                    && value(s, "ticketflow_mailbox_messages_total\\{mailbox=\"support\"}") > 0 ? s : null;
        });
        assertThat(value(scrape, "ticketflow_intake_step_seconds_count\\{step=\"[^\"]+\"}")).isPositive();
        assertThat(scrape).contains("ticketflow_intake_step_seconds_sum{step=");
        assertThat(value(scrape, "ticketflow_mailbox_leader\\{mailbox=\"support\"}")).isEqualTo(1.0);
        assertThat(value(scrape, "ticketflow_cluster_leader\\{namespace=\"ticketflow-mailbox-support\"}")).isEqualTo(1.0);
        assertThat(value(scrape, "ticketflow_cluster_connected")).isEqualTo(1.0);
        assertThat(value(scrape, "ticketflow_mailbox_poll_lag_seconds\\{mailbox=\"support\"}")).isBetween(0.0, 30.0);
        assertThat(value(scrape, "ticketflow_mailbox_poll_success_timestamp_seconds\\{mailbox=\"support\"}"))
                .isGreaterThan(System.currentTimeMillis() / 1000.0 - 60);
        assertThat(value(scrape, "ticketflow_mailbox_poll_failures\\{mailbox=\"support\"}")).isZero();
        assertThat(value(scrape, "ticketflow_mailbox_messages_total\\{mailbox=\"support\"}")).isPositive();
        assertThat(value(scrape, "ticketflow_outbox_waiting")).isGreaterThanOrEqualTo(0.0);
        assertThat(value(scrape, "ticketflow_outbox_failing")).isGreaterThanOrEqualTo(0.0);
        assertThat(value(scrape, "ticketflow_automail_breaker_open")).isZero();
        // the acknowledgement counts in the shared window (store-backed values are re-read every few seconds)
        await("the acknowledgement in the global window", Duration.ofSeconds(30),
                () -> value(scrape(), "ticketflow_automail_window_sent") > 0 ? true : null);
        assertThat(value(scrape, "ticketflow_automail_window_limit")).isEqualTo(10000.0);
        assertThat(value(scrape, "ticketflow_automail_breaker_tripped")).isZero();
        assertThat(scrape).contains("ticketflow_automail_refused_total{reason=\"breaker\"}");

        // metrics are for admins; the probes are open (load balancers and Kubernetes call them without a token)
        org.springframework.boot.test.web.client.TestRestTemplate anonymous = new org.springframework.boot.test.web.client.TestRestTemplate();
        assertThat(anonymous.getForEntity(http.getRootUri() + "/actuator/prometheus", String.class).getStatusCode().value())
                .isEqualTo(401);
        assertThat(anonymous.getForEntity(http.getRootUri() + "/actuator/health/readiness", String.class).getStatusCode().value())
                .isEqualTo(200);
        assertThat(anonymous.getForEntity(http.getRootUri() + "/actuator/health/liveness", String.class).getStatusCode().value())
                .isEqualTo(200);
    }

    private String scrape() {
        ResponseEntity<String> response = http.getForEntity("/actuator/prometheus", String.class);
        assertThat(response.getStatusCode().value()).isEqualTo(200);
        return response.getBody();
    }

    /** The value of the first sample whose name and labels match (labels in Prometheus's sorted order); NaN if none. */
    private static double value(String scrape, String sample) {
        Matcher m = Pattern.compile("(?m)^" + sample + " (\\S+)$").matcher(scrape);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    private static void send(String from, String subject) throws Exception {
        Properties p = new Properties();
        p.setProperty("mail.smtp.host", "127.0.0.1");
        p.setProperty("mail.smtp.port", Integer.toString(TestMailServer.smtpPort()));
        MimeMessage m = new MimeMessage(Session.getInstance(p));
        m.setFrom(new InternetAddress(from));
        m.setRecipients(Message.RecipientType.TO, TestMailServer.SUPPORT);
        m.setSubject(subject, "UTF-8");
        m.setText("Please count me.", "UTF-8");
        Transport.send(m);
    }
}
