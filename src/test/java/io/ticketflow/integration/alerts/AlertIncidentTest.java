package io.ticketflow.integration.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ticketflow.security.Role;
import io.ticketflow.testing.RealPartsTest;
import io.ticketflow.testing.TestMailServer;
import io.ticketflow.testing.TestTokens;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * Monitoring alerts become incidents that close on recovery: one open incident per alert identity, repeats append, a
 * recovery resolves, a problem soon after a recovery (flapping) reopens the same incident, a later one opens a new
 * incident linked to the last; nothing is ever mailed to the monitoring system. Real parts: the REST intake and the
 * Alertmanager webhook, Elasticsearch, GreenMail. The shared test context sets the flapping window to 4 s and the
 * Alertmanager secret (RealPartsTest).
 */
class AlertIncidentTest extends RealPartsTest {

    static final String SECRET = "alertmanager-test-secret";

    @Test
    void aNagiosProblemItsRepeatAndItsRecoveryAreOneResolvedIncident() throws Exception {
        String nagios = "nagios-" + UUID.randomUUID().toString().substring(0, 8) + "@monitor.example";
        String host = "db" + UUID.randomUUID().toString().substring(0, 6);
        JsonNode problem = mail(nagios, "** PROBLEM Service Alert: " + host + "/PostgreSQL is CRITICAL **", "CRITICAL");
        assertThat(problem.path("outcome").asText()).isEqualTo("created");
        String number = problem.path("ticket").asText();
        assertThat(problem.path("reason").asText()).contains("no acknowledgement: monitoring notification");

        JsonNode repeat = mail(nagios, "** PROBLEM Service Alert: " + host + "/PostgreSQL is CRITICAL **", "CRITICAL");
        assertThat(repeat.path("outcome").asText()).isEqualTo("appended");
        assertThat(repeat.path("ticket").asText()).isEqualTo(number);

        JsonNode recovery = mail(nagios, "** RECOVERY Service Alert: " + host + "/PostgreSQL is OK **", "OK");
        assertThat(recovery.path("outcome").asText()).isEqualTo("appended");
        assertThat(recovery.path("ticket").asText()).isEqualTo(number);
        assertThat(recovery.path("reason").asText()).contains("incident resolved by the recovery of " + host + "/postgresql");

        JsonNode ticket = getJson("/api/tickets/" + number).path("ticket");
        assertThat(ticket.path("status").asText()).isEqualTo("solved");
        assertThat(ticket.path("triage").path("type").asText()).isEqualTo("incident");
        assertThat(ticket.path("triage").path("queue").asText()).isEqualTo("incidents");
        assertThat(ticket.path("triage").path("priority").asText()).isEqualTo("urgent");
        assertThat(ticket.path("alert").path("identity").asText()).isEqualTo(host + "/postgresql");
        assertThat(ticket.path("alert").path("source").asText()).isEqualTo("nagios-service");
        assertThat(ticket.path("alert").path("status").asText()).isEqualTo("resolved");
        assertThat(ticket.path("alert").path("labels").path("host").asText()).isEqualTo(host);
        assertThat(ticket.path("messageCount").asInt()).isEqualTo(3);
        Thread.sleep(1500);
        assertThat(TestMailServer.mailsTo(nagios)).as("nothing is ever mailed to the monitoring system").isEmpty();
    }

    @Test
    void aCustomerCannotWriteAnAlertSeverityIntoTheirMail() throws Exception {
        String customer = "c-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        String mail = "From: " + customer + "\r\nTo: " + TestMailServer.SUPPORT + "\r\nSubject: Please help with my login"
                + "\r\nX-Ticketflow-Alert-Severity: critical\r\nMessage-ID: <" + UUID.randomUUID() + "@example.com>\r\n"
                + "Date: Sun, 6 Dec 2026 09:00:00 +0000\r\n\r\nI cannot log in since this morning.\r\n";
        JsonNode outcome = post("/api/messages", mail.getBytes(StandardCharsets.UTF_8), "message/rfc822");
        JsonNode ticket = getJson("/api/tickets/" + outcome.path("ticket").asText()).path("ticket");
        assertThat(ticket.path("triage").path("queue").asText()).isNotEqualTo("incidents");
        assertThat(ticket.path("alert").isMissingNode() || ticket.path("alert").isNull()).isTrue();
    }

    @Test
    void alertmanagerFiringRepeatAndResolvedAreOneResolvedIncidentAndRedeliveryAddsNothing() throws Exception {
        String fingerprint = UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        String firing = payload("firing", fingerprint, "critical", "2026-12-06T10:00:00Z", "0001-01-01T00:00:00Z");
        JsonNode first = alertmanager(firing, SECRET);
        JsonNode outcome = first.path("alerts").get(0).path("result");
        assertThat(outcome.path("outcome").asText()).isEqualTo("created");
        String number = outcome.path("ticket").asText();

        // Alertmanager repeats the same state (repeat_interval): stored once, nothing new on the ticket
        JsonNode again = alertmanager(firing, SECRET).path("alerts").get(0).path("result");
        assertThat(again.path("duplicate").asBoolean()).isTrue();
        assertThat(again.path("ticket").asText()).isEqualTo(number);
        // the alert fired again after a restart of the rule: a new notification of the same identity appends
        JsonNode refired = alertmanager(payload("firing", fingerprint, "critical", "2026-12-06T10:05:00Z",
                "0001-01-01T00:00:00Z"), SECRET).path("alerts").get(0).path("result");
        assertThat(refired.path("outcome").asText()).isEqualTo("appended");
        assertThat(refired.path("ticket").asText()).isEqualTo(number);

        JsonNode resolved = alertmanager(payload("resolved", fingerprint, "critical", "2026-12-06T10:05:00Z",
                "2026-12-06T10:20:00Z"), SECRET).path("alerts").get(0).path("result");
        assertThat(resolved.path("ticket").asText()).isEqualTo(number);

        JsonNode view = getJson("/api/tickets/" + number);
        JsonNode ticket = view.path("ticket");
        assertThat(ticket.path("status").asText()).isEqualTo("solved");
        assertThat(ticket.path("channel").asText()).isEqualTo("alertmanager");
        assertThat(ticket.path("triage").path("type").asText()).isEqualTo("incident");
        assertThat(ticket.path("triage").path("priority").asText()).isEqualTo("urgent");
        assertThat(ticket.path("alert").path("identity").asText()).isEqualTo("alertmanager:" + fingerprint);
        assertThat(ticket.path("alert").path("labels").path("alertname").asText()).isEqualTo("PostgresDown");
        assertThat(ticket.path("alert").path("labels").path("team").asText()).isEqualTo("db");
        assertThat(ticket.path("messageCount").asInt()).isEqualTo(3);
        assertThat(ticket.path("subject").asText()).startsWith("[FIRING] PostgresDown on db-1:5432");
        assertThat(view.path("outgoing")).isEmpty();
    }

    @Test
    void flappingStaysOnOneIncidentAndALaterProblemOpensANewLinkedOne() throws Exception {
        String fingerprint = UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        String number = alertmanager(payload("firing", fingerprint, "warning", "2026-12-06T11:00:00Z", ""), SECRET)
                .path("alerts").get(0).path("result").path("ticket").asText();
        alertmanager(payload("resolved", fingerprint, "warning", "2026-12-06T11:00:00Z", "2026-12-06T11:01:00Z"), SECRET);
        JsonNode flap = alertmanager(payload("firing", fingerprint, "warning", "2026-12-06T11:02:00Z", ""), SECRET)
                .path("alerts").get(0).path("result");
        assertThat(flap.path("ticket").asText()).as("a problem within the flapping window reopens").isEqualTo(number);
        assertThat(getJson("/api/tickets/" + number).path("ticket").path("status").asText()).isEqualTo("open");
        assertThat(getJson("/api/tickets/" + number).path("ticket").path("triage").path("priority").asText())
                .isEqualTo("high");

        alertmanager(payload("resolved", fingerprint, "warning", "2026-12-06T11:02:00Z", "2026-12-06T11:03:00Z"), SECRET);
        Thread.sleep(4500); // beyond the test context's flapping window of 4 s
        JsonNode later = alertmanager(payload("firing", fingerprint, "warning", "2026-12-06T12:00:00Z", ""), SECRET)
                .path("alerts").get(0).path("result");
        assertThat(later.path("outcome").asText()).isEqualTo("created");
        String next = later.path("ticket").asText();
        assertThat(next).isNotEqualTo(number);
        assertThat(getJson("/api/tickets/" + next).path("ticket").path("links").path("related").toString())
                .contains(number);
        assertThat(getJson("/api/tickets/" + number).path("ticket").path("status").asText()).isEqualTo("solved");
    }

    @Test
    void onlyTheSecretOrAnIntakeTokenMayPostAlertsAndARefusedPostStoresNothing() throws Exception {
        String fingerprint = UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        String body = payload("firing", fingerprint, "critical", "2026-12-06T13:00:00Z", "");
        assertThat(status(body, "wrong-secret")).isEqualTo(401);
        assertThat(status(body, null)).isEqualTo(401);
        JsonNode search = getJson("/api/tickets?q=" + fingerprint);
        assertThat(search.toString()).doesNotContain(fingerprint);

        // an API token of the intake role is the other way in
        String intake = TestTokens.create("alerts-intake-" + fingerprint, Role.INTAKE, null);
        // the service picks the tokens file up without a restart, within a moment
        await("the new intake token accepted", Duration.ofSeconds(30),
                () -> status("{\"alerts\": 3}", intake) == 400 ? true : null);
        String analyst = TestTokens.create("alerts-analyst-" + fingerprint, Role.ANALYST, null);
        await("the new analyst token known", Duration.ofSeconds(30),
                () -> status("{\"alerts\": 3}", analyst) != 401 ? true : null);
        assertThat(status(body, analyst)).as("an analyst may not post alerts").isEqualTo(403);
        JsonNode answer = alertmanager(body, intake);
        assertThat(answer.path("alerts").get(0).path("result").path("outcome").asText()).isEqualTo("created");
        assertThat(status("{\"alerts\": 3}", SECRET)).isEqualTo(400);
    }

    private int status(String body, String bearer) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        if (bearer != null) {
            headers.setBearerAuth(bearer);
        }
        return send(body, headers).getStatusCode().value();
    }

    private ResponseEntity<String> send(String body, HttpHeaders headers) {
        org.springframework.web.client.RestTemplate plain = new org.springframework.web.client.RestTemplate();
        plain.setErrorHandler(new org.springframework.web.client.DefaultResponseErrorHandler() {
            @Override
            public boolean hasError(org.springframework.http.client.ClientHttpResponse response) {
                return false;
            }
        });
        return plain.exchange(java.net.URI.create(http.getRootUri() + "/webhooks/alertmanager"),
                org.springframework.http.HttpMethod.POST, new HttpEntity<>(body.getBytes(StandardCharsets.UTF_8), headers),
                String.class);
    }

    private JsonNode alertmanager(String body, String bearer) throws Exception {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.setBearerAuth(bearer);
        ResponseEntity<String> answer = send(body, headers);
        assertThat(answer.getStatusCode().value()).as(answer.getBody()).isEqualTo(200);
        return JSON.readTree(answer.getBody());
    }

    private JsonNode mail(String from, String subject, String state) throws Exception {
        String mail = "From: " + from + "\r\nTo: " + TestMailServer.SUPPORT + "\r\nSubject: " + subject
                + "\r\nMessage-ID: <" + UUID.randomUUID() + "@monitor.example>\r\nDate: Sun, 6 Dec 2026 09:00:00 +0000\r\n\r\n"
                + "***** Nagios *****\r\n\r\nState: " + state + "\r\n";
        return post("/api/messages", mail.getBytes(StandardCharsets.UTF_8), "message/rfc822");
    }

    private JsonNode post(String path, byte[] body, String type) throws Exception {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.parseMediaType(type));
        ResponseEntity<String> answer = http.postForEntity(path, new HttpEntity<>(body, headers), String.class);
        return JSON.readTree(answer.getBody());
    }

    /** An Alertmanager webhook notification (version 4) with one alert. */
    static String payload(String status, String fingerprint, String severity, String startsAt, String endsAt) {
        String end = endsAt.isEmpty() ? "0001-01-01T00:00:00Z" : endsAt;
        return """
                {"version": "4", "groupKey": "{}:{alertname=\\"PostgresDown\\"}", "truncatedAlerts": 0,
                 "status": "%1$s", "receiver": "ticketflow", "externalURL": "http://alertmanager.example:9093",
                 "groupLabels": {"alertname": "PostgresDown"}, "commonLabels": {"alertname": "PostgresDown"},
                 "commonAnnotations": {},
                 "alerts": [{"status": "%1$s",
                   "labels": {"alertname": "PostgresDown", "instance": "db-1:5432", "severity": "%3$s", "team": "db"},
                   "annotations": {"summary": "PostgreSQL is down", "description": "db-1 has not answered for 5 minutes"},
                   "startsAt": "%4$s", "endsAt": "%5$s",
                   "generatorURL": "http://prometheus.example:9090/graph?g0.expr=pg_up+%%3D%%3D+0",
                   "fingerprint": "%2$s"}]}
                """.formatted(status, fingerprint, severity, startsAt, end);
    }
}
