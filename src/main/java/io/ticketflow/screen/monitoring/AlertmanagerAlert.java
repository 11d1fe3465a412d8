package io.ticketflow.screen.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One alert of a Prometheus Alertmanager webhook (payload version 4), as Ticketflow stores it: the alert with the
 * group's receiver, group key and external URL beside it, so each alert is a raw message of its own (a group
 * notification carries several alerts, each with its own life).
 *
 * @param externalId what makes a delivery of this alert state unique: fingerprint, status and the start (and end) time,
 *                   so Alertmanager's repeats of the same state are one raw message, and a new state is a new one
 */
public record AlertmanagerAlert(String receiver, String groupKey, String externalUrl, String status, String fingerprint,
        Map<String, String> labels, Map<String, String> annotations, String startsAt, String endsAt,
        String generatorUrl) {

    public static final String CONTENT_TYPE = "application/vnd.ticketflow.alertmanager+json";
    public static final String CHANNEL = "alertmanager";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Alertmanager's "no end yet" time. */
    private static final String NO_END = "0001-01-01T00:00:00Z";

    public AlertmanagerAlert {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    }

    public boolean resolved() {
        return "resolved".equalsIgnoreCase(status);
    }

    public String externalId() {
        return fingerprint + ":" + (resolved() ? "resolved:" + startsAt + ":" + endsAt : "firing:" + startsAt);
    }

    public MonitoringNotice notice() {
        String host = first(labels.get("instance"), labels.get("job"), labels.get("alertname"), "alertmanager");
        return new MonitoringNotice(CHANNEL, host, labels.get("alertname"), resolved() ? "resolved" : "firing",
                resolved() ? "resolved" : first(labels.get("severity"), "unknown", null, null), resolved(),
                fingerprint, labels);
    }

    /** The alerts of a webhook body, each to be stored on its own. */
    public static List<AlertmanagerAlert> split(byte[] body) throws IOException {
        JsonNode payload = JSON.readTree(body);
        if (payload == null || !payload.path("alerts").isArray()) {
            throw new IOException("not an Alertmanager webhook payload: no alerts array");
        }
        List<AlertmanagerAlert> alerts = new ArrayList<>();
        for (JsonNode alert : payload.path("alerts")) {
            String fingerprint = alert.path("fingerprint").asText("");
            if (fingerprint.isBlank()) {
                // older Alertmanagers: the group key and alert name stand in for the identity
                fingerprint = payload.path("groupKey").asText("") + "/" + alert.path("labels").path("alertname").asText("");
            }
            alerts.add(new AlertmanagerAlert(payload.path("receiver").asText(null), payload.path("groupKey").asText(null),
                    payload.path("externalURL").asText(null), alert.path("status").asText(payload.path("status").asText("firing")),
                    fingerprint, strings(alert.path("labels")), strings(alert.path("annotations")),
                    alert.path("startsAt").asText(""), end(alert.path("endsAt").asText("")),
                    alert.path("generatorURL").asText(null)));
        }
        return alerts;
    }

    /** The stored payload of one alert. */
    public byte[] toJson() {
        ObjectNode node = JSON.valueToTree(this);
        try {
            return JSON.writeValueAsBytes(node);
        }
        catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static AlertmanagerAlert fromJson(byte[] payload) {
        try {
            return JSON.readValue(new String(payload, StandardCharsets.UTF_8), AlertmanagerAlert.class);
        }
        catch (IOException e) {
            throw new IllegalArgumentException("stored Alertmanager alert is not readable: " + e.getMessage(), e);
        }
    }

    private static Map<String, String> strings(JsonNode node) {
        Map<String, String> out = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    private static String end(String endsAt) {
        return NO_END.equals(endsAt) ? "" : endsAt;
    }

    private static String first(String a, String b, String c, String d) {
        for (String s : new String[] { a, b, c, d }) {
            if (s != null && !s.isBlank()) {
                return s;
            }
        }
        return null;
    }
}
