package io.ticketflow.sla;

import io.ticketflow.sla.BusinessCalendar.Interval;
import io.ticketflow.sla.SlaPolicy.EscalationStep;
import io.ticketflow.sla.SlaPolicy.Targets;
import java.io.Reader;
import java.io.StringReader;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads {@code config/sla.yml} and checks every field; errors name the file, the line and the field path
 * ({@code config/sla.yml:14: policies.standard.targets.high.first-response: "4h" is not a duration, write PT4H}).
 * All errors of the file are reported at once.
 */
public final class SlaConfigLoader {

    private static final Pattern DAYS = Pattern.compile("(mon|tue|wed|thu|fri|sat|sun)(?:-(mon|tue|wed|thu|fri|sat|sun))?");
    private static final Pattern INTERVAL = Pattern.compile("(\\d{2}:\\d{2})-(\\d{2}:\\d{2})");
    private static final Pattern LEVEL = Pattern.compile("L[0-9]");

    private final String file;
    private final List<String> errors = new ArrayList<>();

    private SlaConfigLoader(String file) {
        this.file = file;
    }

    public static SlaConfig load(String file, String yaml) {
        return new SlaConfigLoader(file).parse(new StringReader(yaml));
    }

    private SlaConfig parse(Reader reader) {
        Node root;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            root = new Yaml(new SafeConstructor(options)).compose(reader);
        }
        catch (MarkedYAMLException e) {
            throw new SlaConfigException(file + ":" + (e.getProblemMark().getLine() + 1) + ": " + e.getProblem());
        }
        if (!(root instanceof MappingNode top)) {
            throw new SlaConfigException(file + ":1: expected a mapping with calendars, policies, queues");
        }
        Map<String, Node> fields = fields(top, "", Set.of("default-policy", "escalation-address", "calendars", "policies",
                "queues", "follow-ups"));
        Map<String, BusinessCalendar> calendars = new LinkedHashMap<>();
        for (Map.Entry<String, Node> c : entries(fields.get("calendars"), "calendars", true).entrySet()) {
            BusinessCalendar cal = calendar(c.getKey(), c.getValue(), "calendars." + c.getKey());
            if (cal != null) {
                calendars.put(c.getKey(), cal);
            }
        }
        Map<String, SlaPolicy> policies = new LinkedHashMap<>();
        for (Map.Entry<String, Node> p : entries(fields.get("policies"), "policies", true).entrySet()) {
            SlaPolicy policy = policy(p.getKey(), p.getValue(), "policies." + p.getKey(), calendars);
            if (policy != null) {
                policies.put(p.getKey(), policy);
            }
        }
        String defaultPolicy = text(fields.get("default-policy"), "default-policy", true);
        if (defaultPolicy != null && !policies.containsKey(defaultPolicy)) {
            error(fields.get("default-policy"), "default-policy", "no policy named \"" + defaultPolicy + "\" (have "
                    + policies.keySet() + ")");
        }
        String escalationAddress = address(fields.get("escalation-address"), "escalation-address", false);
        Map<String, SlaConfig.Queue> queues = new LinkedHashMap<>();
        for (Map.Entry<String, Node> q : entries(fields.get("queues"), "queues", false).entrySet()) {
            String path = "queues." + q.getKey();
            Map<String, Node> qf = fields(q.getValue(), path, Set.of("policy", "address"));
            String policy = text(qf.get("policy"), path + ".policy", false);
            if (policy != null && !policies.containsKey(policy)) {
                error(qf.get("policy"), path + ".policy", "no policy named \"" + policy + "\"");
            }
            queues.put(q.getKey(), new SlaConfig.Queue(policy, address(qf.get("address"), path + ".address", false)));
        }
        SlaConfig.Followups followups = followups(fields.get("follow-ups"));
        if (!errors.isEmpty()) {
            throw new SlaConfigException("invalid " + file + ":\n  " + String.join("\n  ", errors));
        }
        return new SlaConfig(defaultPolicy, escalationAddress, Map.copyOf(calendars), Map.copyOf(policies),
                Map.copyOf(queues), followups);
    }

    private BusinessCalendar calendar(String name, Node node, String path) {
        Map<String, Node> f = fields(node, path, Set.of("time-zone", "hours", "holidays"));
        ZoneId zone = ZoneId.of("UTC");
        String zoneText = text(f.get("time-zone"), path + ".time-zone", true);
        if (zoneText != null) {
            try {
                zone = ZoneId.of(zoneText);
            }
            catch (DateTimeException e) {
                error(f.get("time-zone"), path + ".time-zone", "unknown time zone \"" + zoneText + "\" (e.g. Europe/Berlin)");
            }
        }
        Node hoursNode = f.get("hours");
        Map<DayOfWeek, List<Interval>> hours = new EnumMap<>(DayOfWeek.class);
        if (hoursNode instanceof ScalarNode s && s.getValue().equalsIgnoreCase("24x7")) {
            return BusinessCalendar.always(name, zone).withHolidays(holidays(f.get("holidays"), path + ".holidays"));
        }
        if (hoursNode == null) {
            error(node, path + ".hours", "missing: write 24x7 or days with intervals, e.g. mon-fri: \"08:00-18:00\"");
            return null;
        }
        for (Map.Entry<String, Node> day : entries(hoursNode, path + ".hours", true).entrySet()) {
            String dayPath = path + ".hours." + day.getKey();
            Matcher m = DAYS.matcher(day.getKey().toLowerCase(Locale.ROOT));
            if (!m.matches()) {
                error(day.getValue(), dayPath, "not a day or day range (mon, mon-fri ...)");
                continue;
            }
            List<Interval> intervals = intervals(day.getValue(), dayPath);
            int from = dayIndex(m.group(1));
            int to = m.group(2) == null ? from : dayIndex(m.group(2));
            for (int d = from; ; d = d % 7 + 1) {
                hours.put(DayOfWeek.of(d), intervals);
                if (d == to) {
                    break;
                }
            }
        }
        if (hours.values().stream().allMatch(List::isEmpty) && errors.isEmpty()) {
            error(hoursNode, path + ".hours", "no business hours at all: SLA due times could never be reached");
        }
        return new BusinessCalendar(name, zone, hours, holidays(f.get("holidays"), path + ".holidays"));
    }

    private List<Interval> intervals(Node node, String path) {
        String value = text(node, path, true);
        List<Interval> out = new ArrayList<>();
        if (value == null || value.equalsIgnoreCase("closed")) {
            return out;
        }
        for (String part : value.split(",")) {
            Matcher m = INTERVAL.matcher(part.strip());
            try {
                if (!m.matches()) {
                    throw new DateTimeParseException("bad", part, 0);
                }
                LocalTime start = LocalTime.parse(m.group(1));
                LocalTime end = m.group(2).equals("24:00") ? LocalTime.MAX : LocalTime.parse(m.group(2));
                if (!end.isAfter(start)) {
                    error(node, path, "interval \"" + part.strip() + "\" ends before it starts");
                    continue;
                }
                out.add(new Interval(start, end));
            }
            catch (DateTimeParseException e) {
                error(node, path, "\"" + part.strip() + "\" is not an interval like 08:00-18:00 (or \"closed\")");
            }
        }
        return out;
    }

    private Set<java.time.LocalDate> holidays(Node node, String path) {
        Set<LocalDate> out = new LinkedHashSet<>();
        if (node == null) {
            return out;
        }
        if (!(node instanceof SequenceNode seq)) {
            error(node, path, "expected a list of dates (YYYY-MM-DD)");
            return out;
        }
        for (Node item : seq.getValue()) {
            String value = text(item, path, true);
            try {
                out.add(LocalDate.parse(value));
            }
            catch (DateTimeParseException | NullPointerException e) {
                error(item, path, "\"" + value + "\" is not a date (YYYY-MM-DD)");
            }
        }
        return out;
    }

    private SlaPolicy policy(String name, Node node, String path, Map<String, BusinessCalendar> calendars) {
        Map<String, Node> f = fields(node, path, Set.of("calendar", "default-priority", "targets", "escalation"));
        String calendar = text(f.get("calendar"), path + ".calendar", true);
        if (calendar != null && !calendars.containsKey(calendar)) {
            error(f.get("calendar"), path + ".calendar", "no calendar named \"" + calendar + "\" (have "
                    + calendars.keySet() + ")");
        }
        Map<String, Targets> targets = new LinkedHashMap<>();
        for (Map.Entry<String, Node> t : entries(f.get("targets"), path + ".targets", true).entrySet()) {
            String tp = path + ".targets." + t.getKey();
            Map<String, Node> tf = fields(t.getValue(), tp, Set.of("first-response", "resolution"));
            targets.put(t.getKey(), new Targets(duration(tf.get("first-response"), tp + ".first-response", true),
                    duration(tf.get("resolution"), tp + ".resolution", true)));
        }
        String defaultPriority = text(f.get("default-priority"), path + ".default-priority", true);
        if (defaultPriority != null && !targets.containsKey(defaultPriority)) {
            error(f.get("default-priority"), path + ".default-priority", "no targets for priority \"" + defaultPriority
                    + "\" (have " + targets.keySet() + ")");
        }
        List<EscalationStep> steps = new ArrayList<>();
        Node esc = f.get("escalation");
        if (esc != null && !(esc instanceof SequenceNode)) {
            error(esc, path + ".escalation", "expected a list of steps like - { before-due: PT1H, level: L1 }");
        }
        else if (esc != null) {
            int i = 0;
            for (Node step : ((SequenceNode) esc).getValue()) {
                String sp = path + ".escalation[" + i++ + "]";
                Map<String, Node> sf = fields(step, sp, Set.of("before-due", "after-due", "level"));
                Duration before = sf.containsKey("after-due") ? negate(duration(sf.get("after-due"), sp + ".after-due", true))
                        : duration(sf.get("before-due"), sp + ".before-due", true);
                String level = text(sf.get("level"), sp + ".level", true);
                if (level != null && !LEVEL.matcher(level).matches()) {
                    error(sf.get("level"), sp + ".level", "\"" + level + "\" is not a support level (L0, L1, L2 ...)");
                }
                steps.add(new EscalationStep(before, level));
            }
        }
        return new SlaPolicy(name, calendar, defaultPriority, Map.copyOf(targets), List.copyOf(steps));
    }

    private SlaConfig.Followups followups(Node node) {
        if (node == null) {
            return SlaConfig.Followups.DEFAULT;
        }
        Map<String, Node> f = fields(node, "follow-ups", Set.of("reminder-after-business-days", "reminders",
                "auto-close-after-business-days", "satisfaction-request"));
        SlaConfig.Followups d = SlaConfig.Followups.DEFAULT;
        return new SlaConfig.Followups(
                number(f.get("reminder-after-business-days"), "follow-ups.reminder-after-business-days", 1, d.reminderAfterDays()),
                number(f.get("reminders"), "follow-ups.reminders", 0, d.reminders()),
                number(f.get("auto-close-after-business-days"), "follow-ups.auto-close-after-business-days", 0,
                        d.autoCloseAfterDays()),
                bool(f.get("satisfaction-request"), "follow-ups.satisfaction-request", d.satisfaction()));
    }

    // --- node helpers: each reports problems with the node's line and keeps going

    private Map<String, Node> fields(Node node, String path, Set<String> allowed) {
        Map<String, Node> out = entries(node, path, false);
        for (Map.Entry<String, Node> e : out.entrySet()) {
            if (!allowed.contains(e.getKey())) {
                error(e.getValue(), (path.isEmpty() ? "" : path + ".") + e.getKey(), "unknown field (allowed: "
                        + String.join(", ", allowed) + ")");
            }
        }
        return out;
    }

    private Map<String, Node> entries(Node node, String path, boolean required) {
        Map<String, Node> out = new LinkedHashMap<>();
        if (node == null) {
            if (required) {
                errors.add(file + ": " + path + ": missing");
            }
            return out;
        }
        if (!(node instanceof MappingNode map)) {
            error(node, path, "expected a mapping (key: value lines)");
            return out;
        }
        for (NodeTuple t : map.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode key) {
                out.put(key.getValue(), t.getValueNode());
            }
            else {
                error(t.getKeyNode(), path, "keys must be plain words");
            }
        }
        return out;
    }

    private String text(Node node, String path, boolean required) {
        if (node == null) {
            if (required) {
                errors.add(file + ": " + path + ": missing");
            }
            return null;
        }
        if (!(node instanceof ScalarNode s) || s.getValue().isBlank()) {
            error(node, path, "expected a value");
            return null;
        }
        return s.getValue().strip();
    }

    private String address(Node node, String path, boolean required) {
        String value = text(node, path, required);
        if (value != null && !value.matches("[^@\\s]+@[^@\\s]+")) {
            error(node, path, "\"" + value + "\" is not a mail address");
            return null;
        }
        return value;
    }

    private Duration duration(Node node, String path, boolean required) {
        String value = text(node, path, required);
        if (value == null) {
            return null;
        }
        try {
            Duration d = Duration.parse(value);
            if (d.isNegative()) {
                error(node, path, "must not be negative");
            }
            return d;
        }
        catch (DateTimeParseException e) {
            error(node, path, "\"" + value + "\" is not a duration: write PT4H, PT30M, PT1H30M (business time)");
            return null;
        }
    }

    private int number(Node node, String path, int min, int fallback) {
        String value = text(node, path, false);
        if (value == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value);
            if (n < min) {
                error(node, path, "must be at least " + min);
            }
            return n;
        }
        catch (NumberFormatException e) {
            error(node, path, "\"" + value + "\" is not a whole number");
            return fallback;
        }
    }

    private boolean bool(Node node, String path, boolean fallback) {
        String value = text(node, path, false);
        if (value == null) {
            return fallback;
        }
        if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
            error(node, path, "\"" + value + "\" is not true or false");
        }
        return Boolean.parseBoolean(value);
    }

    private static Duration negate(Duration d) {
        return d == null ? null : d.negated();
    }

    private static int dayIndex(String day) {
        return List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun").indexOf(day) + 1;
    }

    private void error(Node node, String path, String message) {
        int line = node == null ? 0 : node.getStartMark().getLine() + 1;
        errors.add(file + ":" + line + ": " + path + ": " + message);
    }

    /** The SLA file is not valid; the message lists every problem with file, line and field. */
    public static final class SlaConfigException extends RuntimeException {
        public SlaConfigException(String message) {
            super(message);
        }
    }
}
