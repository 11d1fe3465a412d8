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

    private static void write(Path file, String content, int tick) throws IOException {
        Files.writeString(file, content);
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2030-01-01T00:00:00Z").plusSeconds(tick)));
    }
}
