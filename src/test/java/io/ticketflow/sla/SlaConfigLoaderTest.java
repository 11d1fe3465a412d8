package io.ticketflow.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ticketflow.ticket.Ticket;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SlaConfigLoaderTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @TempDir
    Path dir;

    @Test
    void shippedFileIsValid() throws IOException {
        SlaConfig config = SlaConfigLoader.load("config/sla.yml", Files.readString(Path.of("config/sla.yml")));

        assertThat(config.defaultPolicy()).isEqualTo("standard");
        assertThat(config.policy("standard").targetsFor("high").firstResponse()).isEqualTo(Duration.ofHours(4));
        assertThat(config.policy("standard").targetsFor("made-up").firstResponse()).as("default priority")
                .isEqualTo(Duration.ofHours(8));
        assertThat(config.policy("standard").escalation()).extracting(SlaPolicy.EscalationStep::level)
                .containsExactly("L1", "L2");
        assertThat(config.queues().get("incidents").policy()).isEqualTo("incident");
        assertThat(config.followups()).isEqualTo(new SlaConfig.Followups(3, 1, 4, true));
    }

    @Test
    void errorsNameFileLineAndFieldAllAtOnce() {
        String yaml = """
                default-policy: standard
                calendars:
                  office:
                    time-zone: Europe/Atlantis
                    hours:
                      mon-fri: "08:00-18:00"
                      funday: "09:00-10:00"
                policies:
                  standard:
                    calendar: offices
                    default-priority: normal
                    targets:
                      normal: { first-response: 4h, resolution: PT40H }
                    escalation:
                      - { before-due: PT1H, level: boss }
                queues:
                  billing: { policy: gold }
                colour: blue
                """;

        assertThatThrownBy(() -> SlaConfigLoader.load("config/sla.yml", yaml))
                .isInstanceOf(SlaConfigLoader.SlaConfigException.class)
                .hasMessageContaining("config/sla.yml:4: calendars.office.time-zone: unknown time zone \"Europe/Atlantis\"")
                .hasMessageContaining("config/sla.yml:7: calendars.office.hours.funday: not a day")
                .hasMessageContaining("config/sla.yml:10: policies.standard.calendar: no calendar named \"offices\"")
                .hasMessageContaining("config/sla.yml:13: policies.standard.targets.normal.first-response: \"4h\" is not a duration")
                .hasMessageContaining("config/sla.yml:15: policies.standard.escalation[0].level: \"boss\" is not a support level")
                .hasMessageContaining("config/sla.yml:17: queues.billing.policy: no policy named \"gold\"")
                .hasMessageContaining("config/sla.yml:18: colour: unknown field");
    }

    @Test
    void yamlSyntaxErrorNamesTheLine() {
        assertThatThrownBy(() -> SlaConfigLoader.load("config/sla.yml", "policies:\n  a: [1, 2\nqueues: {}\n"))
                .hasMessageStartingWith("config/sla.yml:");
    }

    @Test
    void businessTimeSkipsNightsWeekendsAndHolidays() throws IOException {
        SlaConfig config = SlaConfigLoader.load("config/sla.yml", Files.readString(Path.of("config/sla.yml")));
        BusinessCalendar office = config.calendars().get("office");
        // Friday 17:00 Berlin + 4 business hours = Monday 11:00
        Instant friday = Instant.parse("2026-03-06T16:00:00Z");
        assertThat(office.plusBusinessTime(friday, Duration.ofHours(4)).atZone(BERLIN).toLocalDateTime())
                .hasToString("2026-03-09T11:00");
        // Saturday night counts from Monday 08:00
        assertThat(office.plusBusinessTime(Instant.parse("2026-03-07T22:00:00Z"), Duration.ofMinutes(30))
                .atZone(BERLIN).toLocalDateTime()).hasToString("2026-03-09T08:30");
        // 23 Dec 2026 (Wed) 17:00 + 2 h: 24, 25, 26 Dec are holidays, 27 is Sunday → Monday 28 Dec 09:00
        assertThat(office.plusBusinessTime(Instant.parse("2026-12-23T16:00:00Z"), Duration.ofHours(2))
                .atZone(BERLIN).toLocalDateTime()).hasToString("2026-12-28T09:00");
        // three business days after Thursday 10:00 is Tuesday 10:00
        assertThat(office.plusBusinessDays(Instant.parse("2026-03-05T09:00:00Z"), 3).atZone(BERLIN).toLocalDateTime())
                .hasToString("2026-03-10T10:00");
        BusinessCalendar always = config.calendars().get("round-the-clock");
        assertThat(always.plusBusinessTime(friday, Duration.ofHours(4))).isEqualTo(friday.plus(Duration.ofHours(4)));
    }

    @Test
    void policyComesFromTheTicketThenItsQueueThenTheDefault() throws IOException {
        Path file = dir.resolve("sla.yml");
        Files.copy(Path.of("config/sla.yml"), file);
        SlaPolicies policies = new SlaPolicies(new SlaPolicies.Properties(file.toString()));
        Ticket plain = Ticket.open("1", "imap", "a@example.com", "A", "s", Instant.parse("2026-03-02T09:00:00Z"));
        Ticket incidents = plain.withTriage(new Ticket.Triage("incidents", null, null, null, null, null, null, null, null));
        Ticket routed = incidents.withSla(new Ticket.Sla("standard", null, null, null, null, null));

        assertThat(policies.policyFor(plain).name()).isEqualTo("standard");
        assertThat(policies.policyFor(incidents).name()).isEqualTo("incident");
        assertThat(policies.policyFor(routed).name()).isEqualTo("standard");
        assertThat(policies.escalationAddress(incidents)).isEqualTo("oncall@ticketflow.local");
        assertThat(policies.escalationAddress(plain)).isEqualTo("escalations@ticketflow.local");
        // incident policy: round the clock, high by default: first response 1 h after creation
        assertThat(policies.withDueTimes(incidents).sla().firstResponseDueAt())
                .isEqualTo(Instant.parse("2026-03-02T10:00:00Z"));
    }

    @Test
    void badEditKeepsTheRunningPoliciesAndAGoodEditReplacesThem() throws IOException {
        Path file = dir.resolve("sla.yml");
        Files.copy(Path.of("config/sla.yml"), file);
        SlaPolicies policies = new SlaPolicies(new SlaPolicies.Properties(file.toString()));
        String good = Files.readString(file);

        write(file, good.replace("first-response: PT4H,", "first-response: four hours,"), 1);
        assertThat(policies.reloadIfChanged()).contains(file + ":").contains("first-response");
        assertThat(policies.config().policy("standard").targetsFor("high").firstResponse()).isEqualTo(Duration.ofHours(4));

        write(file, good.replace("first-response: PT4H,", "first-response: PT2H,"), 2);
        assertThat(policies.reloadIfChanged()).isNull();
        assertThat(policies.config().policy("standard").targetsFor("high").firstResponse()).isEqualTo(Duration.ofHours(2));
        assertThat(policies.lastError()).isNull();
    }

    @Test
    void queuesHaveTheirOwnCalendarsNextResponseTargetsAndShareLeads() throws IOException {
        Path file = dir.resolve("sla.yml");
        Files.copy(Path.of("config/sla.yml"), file);
        SlaPolicies policies = new SlaPolicies(new SlaPolicies.Properties(file.toString()));
        SlaConfig config = policies.config();
        assertThat(config.queues().get("enterprise").calendar()).isEqualTo("office-us");
        assertThat(config.policy("incident").targetsFor("normal").nextResponse()).isEqualTo(Duration.ofHours(2));
        SlaPolicy.EscalationStep eighty = config.policy("incident").escalation().get(0);
        assertThat(eighty.share()).isEqualTo(0.8);
        assertThat(eighty.lead(Duration.ofHours(1))).as("80 % of one hour gone: 12 minutes before due")
                .isEqualTo(Duration.ofMinutes(12));

        // the same Wednesday 16:00 UTC: 17:00 in Berlin (one office hour left), 11:00 in New York
        Instant wednesday = Instant.parse("2026-12-23T16:00:00Z");
        Ticket berlin = Ticket.open("1", "imap", "a@example.com", "A", "s", wednesday)
                .withTriage(new Ticket.Triage("billing", null, "high", null, null, null, null, null, null));
        Ticket newYork = berlin.withTriage(new Ticket.Triage("enterprise", null, "high", null, null, null, null, null,
                null));
        assertThat(policies.calendarFor(newYork).name()).isEqualTo("office-us");
        // Berlin: 1 h on the 23rd, 24-26 Dec holidays, Sunday → Monday 28 Dec 11:00 Berlin
        assertThat(policies.withDueTimes(berlin).sla().firstResponseDueAt())
                .isEqualTo(Instant.parse("2026-12-28T10:00:00Z"));
        // New York: 11:00 + 4 h = 15:00 the same day
        assertThat(policies.withDueTimes(newYork).sla().firstResponseDueAt())
                .isEqualTo(Instant.parse("2026-12-23T20:00:00Z"));
        // 24 Dec 16:00 NY + 4 h: 25 Dec is a US holiday, so 26 Dec is Saturday → Monday 28 Dec 12:00 NY
        BusinessCalendar us = config.calendars().get("office-us");
        assertThat(us.plusBusinessTime(Instant.parse("2026-12-24T21:00:00Z"), Duration.ofHours(4)))
                .isEqualTo(Instant.parse("2026-12-28T17:00:00Z"));
        // business time between: Friday 17:00 Berlin to Monday 09:00 Berlin is two office hours
        BusinessCalendar office = config.calendars().get("office");
        assertThat(office.businessTimeBetween(Instant.parse("2026-03-06T16:00:00Z"), Instant.parse("2026-03-09T08:00:00Z")))
                .isEqualTo(Duration.ofHours(2));
        assertThat(office.businessTimeBetween(Instant.parse("2026-12-23T16:00:00Z"), Instant.parse("2026-12-28T08:00:00Z")))
                .as("holidays and the weekend do not count").isEqualTo(Duration.ofHours(2));
    }

    @Test
    void badQueueCalendarsSharesAndNextResponseTargetsNameTheirLines() {
        String yaml = """
                default-policy: standard
                calendars:
                  office: { time-zone: UTC, hours: { mon-fri: "08:00-18:00" } }
                policies:
                  standard:
                    calendar: office
                    default-priority: normal
                    targets:
                      normal: { first-response: PT4H, next-response: soon, resolution: PT40H }
                    escalation:
                      - { at: 180%, level: L1 }
                      - { at: 50%, before-due: PT1H, level: L1 }
                queues:
                  billing: { policy: standard, calendar: offices }
                """;

        assertThatThrownBy(() -> SlaConfigLoader.load("config/sla.yml", yaml))
                .isInstanceOf(SlaConfigLoader.SlaConfigException.class)
                .hasMessageContaining("config/sla.yml:9: policies.standard.targets.normal.next-response: \"soon\" is not a duration")
                .hasMessageContaining("config/sla.yml:11: policies.standard.escalation[0].at: \"180%\" is not a share")
                .hasMessageContaining("config/sla.yml:12: policies.standard.escalation[1].at: write either at")
                .hasMessageContaining("config/sla.yml:14: queues.billing.calendar: no calendar named \"offices\"");
    }

    private static void write(Path file, String content, int tick) throws IOException {
        Files.writeString(file, content);
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2030-01-01T00:00:00Z").plusSeconds(tick)));
    }
}
