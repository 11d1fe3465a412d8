package io.ticketflow.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ticketflow.testing.RealPartsTest;
import io.ticketflow.testing.TestMailServer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * A monitoring system's notification mail gets no acknowledgement (the issue measured one sent to Nagios), while a
 * person's mail from a look-alike address still does. Incidents per alert identity: AlertIncidentTest.
 */
class MonitoringMailTest extends RealPartsTest {

    @Test
    void aNagiosNotificationIsNeverAcknowledged() throws Exception {
        String nagios = "nagios-" + UUID.randomUUID().toString().substring(0, 8) + "@monitor.example";
        String host = "web" + UUID.randomUUID().toString().substring(0, 6);
        JsonNode problem = post(nagios, "** PROBLEM Service Alert: " + host + "/HTTP is CRITICAL **",
                "***** Nagios *****\n\nNotification Type: PROBLEM\n\nService: HTTP\nHost: " + host
                        + "\nState: CRITICAL\n\nInfo:\nConnection refused\n");
        assertThat(problem.path("outcome").asText()).isEqualTo("created");
        assertThat(problem.path("reason").asText())
                .contains("no acknowledgement: monitoring notification (nagios-service: " + host + "/http)");

        String person = "ops-" + UUID.randomUUID().toString().substring(0, 8) + "@monitor.example";
        JsonNode question = post(person, "Question about a PROBLEM Service Alert we got", "Is this on your side?");
        assertThat(question.path("reason").asText()).doesNotContain("no acknowledgement");

        await("the person's acknowledgement", java.time.Duration.ofSeconds(30),
                () -> TestMailServer.mailsTo(person).isEmpty() ? null : true);
        JsonNode ticket = getJson("/api/tickets/" + problem.path("ticket").asText());
        assertThat(ticket.path("outgoing")).isEmpty();
        assertThat(TestMailServer.mailsTo(nagios)).isEmpty();
    }

    private JsonNode post(String from, String subject, String body) throws Exception {
        String mail = "From: " + from + "\r\nTo: " + TestMailServer.SUPPORT + "\r\nSubject: " + subject
                + "\r\nMessage-ID: <" + UUID.randomUUID() + "@monitor.example>\r\nDate: Sun, 6 Dec 2026 09:00:00 +0000\r\n\r\n"
                + body.replace("\n", "\r\n");
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.parseMediaType("message/rfc822"));
        ResponseEntity<String> answer = http.postForEntity("/api/messages",
                new HttpEntity<>(mail.getBytes(StandardCharsets.UTF_8), headers), String.class);
        return JSON.readTree(answer.getBody());
    }
}
