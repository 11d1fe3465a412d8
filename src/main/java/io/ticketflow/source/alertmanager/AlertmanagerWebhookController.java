package io.ticketflow.source.alertmanager;

import io.ticketflow.intake.Intake;
import io.ticketflow.screen.monitoring.AlertmanagerAlert;
import io.ticketflow.store.StoreUnavailableException;
import io.ticketflow.vocabulary.ProcessingOutcome;
import io.ticketflow.vocabulary.RawMessage;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /webhooks/alertmanager}: Prometheus Alertmanager's webhook receiver (payload version 4). Each alert of
 * the notification is its own raw message (id from fingerprint, state and times, so Alertmanager's repeats of the same
 * state are stored once) and goes through the same intake as a mail; the answer is 200 with each alert's outcome only
 * once every alert is stored, else 503 and Alertmanager sends the notification again. Who may post: see
 * {@code security.AlertmanagerAccess}.
 */
@RestController
class AlertmanagerWebhookController {

    private static final Logger log = LoggerFactory.getLogger(AlertmanagerWebhookController.class);

    private final Intake intake;
    private final Clock clock;

    AlertmanagerWebhookController(Intake intake, Clock clock) {
        this.intake = intake;
        this.clock = clock;
    }

    /** The outcome of one alert of the notification. */
    record AlertOutcome(String fingerprint, String status, ProcessingOutcome result) {
    }

    @PostMapping(path = "/webhooks/alertmanager", consumes = MediaType.ALL_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Object> receive(@RequestBody(required = false) byte[] body) {
        List<AlertmanagerAlert> alerts;
        try {
            alerts = AlertmanagerAlert.split(body == null ? new byte[0] : body);
        }
        catch (IOException e) {
            return ResponseEntity.badRequest().body(Map.of("error", "bad_request", "message",
                    "not an Alertmanager webhook payload: " + e.getMessage()));
        }
        List<AlertOutcome> outcomes = new ArrayList<>();
        try {
            for (AlertmanagerAlert alert : alerts) {
                RawMessage raw = RawMessage.ofChannel(AlertmanagerAlert.CHANNEL, alert.receiver(), alert.toJson(),
                        AlertmanagerAlert.CONTENT_TYPE, alert.externalId(), alert.fingerprint(), clock.instant());
                outcomes.add(new AlertOutcome(alert.fingerprint(), alert.status(), intake.process(raw)));
            }
        }
        catch (StoreUnavailableException e) {
            log.warn("Alertmanager notification not stored (answered 503, Alertmanager retries): {}", e.toString());
            return ResponseEntity.status(503).body(Map.of("error", "unavailable", "message",
                    "not stored, send again later"));
        }
        return ResponseEntity.ok(Map.of("alerts", outcomes));
    }
}
