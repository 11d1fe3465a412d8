package io.ticketflow.parse.channel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ticketflow.vocabulary.ParsedMessage;
import io.ticketflow.vocabulary.RawMessage;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * One Prometheus Alertmanager alert as stored by the webhook (the alert with its group's receiver): the subject says
 * state, alert name and instance, the text its summary, description, labels and where to look. The sender is the
 * receiver ({@code alertmanager:<receiver>}), never an address anything could mail.
 */
public final class AlertmanagerPayloadParser implements ChannelPayloadParser {

    public static final String CHANNEL = "alertmanager";
    public static final String CONTENT_TYPE = "application/vnd.ticketflow.alertmanager+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String contentType() {
        return CONTENT_TYPE;
    }

    @Override
    public ParsedMessage parse(RawMessage raw, AttachmentText files) {
        JsonNode alert;
        try {
            alert = JSON.readTree(raw.bytes());
        }
        catch (IOException e) {
            throw new UnreadablePayloadException("Alertmanager alert is not JSON: " + e.getMessage());
        }
        if (alert == null || !alert.path("labels").isObject() || alert.path("fingerprint").asText("").isBlank()) {
            throw new UnreadablePayloadException("Alertmanager alert has no labels or fingerprint");
        }
        JsonNode labels = alert.path("labels");
        JsonNode annotations = alert.path("annotations");
        boolean resolved = "resolved".equalsIgnoreCase(alert.path("status").asText());
        String name = labels.path("alertname").asText("alert");
        String instance = labels.path("instance").asText(labels.path("job").asText(""));
        String summary = annotations.path("summary").asText("");
        String subject = "[" + (resolved ? "RESOLVED" : "FIRING") + "] " + name + (instance.isBlank() ? "" : " on " + instance)
                + (summary.isBlank() ? "" : ": " + summary);
        StringBuilder text = new StringBuilder(subject).append('\n');
        if (!annotations.path("description").asText("").isBlank()) {
            text.append('\n').append(annotations.path("description").asText()).append('\n');
        }
        text.append("\nLabels:\n");
        labels.fields().forEachRemaining(e -> text.append("  ").append(e.getKey()).append(" = ")
                .append(e.getValue().asText()).append('\n'));
        text.append("\nStarted: ").append(alert.path("startsAt").asText(""));
        if (resolved) {
            text.append("\nEnded: ").append(alert.path("endsAt").asText(""));
        }
        if (!alert.path("generatorUrl").asText("").isBlank()) {
            text.append("\nSource: ").append(alert.path("generatorUrl").asText());
        }
        String receiver = alert.path("receiver").asText("alertmanager");
        String fingerprint = alert.path("fingerprint").asText();
        return ChannelMessages.toParsed(new ChannelMessages.Chat(CHANNEL, raw.externalId(), raw.externalId(), fingerprint,
                receiver, "Alertmanager (" + receiver + ")", text.toString(), sentAt(alert, resolved, raw), List.of(),
                List.of(), null, null)).withSubject(subject);
    }

    private static Instant sentAt(JsonNode alert, boolean resolved, RawMessage raw) {
        String at = alert.path(resolved ? "endsAt" : "startsAt").asText("");
        try {
            return at.isBlank() ? raw.receivedAt() : OffsetDateTime.parse(at).toInstant();
        }
        catch (DateTimeParseException e) {
            return raw.receivedAt();
        }
    }
}
