package io.ticketflow.screen.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ticketflow.config.ConfigFileException;
import org.junit.jupiter.api.Test;

/**
 * The shipped monitoring formats read the default notification mails of Nagios, Icinga 1 and 2, Checkmk and Monit:
 * the same check's problem and recovery have one identity, and only the recovery is recovered. Customer mail that
 * merely talks about alerts is not a notification; a broken admin file is refused with file:line.
 */
class MonitoringFormatsTest {

    private final MonitoringFormats formats = MonitoringFormats.shipped();

    @Test
    void nagiosServiceProblemAndRecoveryShareOneIdentity() {
        MonitoringNotice problem = recognise("** PROBLEM Service Alert: web01/HTTP is CRITICAL **", "");
        MonitoringNotice recovery = recognise("** RECOVERY Service Alert: web01/HTTP is OK **", "");
        assertThat(problem.format()).isEqualTo("nagios-service");
        assertThat(problem.identity()).isEqualTo("web01/http").isEqualTo(recovery.identity());
        assertThat(problem.severity()).isEqualTo("CRITICAL");
        assertThat(problem.recovered()).isFalse();
        assertThat(recovery.recovered()).isTrue();
        // the example, without the stars
        assertThat(recognise("PROBLEM Service Alert: db02/Disk Usage /var is WARNING", "").identity())
                .isEqualTo("db02/disk usage /var");
    }

    @Test
    void nagiosAndIcingaHostAlertsHaveTheHostAsIdentity() {
        MonitoringNotice down = recognise("** PROBLEM Host Alert: router7 is DOWN **", "");
        assertThat(down.format()).isEqualTo("nagios-host");
        assertThat(down.service()).isNull();
        assertThat(down.identity()).isEqualTo("router7");
        assertThat(recognise("** RECOVERY Host Alert: router7 is UP **", "").recovered()).isTrue();
        MonitoringNotice icinga = recognise("[PROBLEM] Host mail01 is DOWN!", "");
        assertThat(icinga.format()).isEqualTo("icinga2-host");
        assertThat(icinga.identity()).isEqualTo("mail01");
    }

    @Test
    void icinga2ServiceNotifications() {
        MonitoringNotice problem = recognise("[PROBLEM] ping4 on web01 is CRITICAL!", "");
        MonitoringNotice recovery = recognise("[RECOVERY] ping4 on web01 is OK!", "");
        assertThat(problem.format()).isEqualTo("icinga2-service");
        assertThat(problem.identity()).isEqualTo("web01/ping4").isEqualTo(recovery.identity());
        assertThat(problem.recovered()).isFalse();
        assertThat(recovery.recovered()).isTrue();
        assertThat(recognise("[ACKNOWLEDGEMENT] ping4 on web01 is CRITICAL!", "").recovered()).isFalse();
    }

    @Test
    void checkmkReadsTheNewStateAfterTheArrow() {
        MonitoringNotice crit = recognise("Check_MK: app3/CPU load OK -> CRIT", "");
        MonitoringNotice ok = recognise("Check_MK: app3/CPU load CRIT -> OK", "");
        assertThat(crit.format()).isEqualTo("checkmk-service");
        assertThat(crit.identity()).isEqualTo("app3/cpu load").isEqualTo(ok.identity());
        assertThat(crit.recovered()).isFalse();
        assertThat(ok.recovered()).isTrue();
        MonitoringNotice hostDown = recognise("Check_MK: app3 - UP -> DOWN", "");
        assertThat(hostDown.format()).isEqualTo("checkmk-host");
        assertThat(hostDown.identity()).isEqualTo("app3");
        assertThat(recognise("Check_MK: app3 - DOWN -> UP", "").recovered()).isTrue();
    }

    @Test
    void monitTakesTheHostFromTheBody() {
        String body = "Does not exist Service nginx \n\n\tDate:        Sun, 06 Dec 2026 08:00:00\n\tAction:      restart\n"
                + "\tHost:        www3.example.com\n\tDescription: process is not running\n\nYour faithful employee,\nMonit\n";
        MonitoringNotice problem = recognise("monit alert --  Does not exist nginx", body);
        MonitoringNotice recovery = recognise("monit alert --  Exists nginx", body.replace("Does not exist", "Exists"));
        assertThat(problem.format()).isEqualTo("monit");
        assertThat(problem.identity()).isEqualTo("www3.example.com/nginx").isEqualTo(recovery.identity());
        assertThat(problem.state()).isEqualTo("Does not exist");
        assertThat(problem.recovered()).isFalse();
        assertThat(recovery.recovered()).isTrue();
        assertThat(recognise("monit alert --  Status succeeded nginx", body).recovered()).isTrue();
        assertThat(formats.recognise("monit alert --  Does not exist nginx", "no host line here")).isEmpty();
    }

    @Test
    void customerMailAboutAlertsIsNotANotification() {
        assertThat(formats.recognise("Re: PROBLEM Service Alert on our side?", "We got many alerts")).isEmpty();
        assertThat(formats.recognise("Your monitoring sent me a PROBLEM mail", "")).isEmpty();
        assertThat(formats.recognise(null, null)).isEmpty();
    }

    @Test
    void theFirstMatchingFormatWinsInFileOrder() {
        MonitoringFormats ordered = MonitoringFormats.parse("""
                version: 1
                formats:
                  - id: ours
                    subject: '^ALERT (?P<host>\\S+) (?P<state>DOWN|UP)$'
                    recovery: '^UP$'
                  - id: catch-all
                    subject: '^ALERT (?P<host>\\S+) (?P<state>\\S+)$'
                    recovery: '^FINE$'
                """, "formats.yml");
        assertThat(ordered.recognise("ALERT h1 UP", "").orElseThrow().format()).isEqualTo("ours");
        assertThat(ordered.recognise("ALERT h1 FINE", "").orElseThrow().format()).isEqualTo("catch-all");
    }

    @Test
    void aBrokenFileIsRefusedWithFileAndLineOfEveryProblem() {
        String yaml = """
                version: 1
                formats:
                  - id: a
                    subject: '^X (?P<state>\\S+)$'
                    recovery: '^OK$'
                  - id: a
                    subject: '^Y (?P<host>\\S+) (?P<stat>\\S+'
                    recovery: '^OK$'
                  - id: c
                    subject: '^Z (?P<host>\\S+) (?P<state>\\S+)$'
                    colour: red
                """;
        assertThatThrownBy(() -> MonitoringFormats.parse(yaml, "monitoring.yml"))
                .isInstanceOf(ConfigFileException.class)
                .satisfies(e -> assertThat(e.getMessage())
                        .contains("monitoring.yml:4: formats[0].subject: needs a named group (?P<host>")
                        .contains("monitoring.yml:7: formats[1].subject: invalid regular expression")
                        .contains("monitoring.yml:9: formats[2].recovery: missing")
                        .contains("monitoring.yml:11: formats[2].colour: unknown field"));
    }

    private MonitoringNotice recognise(String subject, String body) {
        return formats.recognise(subject, body).orElseThrow(() -> new AssertionError("not recognised: " + subject));
    }
}
