package io.ticketflow.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.nodes.Node;

class LocatedYamlTest {

    private static final Set<String> KNOWN = Set.of("name", "retries", "wait", "level", "enabled", "pattern", "share");

    @Test
    void everyProblemNamesFileLineAndFieldAndAllAreReportedInLineOrder() {
        LocatedYaml yaml = LocatedYaml.read("conf/x.yml", """
                name: box
                retries: many
                wait: 4h
                level: L7
                enabled: maybe
                pattern: "([unclosed"
                share: 1.5
                colour: blue
                """);
        Map<String, Node> f = yaml.fields(yaml.root(), "", KNOWN);
        assertThat(yaml.text(f.get("name"), "name")).isEqualTo("box");
        assertThat(yaml.integer(f.get("retries"), "retries", 0, 3)).isEqualTo(3);
        assertThat(yaml.duration(f.get("wait"), "wait")).isNull();
        assertThat(yaml.oneOf(f.get("level"), "level", List.of("L0", "L1"))).isNull();
        assertThat(yaml.bool(f.get("enabled"), "enabled", true)).isTrue();
        assertThat(yaml.regex(f.get("pattern"), "pattern")).isNull();
        assertThat(yaml.number(f.get("share"), "share", 0, 1)).isNull();
        yaml.required(f, "owner", yaml.root(), "", "who answers");

        assertThat(yaml.problems()).as("in line order, though the unknown field was found first").containsExactly(
                "conf/x.yml:1: owner: missing: who answers",
                "conf/x.yml:2: retries: \"many\" is not a whole number",
                "conf/x.yml:3: wait: \"4h\" is not a duration: write PT4H, PT30M, PT1H30M or P2D",
                "conf/x.yml:4: level: must be one of [L0, L1], found 'L7'",
                "conf/x.yml:5: enabled: expected true or false, found 'maybe'",
                "conf/x.yml:6: pattern: invalid regular expression: " + re2Error("([unclosed"),
                "conf/x.yml:7: share: expected a number between 0 and 1, found '1.5'",
                "conf/x.yml:8: colour: unknown field (known: enabled, level, name, pattern, retries, share, wait)");
        assertThatThrownBy(() -> yaml.throwIfProblems(ConfigFileException::new))
                .isInstanceOfSatisfying(ConfigFileException.class, e -> assertThat(e.problems()).hasSize(8));
    }

    private static String re2Error(String regex) {
        try {
            com.google.re2j.Pattern.compile(regex);
            throw new AssertionError("expected an invalid regex");
        }
        catch (com.google.re2j.PatternSyntaxException e) {
            return e.getMessage();
        }
    }

    @Test
    void goodValuesComeBackTyped() {
        LocatedYaml yaml = LocatedYaml.read("x.yml", "wait: PT90M\nlevel: l1\ntags: [a, b]\none: c\nto: ops@example.com\n");
        Map<String, Node> f = yaml.fields(yaml.root(), "", Set.of("wait", "level", "tags", "one", "to"));
        assertThat(yaml.duration(f.get("wait"), "wait")).isEqualTo(Duration.ofMinutes(90));
        assertThat(yaml.oneOf(f.get("level"), "level", List.of("L0", "L1"))).isEqualTo("L1");
        assertThat(yaml.strings(f.get("tags"), "tags")).containsExactly("a", "b");
        assertThat(yaml.strings(f.get("one"), "one")).containsExactly("c");
        assertThat(yaml.mailAddress(f.get("to"), "to")).isEqualTo("ops@example.com");
        assertThat(yaml.problems()).isEmpty();
    }

    @Test
    void keysGivenTwiceAndWrongShapesAreNamed() {
        LocatedYaml yaml = LocatedYaml.read("x.yml", "rules:\n  a: 1\n  a: 2\nlist: 3\nnested:\n  deeper: [1]\n");
        Map<String, Node> top = yaml.fields(yaml.root(), "", Set.of("rules", "list", "nested"));
        yaml.entries(top.get("rules"), "rules");
        yaml.list(top.get("list"), "list");
        yaml.text(yaml.fields(top.get("nested"), "nested", Set.of("deeper")).get("deeper"), "nested.deeper");
        assertThat(yaml.problems()).containsExactly(
                "x.yml:3: rules.a: given twice (the first one is line 2)",
                "x.yml:4: list: expected a list",
                "x.yml:6: nested.deeper: expected a value");
    }

    @Test
    void syntaxErrorsNameTheLine() {
        LocatedYaml yaml = LocatedYaml.read("x.yml", "a: 1\nb: [1, 2\nc: 3\n");
        assertThat(yaml.root()).isNull();
        assertThat(yaml.problems()).singleElement().asString().matches("x\\.yml:\\d+: not valid YAML: .+");
    }

    @Test
    void businessHoursAreReadOneWayForEveryFile() {
        LocatedYaml yaml = LocatedYaml.read("h.yml", """
                zone: Europe/Berlin
                days: [MON, tue, Wednesday, fri-sun]
                window: "22:00-06:00"
                hours:
                  mon-fri: "08:00-12:00, 13:00-17:00"
                  sat: closed
                  sun: "10:00-24:00"
                bad-zone: Mars/Olympus
                bad-days: [MO, XY]
                bad-hours:
                  funday: "09:00-10:00"
                  mon: "18:00-08:00"
                  tue: "soon"
                holidays: [2026-12-24, 24.12.2026]
                """);
        BusinessHoursParser hours = new BusinessHoursParser(yaml);
        Map<String, Node> f = yaml.fields(yaml.root(), "", Set.of("zone", "days", "window", "hours", "bad-zone", "bad-days",
                "bad-hours", "holidays"));
        assertThat(hours.zone(f.get("zone"), "zone", ZoneId.of("UTC"))).isEqualTo(ZoneId.of("Europe/Berlin"));
        assertThat(hours.days(f.get("days"), "days")).containsExactlyInAnyOrder(DayOfWeek.MONDAY, DayOfWeek.TUESDAY,
                DayOfWeek.WEDNESDAY, DayOfWeek.FRIDAY, DayOfWeek.SATURDAY, DayOfWeek.SUNDAY);
        TimeWindow night = hours.window(f.get("window"), "window");
        assertThat(night.contains(LocalTime.of(23, 0))).isTrue();
        assertThat(night.contains(LocalTime.of(5, 59))).isTrue();
        assertThat(night.contains(LocalTime.of(12, 0))).isFalse();
        var week = hours.weekly(f.get("hours"), "hours");
        assertThat(week.get(DayOfWeek.TUESDAY)).containsExactly(new TimeWindow(LocalTime.of(8, 0), LocalTime.NOON),
                new TimeWindow(LocalTime.of(13, 0), LocalTime.of(17, 0)));
        assertThat(week.get(DayOfWeek.SATURDAY)).isEmpty();
        assertThat(week.get(DayOfWeek.SUNDAY)).containsExactly(new TimeWindow(LocalTime.of(10, 0), LocalTime.MAX));
        assertThat(yaml.problems()).isEmpty();

        hours.zone(f.get("bad-zone"), "bad-zone", ZoneId.of("UTC"));
        hours.days(f.get("bad-days"), "bad-days");
        hours.weekly(f.get("bad-hours"), "bad-hours");
        hours.holidays(f.get("holidays"), "holidays");
        assertThat(yaml.problems()).containsExactly(
                "h.yml:8: bad-zone: unknown time zone \"Mars/Olympus\" (use e.g. Europe/Berlin)",
                "h.yml:9: bad-days: unknown day 'XY' (use MON, TUE ... SUN or a range like MON-FRI)",
                "h.yml:11: bad-hours.funday: not a day or day range (mon, mon-fri ...)",
                "h.yml:12: bad-hours.mon: interval \"18:00-08:00\" ends before it starts",
                "h.yml:13: bad-hours.tue: \"soon\" is not an interval like 08:00-18:00 (or \"closed\")",
                "h.yml:14: holidays: \"24.12.2026\" is not a date (YYYY-MM-DD)");
    }
}
