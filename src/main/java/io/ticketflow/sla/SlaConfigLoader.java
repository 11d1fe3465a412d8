package io.ticketflow.sla;

import io.ticketflow.config.BusinessHoursParser;
import io.ticketflow.config.ConfigFileException;
import io.ticketflow.config.LocatedYaml;
import io.ticketflow.config.TimeWindow;
import io.ticketflow.sla.SlaPolicy.EscalationStep;
import io.ticketflow.sla.SlaPolicy.Targets;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads {@code config/sla.yml} and checks every field; errors name the file, the line and the field path
 * ({@code config/sla.yml:14: policies.standard.targets.high.first-response: "4h" is not a duration, write PT4H}).
 * All errors of the file are reported at once.
 */
public final class SlaConfigLoader {

    private static final Pattern LEVEL = Pattern.compile("L[0-9]");

    private final LocatedYaml yaml;
    private final BusinessHoursParser hours;

    private SlaConfigLoader(LocatedYaml yaml) {
        this.yaml = yaml;
        this.hours = new BusinessHoursParser(yaml);
    }

    public static SlaConfig load(String file, String text) {
        LocatedYaml yaml = LocatedYaml.read(file, text);
        yaml.throwIfProblems(problems -> new SlaConfigException(problems.get(0), problems));
        if (!(yaml.root() instanceof MappingNode top)) {
            throw SlaConfigException.listing(file, List.of(file + ":1: expected a mapping with calendars, policies, queues"));
        }
        return new SlaConfigLoader(yaml).parse(top);
    }

    private SlaConfig parse(MappingNode top) {
        Map<String, Node> fields = yaml.fields(top, "", Set.of("default-policy", "escalation-address", "calendars",
                "policies", "queues", "follow-ups"));
        Map<String, BusinessCalendar> calendars = new LinkedHashMap<>();
        for (LocatedYaml.Entry c : yaml.entries(yaml.required(fields, "calendars", top, "", null), "calendars")) {
            BusinessCalendar cal = calendar(c.name(), c.value(), "calendars." + c.name());
            if (cal != null) {
                calendars.put(c.name(), cal);
            }
        }
        Map<String, SlaPolicy> policies = new LinkedHashMap<>();
        for (LocatedYaml.Entry p : yaml.entries(yaml.required(fields, "policies", top, "", null), "policies")) {
            policies.put(p.name(), policy(p.name(), p.value(), "policies." + p.name(), calendars));
        }
        Node defaultNode = yaml.required(fields, "default-policy", top, "", null);
        String defaultPolicy = defaultNode == null ? null : yaml.text(defaultNode, "default-policy");
        if (defaultPolicy != null && !policies.containsKey(defaultPolicy)) {
            yaml.problem(defaultNode, "default-policy", "no policy named \"" + defaultPolicy + "\" (have "
                    + policies.keySet() + ")");
        }
        String escalationAddress = optional(fields, "escalation-address") ? yaml.mailAddress(fields.get("escalation-address"),
                "escalation-address") : null;
        Map<String, SlaConfig.Queue> queues = new LinkedHashMap<>();
        for (LocatedYaml.Entry q : yaml.entries(fields.get("queues"), "queues")) {
            String path = "queues." + q.name();
            Map<String, Node> qf = yaml.fields(q.value(), path, Set.of("policy", "address", "calendar"));
            String policy = optional(qf, "policy") ? yaml.text(qf.get("policy"), path + ".policy") : null;
            if (policy != null && !policies.containsKey(policy)) {
                yaml.problem(qf.get("policy"), path + ".policy", "no policy named \"" + policy + "\"");
            }
            String address = optional(qf, "address") ? yaml.mailAddress(qf.get("address"), path + ".address") : null;
            String calendar = optional(qf, "calendar") ? yaml.text(qf.get("calendar"), path + ".calendar") : null;
            if (calendar != null && !calendars.containsKey(calendar)) {
                yaml.problem(qf.get("calendar"), path + ".calendar", "no calendar named \"" + calendar + "\" (have "
                        + calendars.keySet() + ")");
            }
            queues.put(q.name(), new SlaConfig.Queue(policy, address, calendar));
        }
        SlaConfig.Followups followups = followups(fields.get("follow-ups"));
        yaml.throwIfProblems(problems -> SlaConfigException.listing(yaml.source(), problems));
        return new SlaConfig(defaultPolicy, escalationAddress, Map.copyOf(calendars), Map.copyOf(policies),
                Map.copyOf(queues), followups);
    }

    private BusinessCalendar calendar(String name, Node node, String path) {
        Map<String, Node> f = yaml.fields(node, path, Set.of("time-zone", "hours", "holidays"));
        ZoneId zone = hours.zone(yaml.required(f, "time-zone", node, path, null), path + ".time-zone", ZoneId.of("UTC"));
        Node hoursNode = yaml.required(f, "hours", node, path,
                "write 24x7 or days with intervals, e.g. mon-fri: \"08:00-18:00\"");
        if (hoursNode == null) {
            return null;
        }
        boolean clean = !yaml.hasProblems();
        Map<DayOfWeek, List<TimeWindow>> week = hours.weekly(hoursNode, path + ".hours");
        if (clean && !yaml.hasProblems() && week.values().stream().allMatch(List::isEmpty)) {
            yaml.problem(hoursNode, path + ".hours", "no business hours at all: SLA due times could never be reached");
        }
        return new BusinessCalendar(name, zone, week, hours.holidays(f.get("holidays"), path + ".holidays"));
    }

    private SlaPolicy policy(String name, Node node, String path, Map<String, BusinessCalendar> calendars) {
        Map<String, Node> f = yaml.fields(node, path, Set.of("calendar", "default-priority", "targets", "escalation"));
        Node calendarNode = yaml.required(f, "calendar", node, path, null);
        String calendar = calendarNode == null ? null : yaml.text(calendarNode, path + ".calendar");
        if (calendar != null && !calendars.containsKey(calendar)) {
            yaml.problem(calendarNode, path + ".calendar", "no calendar named \"" + calendar + "\" (have "
                    + calendars.keySet() + ")");
        }
        Map<String, Targets> targets = new LinkedHashMap<>();
        for (LocatedYaml.Entry t : yaml.entries(yaml.required(f, "targets", node, path, null), path + ".targets")) {
            String tp = path + ".targets." + t.name();
            Map<String, Node> tf = yaml.fields(t.value(), tp, Set.of("first-response", "next-response", "resolution"));
            Duration first = duration(tf, "first-response", t.value(), tp);
            Duration next = optional(tf, "next-response") ? yaml.duration(tf.get("next-response"), tp + ".next-response")
                    : first;
            targets.put(t.name(), new Targets(first, duration(tf, "resolution", t.value(), tp), next));
        }
        Node priorityNode = yaml.required(f, "default-priority", node, path, null);
        String defaultPriority = priorityNode == null ? null : yaml.text(priorityNode, path + ".default-priority");
        if (defaultPriority != null && !targets.containsKey(defaultPriority)) {
            yaml.problem(priorityNode, path + ".default-priority", "no targets for priority \"" + defaultPriority
                    + "\" (have " + targets.keySet() + ")");
        }
        List<EscalationStep> steps = new ArrayList<>();
        Node esc = f.get("escalation");
        if (esc != null && !(esc instanceof SequenceNode)) {
            yaml.problem(esc, path + ".escalation", "expected a list of steps like - { at: 80%, level: L1 }");
        }
        else if (esc != null) {
            List<Node> items = yaml.list(esc, path + ".escalation");
            for (int i = 0; i < items.size(); i++) {
                String sp = path + ".escalation[" + i + "]";
                Node step = items.get(i);
                Map<String, Node> sf = yaml.fields(step, sp, Set.of("before-due", "after-due", "at", "level"));
                Double share = sf.containsKey("at") ? share(sf.get("at"), sp + ".at") : null;
                if (sf.containsKey("at") && (sf.containsKey("before-due") || sf.containsKey("after-due"))) {
                    yaml.problem(sf.get("at"), sp + ".at", "write either at (a share of the target) or before-due/after-due");
                }
                Duration before = sf.containsKey("after-due") ? negate(yaml.duration(sf.get("after-due"), sp + ".after-due"))
                        : sf.containsKey("at") ? null : duration(sf, "before-due", step, sp);
                Node levelNode = yaml.required(sf, "level", step, sp, null);
                String level = levelNode == null ? null : yaml.text(levelNode, sp + ".level");
                if (level != null && !LEVEL.matcher(level).matches()) {
                    yaml.problem(levelNode, sp + ".level", "\"" + level + "\" is not a support level (L0, L1, L2 ...)");
                }
                steps.add(new EscalationStep(before, share, level));
            }
        }
        return new SlaPolicy(name, calendar, defaultPriority, Map.copyOf(targets), List.copyOf(steps));
    }

    private SlaConfig.Followups followups(Node node) {
        SlaConfig.Followups d = SlaConfig.Followups.DEFAULT;
        if (node == null) {
            return d;
        }
        String p = "follow-ups.";
        Map<String, Node> f = yaml.fields(node, "follow-ups", Set.of("reminder-after-business-days", "reminders",
                "auto-close-after-business-days", "satisfaction-request"));
        return new SlaConfig.Followups(
                integer(f, "reminder-after-business-days", 1, d.reminderAfterDays()),
                integer(f, "reminders", 0, d.reminders()),
                integer(f, "auto-close-after-business-days", 0, d.autoCloseAfterDays()),
                optional(f, "satisfaction-request") ? yaml.bool(f.get("satisfaction-request"), p + "satisfaction-request",
                        d.satisfaction()) : d.satisfaction());
    }

    private int integer(Map<String, Node> f, String key, int min, int fallback) {
        return optional(f, key) ? yaml.integer(f.get(key), "follow-ups." + key, min, fallback) : fallback;
    }

    private Duration duration(Map<String, Node> f, String key, Node parent, String path) {
        Node node = yaml.required(f, key, parent, path, "a duration in business time, e.g. PT4H");
        return node == null ? null : yaml.duration(node, path + "." + key);
    }

    /** {@code at: 80%}: the share of the target that has passed when the step is taken (a notice before the breach). */
    private Double share(Node node, String path) {
        String text = yaml.text(node, path);
        if (text == null) {
            return null;
        }
        java.util.regex.Matcher m = Pattern.compile("([0-9]{1,3})\\s*%").matcher(text.strip());
        int percent = m.matches() ? Integer.parseInt(m.group(1)) : -1;
        if (percent < 1 || percent > 100) {
            yaml.problem(node, path, "\"" + text + "\" is not a share of the target like 80% (1% to 100%)");
            return null;
        }
        return percent / 100.0;
    }

    private static boolean optional(Map<String, Node> f, String key) {
        return f.get(key) != null;
    }

    private static Duration negate(Duration d) {
        return d == null ? null : d.negated();
    }

    /** The SLA file is not valid; the message lists every problem with file, line and field. */
    public static final class SlaConfigException extends ConfigFileException {
        SlaConfigException(String message, List<String> problems) {
            super(message, problems);
        }

        static SlaConfigException listing(String file, List<String> problems) {
            return new SlaConfigException("invalid " + file + ":\n  " + String.join("\n  ", problems), problems);
        }
    }
}
