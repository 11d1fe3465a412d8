package io.ticketflow.intake;

import io.ticketflow.screen.monitoring.AlertmanagerAlert;
import io.ticketflow.screen.monitoring.MonitoringFormats;
import io.ticketflow.screen.monitoring.MonitoringNotice;
import io.ticketflow.vocabulary.Classification;
import io.ticketflow.vocabulary.Prediction;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code read alert}: a monitoring notification (an Alertmanager alert, or a mail in one of the admin's monitoring
 * formats) is an incident about one alert identity. The step says so where the next steps look: the type is
 * {@code incident} whatever the classifier thought, and the alert's source, status and severity are headers the
 * routing rules test ({@value #SEVERITY}: the {@code alertSeverity} condition). A mail's own headers of these names
 * are dropped first, so nobody can write an alert's severity into a customer mail.
 */
final class ReadAlert implements IntakeStep {

    static final String PREFIX = "x-ticketflow-alert-";
    static final String SEVERITY = PREFIX + "severity";

    private final MonitoringFormats formats;

    ReadAlert(MonitoringFormats formats) {
        this.formats = formats;
    }

    @Override
    public String name() {
        return "read alert";
    }

    @Override
    public Phase phase() {
        return Phase.DECIDE;
    }

    @Override
    public void apply(MessageInProgress m) {
        Map<String, List<String>> headers = new LinkedHashMap<>(m.parsed.headers());
        boolean forged = headers.keySet().removeIf(h -> h.startsWith(PREFIX));
        MonitoringNotice notice = AlertmanagerAlert.CONTENT_TYPE.equals(m.raw.contentType())
                ? AlertmanagerAlert.fromJson(m.raw.bytes()).notice()
                : m.raw.isMail() ? formats.recognise(m.parsed.subject(), m.parsed.text()).orElse(null) : null;
        if (notice != null) {
            headers.put(PREFIX + "source", List.of(notice.format()));
            headers.put(PREFIX + "status", List.of(notice.recovered() ? "resolved" : "firing"));
            headers.put(SEVERITY, List.of(notice.severityLabel()));
            headers.put(PREFIX + "identity", List.of(notice.identity()));
            m.alert = notice;
            // an alert keeps the cascade's full labels (alerts are few; an incident's labels are final here)
            m.refineLabels();
            m.classification = asIncident(m.classification);
        }
        if (notice != null || forged) {
            m.parsed = m.parsed.withHeaders(headers);
        }
    }

    private static Classification asIncident(Classification c) {
        Map<String, Prediction> predictions = new HashMap<>(c.predictions());
        predictions.put("type", new Prediction("incident", 1.0, false));
        return new Classification(c.language(), predictions);
    }
}
