package io.ticketflow.route;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.ticketflow.vocabulary.Prediction;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads and validates {@code routing.yml} (reference: docs/routing.md). Walks the YAML node tree rather than binding
 * objects, so every problem names the file, the line and the field ({@code config/routing.yml:14: rules[2].when.subject:
 * invalid regular expression ...}). All problems are collected; any problem rejects the whole file.
 */
public final class RuleFileParser {

    public static final List<String> LEVELS = List.of("L0", "L1", "L2");
    public static final List<String> PRIORITIES = List.of("low", "normal", "high", "urgent");
    private static final Set<String> TOP = Set.of("version", "defaults", "businessHours", "customers", "rules");
    private static final Set<String> RULE = Set.of("id", "description", "when", "then", "stop");
    private static final Set<String> ACTIONS = Set.of("queue", "level", "priority", "sla", "tags", "removeTags",
            "assigneeGroup", "acknowledgement", "spam", "reject", "faq");
    private static final Set<String> CLASSIFIER_TEST = Set.of("label", "minConfidence", "maxConfidence", "belowThreshold");
    private static final int MAX_TEXT = 100_000;

    private final String source;
    private final List<Problem> problems = new ArrayList<>();

    private record Problem(int line, String text) {
    }

    private RuleFileParser(String source) {
        this.source = source;
    }

    public static RuleSet parse(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        }
        catch (IOException e) {
            throw new RoutingConfigException(List.of(file + ": cannot read: " + e.getMessage()));
        }
        return parse(text, file.toString());
    }

    public static RuleSet parse(String yaml, String source) {
        return new RuleFileParser(source).read(new StringReader(yaml));
    }

    private RuleSet read(Reader in) {
        Node root;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            options.setMaxAliasesForCollections(10);
            root = new Yaml(options).compose(in);
        }
        catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
            throw new RoutingConfigException(List.of(source + ":" + line + ": not valid YAML: " + e.getProblem()));
        }
        catch (RuntimeException e) {
            throw new RoutingConfigException(List.of(source + ": not valid YAML: " + e.getMessage()));
        }
        if (!(root instanceof MappingNode top)) {
            throw new RoutingConfigException(List.of(source + ":1: the file must be a mapping with a 'rules' list"));
        }
        Map<String, Node> fields = fields(top, "", TOP);
        RoutingActions defaults = fields.containsKey("defaults") ? actions(fields.get("defaults"), "defaults") : RoutingActions.NONE;
        if (defaults.spam() != null || defaults.reject() != null) {
            problem(fields.get("defaults"), "defaults", "spam and reject belong in a rule, not in the defaults");
        }
        BusinessHours hours = fields.containsKey("businessHours")
                ? businessHours(fields.get("businessHours"), "businessHours") : BusinessHours.DEFAULT;
        List<CustomerTagRule> customers = new ArrayList<>();
        if (fields.containsKey("customers")) {
            List<Node> items = list(fields.get("customers"), "customers");
            for (int i = 0; i < items.size(); i++) {
                customers.add(customer(items.get(i), "customers[" + i + "]"));
            }
        }
        List<Rule> rules = new ArrayList<>();
        if (!fields.containsKey("rules")) {
            problem(top, "rules", "missing: the file needs a 'rules' list (it may be empty: rules: [])");
        }
        else {
            List<Node> items = list(fields.get("rules"), "rules");
            Set<String> ids = new HashSet<>();
            for (int i = 0; i < items.size(); i++) {
                Rule rule = rule(items.get(i), "rules[" + i + "]");
                if (rule != null && !ids.add(rule.id())) {
                    problem(items.get(i), "rules[" + i + "].id", "duplicate rule id '" + rule.id() + "'");
                }
                rules.add(rule);
            }
        }
        if (!problems.isEmpty()) {
            throw new RoutingConfigException(problems.stream()
                    .sorted(java.util.Comparator.comparingInt(Problem::line)).map(Problem::text).toList());
        }
        return new RuleSet(source, Instant.now(), defaults, hours, customers, rules);
    }

    private Rule rule(Node node, String path) {
        Map<String, Node> f = fields(node, path, RULE);
        String id = f.containsKey("id") ? scalar(f.get("id"), path + ".id") : null;
        if (id == null || id.isBlank()) {
            problem(node, path + ".id", "every rule needs an id (it is recorded on each message it routes)");
            id = path;
        }
        String description = f.containsKey("description") ? scalar(f.get("description"), path + ".description") : null;
        List<Condition> conditions = f.containsKey("when") ? conditions(f.get("when"), path + ".when") : List.of();
        RoutingActions actions = f.containsKey("then") ? actions(f.get("then"), path + ".then") : RoutingActions.NONE;
        boolean stop = f.containsKey("stop") && bool(f.get("stop"), path + ".stop");
        if (!f.containsKey("then") && !stop) {
            problem(node, path, "a rule needs 'then' actions or 'stop: true'");
        }
        return new Rule(id, description, node.getStartMark().getLine() + 1, conditions, actions, stop);
    }

    private List<Condition> conditions(Node node, String path) {
        List<Condition> out = new ArrayList<>();
        if (!(node instanceof MappingNode map)) {
            problem(node, path, "expected a mapping of conditions");
            return out;
        }
        for (NodeTuple t : map.getValue()) {
            String key = keyOf(t, path);
            if (key == null) {
                continue;
            }
            Node v = t.getValueNode();
            String p = path + "." + key;
            Condition c = switch (key) {
                case "from" -> regexCondition(v, p, m -> List.of(m.input().from()));
                case "fromDomain" -> {
                    List<String> domains = lowerList(v, p);
                    yield m -> domains.stream().anyMatch(d -> m.input().fromDomain().equals(d)
                            || m.input().fromDomain().endsWith("." + d));
                }
                case "to" -> regexCondition(v, p, m -> m.input().recipients());
                case "subject" -> regexCondition(v, p, m -> List.of(m.input().subject()));
                case "text" -> regexCondition(v, p, m -> List.of(cap(m.input().text())));
                case "subjectOrText" -> regexCondition(v, p, m -> List.of(m.input().subject(), cap(m.input().text())));
                case "header" -> headerCondition(v, p);
                case "channel" -> inList(v, p, m -> m.input().channel());
                case "mailbox" -> inList(v, p, m -> m.input().mailbox());
                case "language" -> inList(v, p, m -> m.input().classification().language());
                case "category", "type", "priority" -> {
                    List<String> labels = lowerList(v, p);
                    yield m -> {
                        Prediction pr = m.input().classification().prediction(key);
                        return pr != null && !pr.belowThreshold() && labels.contains(pr.label().toLowerCase(Locale.ROOT));
                    };
                }
                case "classifier" -> classifierCondition(v, p);
                case "needsReview" -> {
                    boolean want = bool(v, p);
                    yield m -> m.input().classification().needsReview() == want;
                }
                case "hasAttachment" -> {
                    boolean want = bool(v, p);
                    yield m -> m.input().attachments().stream().anyMatch(a -> !a.inline()) == want;
                }
                case "attachmentType" -> regexCondition(v, p, m -> m.input().attachments().stream()
                        .flatMap(a -> java.util.stream.Stream.of(a.contentType(), a.name()))
                        .filter(java.util.Objects::nonNull).toList());
                case "customerTag" -> {
                    List<String> tags = lowerList(v, p);
                    yield m -> tags.stream().anyMatch(m.customerTags()::contains);
                }
                case "businessHours" -> {
                    boolean want = bool(v, p);
                    yield m -> m.businessHours() == want;
                }
                case "timeOfDay" -> timeOfDay(v, p);
                case "weekday" -> {
                    Set<DayOfWeek> days = days(v, p);
                    yield m -> days.contains(m.localTime().getDayOfWeek());
                }
                case "any" -> {
                    List<List<Condition>> alternatives = new ArrayList<>();
                    List<Node> items = list(v, p);
                    for (int i = 0; i < items.size(); i++) {
                        alternatives.add(conditions(items.get(i), p + "[" + i + "]"));
                    }
                    yield m -> alternatives.stream().anyMatch(all -> all.stream().allMatch(c2 -> c2.test(m)));
                }
                case "not" -> {
                    List<Condition> inner = conditions(v, p);
                    yield m -> !inner.stream().allMatch(c2 -> c2.test(m));
                }
                default -> {
                    problem(t.getKeyNode(), p, "unknown condition (known: from, fromDomain, to, subject, text, "
                            + "subjectOrText, header, channel, mailbox, language, category, type, priority, classifier, "
                            + "needsReview, hasAttachment, attachmentType, customerTag, businessHours, timeOfDay, weekday, "
                            + "any, not)");
                    yield null;
                }
            };
            if (c != null) {
                out.add(c);
            }
        }
        return out;
    }

    private Condition regexCondition(Node node, String path, Function<RuleContext, List<String>> values) {
        Pattern pattern = regex(node, path);
        if (pattern == null) {
            return null;
        }
        return m -> values.apply(m).stream().anyMatch(s -> s != null && pattern.matcher(s).find());
    }

    private Condition headerCondition(Node node, String path) {
        if (!(node instanceof MappingNode map)) {
            problem(node, path, "expected a mapping of header name to regular expression");
            return null;
        }
        Map<String, Pattern> tests = new LinkedHashMap<>();
        for (NodeTuple t : map.getValue()) {
            String name = keyOf(t, path);
            if (name != null) {
                tests.put(name.toLowerCase(Locale.ROOT), regex(t.getValueNode(), path + "." + name));
            }
        }
        return m -> tests.entrySet().stream().allMatch(e -> {
            List<String> values = m.input().headers().get(e.getKey());
            return values != null && e.getValue() != null && values.stream().anyMatch(v -> e.getValue().matcher(v).find());
        });
    }

    private Condition classifierCondition(Node node, String path) {
        if (!(node instanceof MappingNode map)) {
            problem(node, path, "expected a mapping of classifier name to {label, minConfidence, maxConfidence}");
            return null;
        }
        List<Condition> tests = new ArrayList<>();
        for (NodeTuple t : map.getValue()) {
            String name = keyOf(t, path);
            if (name == null) {
                continue;
            }
            String p = path + "." + name;
            Map<String, Node> f = fields(t.getValueNode(), p, CLASSIFIER_TEST);
            List<String> labels = f.containsKey("label") ? lowerList(f.get("label"), p + ".label") : null;
            Double min = f.containsKey("minConfidence") ? confidence(f.get("minConfidence"), p + ".minConfidence") : null;
            Double max = f.containsKey("maxConfidence") ? confidence(f.get("maxConfidence"), p + ".maxConfidence") : null;
            Boolean below = f.containsKey("belowThreshold") ? bool(f.get("belowThreshold"), p + ".belowThreshold") : null;
            tests.add(m -> {
                Prediction pr = m.input().classification().prediction(name);
                return pr != null
                        && (labels == null || labels.contains(pr.label().toLowerCase(Locale.ROOT)))
                        && (min == null || pr.confidence() >= min)
                        && (max == null || pr.confidence() < max)
                        && (below == null || pr.belowThreshold() == below);
            });
        }
        return m -> tests.stream().allMatch(c -> c.test(m));
    }

    private Condition timeOfDay(Node node, String path) {
        String s = scalar(node, path);
        if (s == null) {
            return null;
        }
        String[] parts = s.split("-");
        try {
            if (parts.length != 2) {
                throw new DateTimeParseException("", s, 0);
            }
            LocalTime from = LocalTime.parse(parts[0].strip()), to = LocalTime.parse(parts[1].strip());
            return m -> BusinessHours.TimeWindow.contains(from, to, m.localTime().toLocalTime());
        }
        catch (DateTimeParseException e) {
            problem(node, path, "expected a window HH:MM-HH:MM (e.g. 18:00-08:00), found '" + s + "'");
            return null;
        }
    }

    private RoutingActions actions(Node node, String path) {
        Map<String, Node> f = fields(node, path, ACTIONS);
        String level = optional(f, "level", path);
        if (level != null && !LEVELS.contains(level.toUpperCase(Locale.ROOT))) {
            problem(f.get("level"), path + ".level", "must be one of " + LEVELS + ", found '" + level + "'");
        }
        String priority = optional(f, "priority", path);
        if (priority != null && !PRIORITIES.contains(priority.toLowerCase(Locale.ROOT))) {
            problem(f.get("priority"), path + ".priority", "must be one of " + PRIORITIES + ", found '" + priority + "'");
        }
        return new RoutingActions(optional(f, "queue", path), level == null ? null : level.toUpperCase(Locale.ROOT),
                priority == null ? null : priority.toLowerCase(Locale.ROOT), optional(f, "sla", path),
                f.containsKey("tags") ? stringList(f.get("tags"), path + ".tags") : List.of(),
                f.containsKey("removeTags") ? stringList(f.get("removeTags"), path + ".removeTags") : List.of(),
                optional(f, "assigneeGroup", path), optional(f, "acknowledgement", path), optional(f, "spam", path),
                optional(f, "reject", path), f.containsKey("faq") ? stringList(f.get("faq"), path + ".faq") : List.of());
    }

    private BusinessHours businessHours(Node node, String path) {
        Map<String, Node> f = fields(node, path, Set.of("zone", "days", "from", "to"));
        BusinessHours d = BusinessHours.DEFAULT;
        ZoneId zone = d.zone();
        if (f.containsKey("zone")) {
            String z = scalar(f.get("zone"), path + ".zone");
            try {
                zone = ZoneId.of(z);
            }
            catch (RuntimeException e) {
                problem(f.get("zone"), path + ".zone", "unknown time zone '" + z + "' (use e.g. Europe/Berlin)");
            }
        }
        Set<DayOfWeek> days = f.containsKey("days") ? days(f.get("days"), path + ".days") : d.days();
        LocalTime from = f.containsKey("from") ? time(f.get("from"), path + ".from", d.from()) : d.from();
        LocalTime to = f.containsKey("to") ? time(f.get("to"), path + ".to", d.to()) : d.to();
        return new BusinessHours(zone, days, from, to);
    }

    private CustomerTagRule customer(Node node, String path) {
        Map<String, Node> f = fields(node, path, Set.of("address", "domain", "tags"));
        List<String> addresses = f.containsKey("address") ? lowerList(f.get("address"), path + ".address") : List.of();
        List<String> domains = f.containsKey("domain") ? lowerList(f.get("domain"), path + ".domain") : List.of();
        if (addresses.isEmpty() && domains.isEmpty()) {
            problem(node, path, "needs 'address' or 'domain'");
        }
        if (!f.containsKey("tags")) {
            problem(node, path + ".tags", "missing: the tags to give these customers");
        }
        List<String> tags = f.containsKey("tags") ? lowerList(f.get("tags"), path + ".tags") : List.of();
        return new CustomerTagRule(addresses, domains, tags);
    }

    // ---- node helpers: each reports problems with file, line and field

    private Map<String, Node> fields(Node node, String path, Set<String> allowed) {
        Map<String, Node> out = new LinkedHashMap<>();
        if (!(node instanceof MappingNode map)) {
            problem(node, path.isEmpty() ? "(top)" : path, "expected a mapping with " + allowed);
            return out;
        }
        for (NodeTuple t : map.getValue()) {
            String key = keyOf(t, path);
            if (key == null) {
                continue;
            }
            if (!allowed.contains(key)) {
                problem(t.getKeyNode(), join(path, key), "unknown field (known: " + String.join(", ", new java.util.TreeSet<>(allowed)) + ")");
            }
            if (out.containsKey(key)) {
                problem(t.getKeyNode(), join(path, key), "given twice (the first one is line "
                        + (out.get(key).getStartMark().getLine() + 1) + ")");
            }
            out.put(key, t.getValueNode());
        }
        return out;
    }

    private String keyOf(NodeTuple t, String path) {
        if (t.getKeyNode() instanceof ScalarNode s) {
            return s.getValue();
        }
        problem(t.getKeyNode(), path, "keys must be plain words");
        return null;
    }

    private String optional(Map<String, Node> f, String key, String path) {
        return f.containsKey(key) ? scalar(f.get(key), join(path, key)) : null;
    }

    private String scalar(Node node, String path) {
        if (node instanceof ScalarNode s) {
            return s.getValue();
        }
        problem(node, path, "expected a single value");
        return null;
    }

    private List<Node> list(Node node, String path) {
        if (node instanceof SequenceNode seq) {
            return seq.getValue();
        }
        problem(node, path, "expected a list");
        return List.of();
    }

    /** A single value or a list of values. */
    private List<String> stringList(Node node, String path) {
        if (node instanceof ScalarNode s) {
            return s.getValue().isEmpty() ? List.of() : List.of(s.getValue());
        }
        List<String> out = new ArrayList<>();
        List<Node> items = list(node, path);
        for (int i = 0; i < items.size(); i++) {
            String v = scalar(items.get(i), path + "[" + i + "]");
            if (v != null) {
                out.add(v);
            }
        }
        return out;
    }

    private List<String> lowerList(Node node, String path) {
        return stringList(node, path).stream().map(s -> s.toLowerCase(Locale.ROOT)).toList();
    }

    private Condition inList(Node node, String path, Function<RuleContext, String> value) {
        List<String> allowed = lowerList(node, path);
        return m -> {
            String v = value.apply(m);
            return v != null && allowed.contains(v.toLowerCase(Locale.ROOT));
        };
    }

    private boolean bool(Node node, String path) {
        String s = scalar(node, path);
        if ("true".equalsIgnoreCase(s) || "false".equalsIgnoreCase(s)) {
            return Boolean.parseBoolean(s);
        }
        if (s != null) {
            problem(node, path, "expected true or false, found '" + s + "'");
        }
        return false;
    }

    private Double confidence(Node node, String path) {
        String s = scalar(node, path);
        try {
            double d = Double.parseDouble(s);
            if (d < 0 || d > 1) {
                throw new NumberFormatException();
            }
            return d;
        }
        catch (RuntimeException e) {
            problem(node, path, "expected a number between 0 and 1, found '" + s + "'");
            return null;
        }
    }

    private Pattern regex(Node node, String path) {
        String s = scalar(node, path);
        if (s == null) {
            return null;
        }
        try {
            // case-insensitive by default: admins write "refund", customers write "Refund"; (?-i) turns it off
            return Pattern.compile(s, Pattern.CASE_INSENSITIVE);
        }
        catch (PatternSyntaxException e) {
            problem(node, path, "invalid regular expression: " + e.getMessage());
            return null;
        }
    }

    private Set<DayOfWeek> days(Node node, String path) {
        Set<DayOfWeek> out = EnumSet.noneOf(DayOfWeek.class);
        for (String d : stringList(node, path)) {
            DayOfWeek day = java.util.Arrays.stream(DayOfWeek.values())
                    .filter(w -> w.name().startsWith(d.toUpperCase(Locale.ROOT)) && d.length() >= 2).findFirst().orElse(null);
            if (day == null) {
                problem(node, path, "unknown day '" + d + "' (use MON, TUE ... SUN)");
            }
            else {
                out.add(day);
            }
        }
        return out;
    }

    private LocalTime time(Node node, String path, LocalTime fallback) {
        String s = scalar(node, path);
        try {
            return LocalTime.parse(s);
        }
        catch (RuntimeException e) {
            problem(node, path, "expected a time HH:MM, found '" + s + "'");
            return fallback;
        }
    }

    private static String cap(String text) {
        return text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) : text;
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private void problem(Node node, String field, String message) {
        int line = node == null ? 0 : node.getStartMark().getLine() + 1;
        problems.add(new Problem(line, source + ":" + line + ": " + field + ": " + message));
    }
}
