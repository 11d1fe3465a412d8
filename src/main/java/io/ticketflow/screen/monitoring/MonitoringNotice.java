package io.ticketflow.screen.monitoring;

import java.util.Locale;
import java.util.Map;

/**
 * What a monitoring notification says: which check, and whether it is a problem or its recovery.
 *
 * @param format   the id of the format that recognised it ({@code alertmanager} for the webhook)
 * @param service  null for a host alert
 * @param state    the notification's state word (PROBLEM, RECOVERY, CRIT, firing, resolved ...)
 * @param severity the check's state where the format has one (CRITICAL, WARNING, DOWN), else the state
 * @param key      the monitoring system's own identity of the alert (Alertmanager's fingerprint), or null to use
 *                 host and service
 * @param labels   the alert's labels where the system has them (Alertmanager), else empty
 */
public record MonitoringNotice(String format, String host, String service, String state, String severity,
        boolean recovered, String key, Map<String, String> labels) {

    public MonitoringNotice {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    public MonitoringNotice(String format, String host, String service, String state, String severity,
            boolean recovered) {
        this(format, host, service, state, severity, recovered, null, Map.of());
    }

    /** One open incident per identity: the system's key, else host + service (host alone for a host alert), case-folded. */
    public String identity() {
        String id = key != null ? format + ":" + key : service == null ? host : host + "/" + service;
        return id.toLowerCase(Locale.ROOT);
    }

    /**
     * A notification that is neither a new problem nor a recovery (an acknowledgement, a downtime, the flapping
     * detection's own notices): a note on the incident, never the reason to reopen or open one.
     */
    public boolean note() {
        return !recovered && state != null
                && state.strip().toUpperCase(Locale.ROOT).matches("ACKNOWLEDGEMENT|FLAPPING\\w*|DOWNTIME\\w*|CUSTOM");
    }

    /** The severity in lower case for rules and analysts ({@code critical}, {@code warning} ...). */
    public String severityLabel() {
        String s = severity != null ? severity : state;
        return s == null ? "unknown" : s.strip().toLowerCase(Locale.ROOT);
    }
}
