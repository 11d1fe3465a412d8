package io.ticketflow.config;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * The one reader of business hours in admin files (the routing rules' staffed hours and time-of-day windows, the SLA
 * calendars): time zones, day names and ranges, HH:MM times, HH:MM-HH:MM windows, holidays. Problems go to the file's
 * {@link LocatedYaml} with their line.
 */
public final class BusinessHoursParser {

    private final LocatedYaml yaml;

    public BusinessHoursParser(LocatedYaml yaml) {
        this.yaml = yaml;
    }

    public ZoneId zone(Node node, String path, ZoneId fallback) {
        String z = yaml.text(node, path);
        if (z == null) {
            return fallback;
        }
        try {
            return ZoneId.of(z);
        }
        catch (DateTimeException e) {
            yaml.problem(node, path, "unknown time zone \"" + z + "\" (use e.g. Europe/Berlin)");
            return fallback;
        }
    }

    /** A list of days or day ranges: {@code [MON, TUE]}, {@code mon-fri}, {@code [Monday, sat-sun]}. */
    public Set<DayOfWeek> days(Node node, String path) {
        Set<DayOfWeek> out = EnumSet.noneOf(DayOfWeek.class);
        for (String d : yaml.strings(node, path)) {
            Set<DayOfWeek> days = dayRange(d);
            if (days == null) {
                yaml.problem(node, path, "unknown day '" + d + "' (use MON, TUE ... SUN or a range like MON-FRI)");
            }
            else {
                out.addAll(days);
            }
        }
        return out;
    }

    /** A day ({@code mon}, {@code Monday}, at least two letters) or a range ({@code mon-fri}, {@code fri-mon}); else null. */
    public static Set<DayOfWeek> dayRange(String text) {
        String[] ends = text.strip().split("-", -1);
        if (ends.length > 2) {
            return null;
        }
        DayOfWeek first = day(ends[0]);
        DayOfWeek last = ends.length == 2 ? day(ends[1]) : first;
        if (first == null || last == null) {
            return null;
        }
        Set<DayOfWeek> out = EnumSet.noneOf(DayOfWeek.class);
        for (DayOfWeek d = first; ; d = d.plus(1)) {
            out.add(d);
            if (d == last) {
                return out;
            }
        }
    }

    private static DayOfWeek day(String name) {
        String n = name.strip().toUpperCase(Locale.ROOT);
        return n.length() < 2 ? null
                : Arrays.stream(DayOfWeek.values()).filter(w -> w.name().startsWith(n)).findFirst().orElse(null);
    }

    public LocalTime time(Node node, String path, LocalTime fallback) {
        String s = yaml.scalar(node, path);
        LocalTime t = s == null ? null : time(s);
        if (t == null) {
            yaml.problem(node, path, "expected a time HH:MM, found '" + s + "'");
            return fallback;
        }
        return t;
    }

    /** One window {@code HH:MM-HH:MM}; its end may be before its start (it then spans midnight). */
    public TimeWindow window(Node node, String path) {
        String s = yaml.scalar(node, path);
        if (s == null) {
            return null;
        }
        TimeWindow w = window(s);
        if (w == null) {
            yaml.problem(node, path, "expected a window HH:MM-HH:MM (e.g. 18:00-08:00), found '" + s + "'");
        }
        return w;
    }

    /** Working intervals of one day: {@code "08:00-12:00, 13:00-17:00"}, each within the day (24:00 ends it), or {@code closed}. */
    public List<TimeWindow> intervals(Node node, String path) {
        String value = yaml.text(node, path);
        List<TimeWindow> out = new ArrayList<>();
        if (value == null || value.equalsIgnoreCase("closed")) {
            return out;
        }
        for (String part : value.split(",")) {
            TimeWindow w = window(part);
            if (w == null) {
                yaml.problem(node, path, "\"" + part.strip() + "\" is not an interval like 08:00-18:00 (or \"closed\")");
            }
            else if (w.spansMidnight()) {
                yaml.problem(node, path, "interval \"" + part.strip() + "\" ends before it starts");
            }
            else {
                out.add(w);
            }
        }
        return out;
    }

    /**
     * Hours per day of week: {@code 24x7}, or a mapping of days or day ranges to {@link #intervals}. Days not named are
     * closed; a later line for a day replaces an earlier one.
     */
    public Map<DayOfWeek, List<TimeWindow>> weekly(Node node, String path) {
        Map<DayOfWeek, List<TimeWindow>> hours = new EnumMap<>(DayOfWeek.class);
        if (node instanceof ScalarNode s && s.getValue().equalsIgnoreCase("24x7")) {
            for (DayOfWeek d : DayOfWeek.values()) {
                hours.put(d, List.of(TimeWindow.WHOLE_DAY));
            }
            return hours;
        }
        for (LocatedYaml.Entry day : yaml.entries(node, path)) {
            String dayPath = path + "." + day.name();
            Set<DayOfWeek> days = dayRange(day.name());
            if (days == null) {
                yaml.problem(day.key(), dayPath, "not a day or day range (mon, mon-fri ...)");
                continue;
            }
            List<TimeWindow> intervals = intervals(day.value(), dayPath);
            days.forEach(d -> hours.put(d, intervals));
        }
        return hours;
    }

    public Set<LocalDate> holidays(Node node, String path) {
        Set<LocalDate> out = new LinkedHashSet<>();
        if (node == null) {
            return out;
        }
        if (!(node instanceof SequenceNode)) {
            yaml.problem(node, path, "expected a list of dates (YYYY-MM-DD)");
            return out;
        }
        for (Node item : yaml.list(node, path)) {
            String value = yaml.text(item, path);
            try {
                if (value != null) {
                    out.add(LocalDate.parse(value));
                }
            }
            catch (DateTimeParseException e) {
                yaml.problem(item, path, "\"" + value + "\" is not a date (YYYY-MM-DD)");
            }
        }
        return out;
    }

    private static TimeWindow window(String text) {
        String[] parts = text.split("-");
        if (parts.length != 2) {
            return null;
        }
        LocalTime from = time(parts[0]);
        LocalTime to = parts[1].strip().equals("24:00") ? LocalTime.MAX : time(parts[1]);
        return from == null || to == null ? null : new TimeWindow(from, to);
    }

    private static LocalTime time(String text) {
        try {
            return LocalTime.parse(text.strip());
        }
        catch (DateTimeParseException e) {
            return null;
        }
    }
}
