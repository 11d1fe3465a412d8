package io.ticketflow.screen.monitoring;

/**
 * What a monitoring notification says: which check, and whether it is a problem or its recovery.
 *
 * @param format   the id of the format that recognised it
 * @param service  null for a host alert
 * @param state    the notification's state word (PROBLEM, RECOVERY, CRIT, Does not exist ...)
 * @param severity the check's state where the format has one (CRITICAL, WARNING, DOWN), else the state
 */
public record MonitoringNotice(String format, String host, String service, String state, String severity,
        boolean recovered) {

    /** One open incident per identity: host + service (host alone for a host alert), case-folded. */
    public String identity() {
        String id = service == null ? host : host + "/" + service;
        return id.toLowerCase(java.util.Locale.ROOT);
    }
}
