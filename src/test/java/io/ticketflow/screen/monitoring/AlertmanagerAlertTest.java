package io.ticketflow.screen.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertmanagerAlertTest {

    private static final String GROUP = """
            {"version": "4", "groupKey": "{}:{alertname=\\"DiskFull\\"}", "status": "firing", "receiver": "support",
             "externalURL": "http://am:9093", "alerts": [
              {"status": "firing", "labels": {"alertname": "DiskFull", "instance": "fs1", "severity": "warning"},
               "annotations": {"summary": "disk 95 %"}, "startsAt": "2026-12-06T10:00:00Z",
               "endsAt": "0001-01-01T00:00:00Z", "fingerprint": "aa11"},
              {"status": "resolved", "labels": {"alertname": "DiskFull", "instance": "fs2"},
               "annotations": {}, "startsAt": "2026-12-06T09:00:00Z", "endsAt": "2026-12-06T09:30:00Z",
               "fingerprint": "bb22"}]}
            """;

    @Test
    void eachAlertOfAGroupIsItsOwnNoticeWithTheFingerprintAsIdentity() throws IOException {
        List<AlertmanagerAlert> alerts = AlertmanagerAlert.split(GROUP.getBytes(StandardCharsets.UTF_8));

        assertThat(alerts).hasSize(2);
        MonitoringNotice firing = alerts.get(0).notice();
        assertThat(firing.identity()).isEqualTo("alertmanager:aa11");
        assertThat(firing.recovered()).isFalse();
        assertThat(firing.severityLabel()).isEqualTo("warning");
        assertThat(firing.host()).isEqualTo("fs1");
        assertThat(firing.labels()).containsEntry("alertname", "DiskFull");
        MonitoringNotice resolved = alerts.get(1).notice();
        assertThat(resolved.recovered()).isTrue();
        assertThat(resolved.identity()).isEqualTo("alertmanager:bb22");
        // the same state delivered again is the same raw message; a new firing is a new one
        assertThat(alerts.get(0).externalId()).isEqualTo("aa11:firing:2026-12-06T10:00:00Z");
        assertThat(alerts.get(1).externalId()).isEqualTo("bb22:resolved:2026-12-06T09:00:00Z:2026-12-06T09:30:00Z");
        assertThat(AlertmanagerAlert.fromJson(alerts.get(0).toJson())).isEqualTo(alerts.get(0));
    }

    @Test
    void aBodyWithoutAlertsIsRefused() {
        assertThatThrownBy(() -> AlertmanagerAlert.split("{\"status\": \"firing\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IOException.class).hasMessageContaining("no alerts array");
        assertThatThrownBy(() -> AlertmanagerAlert.split("not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IOException.class);
    }

    @Test
    void acknowledgementsAndDowntimesAreNotesNotProblems() {
        assertThat(new MonitoringNotice("nagios-service", "h", "s", "ACKNOWLEDGEMENT", "CRITICAL", false).note()).isTrue();
        assertThat(new MonitoringNotice("nagios-host", "h", null, "DOWNTIMEEND", "UP", false).note()).isTrue();
        assertThat(new MonitoringNotice("nagios-host", "h", null, "PROBLEM", "DOWN", false).note()).isFalse();
        assertThat(new MonitoringNotice("nagios-host", "h", null, "RECOVERY", "UP", true).note()).isFalse();
    }
}
