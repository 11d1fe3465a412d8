package io.ticketflow.route;

import io.ticketflow.config.BusinessHoursParser;
import io.ticketflow.config.LocatedYaml;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads and validates {@code routing.yml} (reference: docs/routing.md). Walks the YAML node tree rather than binding
 * objects, so every problem names the file, the line and the field ({@code config/routing.yml:14: rules[2].when.subject:
 * invalid regular expression ...}). All problems are collected; any problem rejects the whole file. Each condition
 * of a {@code when} block is read by its {@link ConditionKind}, looked up by name in {@link ConditionKinds}.
 */
public final class RuleFileParser implements ConditionKind.Reader {

    public static final List<String> LEVELS = List.of("L0", "L1", "L2");
    public static final List<String> PRIORITIES = List.of("low", "normal", "high", "urgent");
    private static final Set<String> TOP = Set.of("version", "defaults", "businessHours", "customers", "rules");
    private static final Set<String> RULE = Set.of("id", "description", "when", "then", "stop");
    private static final Set<String> ACTIONS = Set.of("queue", "level", "priority", "sla", "tags", "removeTags",
            "assigneeGroup", "acknowledgement", "spam", "reject", "faq");

    private final LocatedYaml yaml;
    private final BusinessHoursParser hours;
    private final ConditionKinds kinds;
    /** The classifiers the conditions of the rule being read look at. */
    private final Set<String> classifiersRead = new HashSet<>();

    private RuleFileParser(LocatedYaml yaml, ConditionKinds kinds) {
        this.yaml = yaml;
        this.hours = new BusinessHoursParser(yaml);
        this.kinds = kinds;
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

    public static RuleSet parse(String text, String source) {
        LocatedYaml yaml = LocatedYaml.read(source, text);
        yaml.throwIfProblems(RoutingConfigException::new);
        if (!(yaml.root() instanceof MappingNode top)) {
            throw new RoutingConfigException(List.of(source + ":1: the file must be a mapping with a 'rules' list"));
        }
        return new RuleFileParser(yaml, ConditionKinds.BUILT_IN).read(top);
    }

    @Override
    public LocatedYaml yaml() {
        return yaml;
    }

    @Override
    public BusinessHoursParser hours() {
        return hours;
    }

    private RuleSet read(MappingNode top) {
        Map<String, Node> fields = yaml.fields(top, "", TOP);
        RoutingActions defaults = fields.containsKey("defaults") ? actions(fields.get("defaults"), "defaults") : RoutingActions.NONE;
        if (defaults.spam() != null || defaults.reject() != null) {
            yaml.problem(fields.get("defaults"), "defaults", "spam and reject belong in a rule, not in the defaults");
        }
        BusinessHours businessHours = fields.containsKey("businessHours")
                ? businessHours(fields.get("businessHours"), "businessHours") : BusinessHours.DEFAULT;
        List<CustomerTagRule> customers = new ArrayList<>();
        if (fields.containsKey("customers")) {
            List<Node> items = yaml.list(fields.get("customers"), "customers");
            for (int i = 0; i < items.size(); i++) {
                customers.add(customer(items.get(i), "customers[" + i + "]"));
            }
        }
        List<Rule> rules = new ArrayList<>();
        Node ruleList = yaml.required(fields, "rules", top, "", "the file needs a 'rules' list (it may be empty: rules: [])");
        if (ruleList != null) {
            List<Node> items = yaml.list(ruleList, "rules");
            Set<String> ids = new HashSet<>();
            for (int i = 0; i < items.size(); i++) {
                Rule rule = rule(items.get(i), "rules[" + i + "]");
                if (!ids.add(rule.id())) {
                    yaml.problem(items.get(i), "rules[" + i + "].id", "duplicate rule id '" + rule.id() + "'");
                }
                rules.add(rule);
            }
        }
        yaml.throwIfProblems(RoutingConfigException::new);
        return new RuleSet(yaml.source(), Instant.now(), defaults, businessHours, customers, rules);
    }

    private Rule rule(Node node, String path) {
        Map<String, Node> f = yaml.fields(node, path, RULE);
        String id = f.containsKey("id") ? yaml.scalar(f.get("id"), path + ".id") : null;
        if (id == null || id.isBlank()) {
            yaml.problem(node, path + ".id", "every rule needs an id (it is recorded on each message it routes)");
            id = path;
        }
        String description = f.containsKey("description") ? yaml.scalar(f.get("description"), path + ".description") : null;
        classifiersRead.clear();
        List<Condition> conditions = f.containsKey("when") ? conditions(f.get("when"), path + ".when") : List.of();
        RoutingActions actions = f.containsKey("then") ? actions(f.get("then"), path + ".then") : RoutingActions.NONE;
        boolean stop = f.containsKey("stop") && yaml.bool(f.get("stop"), path + ".stop", false);
        if (!f.containsKey("then") && !stop) {
            yaml.problem(node, path, "a rule needs 'then' actions or 'stop: true'");
        }
        return new Rule(id, description, LocatedYaml.line(node), conditions, actions, stop, Set.copyOf(classifiersRead));
    }

    @Override
    public void readsClassifier(String name) {
        classifiersRead.add(name);
    }

    /** A {@code when} block: each key names a condition kind; unknown names are refused with the known ones. */
    @Override
    public List<Condition> conditions(Node node, String path) {
        List<Condition> out = new ArrayList<>();
        if (!(node instanceof MappingNode)) {
            yaml.problem(node, path, "expected a mapping of conditions");
            return out;
        }
        for (LocatedYaml.Entry e : yaml.entries(node, path)) {
            String p = path + "." + e.name();
            ConditionKind kind = kinds.get(e.name());
            if (kind == null) {
                yaml.problem(e.key(), p, "unknown condition (known: " + String.join(", ", kinds.names()) + ")");
                continue;
            }
            Condition c = kind.read(e.value(), p, this);
            if (c != null) {
                out.add(c);
            }
        }
        return out;
    }

    private RoutingActions actions(Node node, String path) {
        Map<String, Node> f = yaml.fields(node, path, ACTIONS);
        String level = f.containsKey("level") ? yaml.oneOf(f.get("level"), path + ".level", LEVELS) : null;
        String priority = f.containsKey("priority") ? yaml.oneOf(f.get("priority"), path + ".priority", PRIORITIES) : null;
        return new RoutingActions(optional(f, "queue", path), level, priority, optional(f, "sla", path),
                strings(f, "tags", path), strings(f, "removeTags", path), optional(f, "assigneeGroup", path),
                optional(f, "acknowledgement", path), optional(f, "spam", path), optional(f, "reject", path),
                strings(f, "faq", path));
    }

    /** Staffed hours: one window on the listed days; the window may span midnight. */
    private BusinessHours businessHours(Node node, String path) {
        Map<String, Node> f = yaml.fields(node, path, Set.of("zone", "days", "from", "to"));
        BusinessHours d = BusinessHours.DEFAULT;
        ZoneId zone = f.containsKey("zone") ? hours.zone(f.get("zone"), path + ".zone", d.zone()) : d.zone();
        Set<DayOfWeek> days = f.containsKey("days") ? hours.days(f.get("days"), path + ".days") : d.days();
        LocalTime from = f.containsKey("from") ? hours.time(f.get("from"), path + ".from", d.from()) : d.from();
        LocalTime to = f.containsKey("to") ? hours.time(f.get("to"), path + ".to", d.to()) : d.to();
        return new BusinessHours(zone, days, from, to);
    }

    private CustomerTagRule customer(Node node, String path) {
        Map<String, Node> f = yaml.fields(node, path, Set.of("address", "domain", "tags"));
        List<String> addresses = f.containsKey("address") ? yaml.lowerStrings(f.get("address"), path + ".address") : List.of();
        List<String> domains = f.containsKey("domain") ? yaml.lowerStrings(f.get("domain"), path + ".domain") : List.of();
        if (addresses.isEmpty() && domains.isEmpty()) {
            yaml.problem(node, path, "needs 'address' or 'domain'");
        }
        Node tags = yaml.required(f, "tags", node, path, "the tags to give these customers");
        return new CustomerTagRule(addresses, domains, tags == null ? List.of() : yaml.lowerStrings(tags, path + ".tags"));
    }

    private String optional(Map<String, Node> f, String key, String path) {
        return f.containsKey(key) ? yaml.scalar(f.get(key), LocatedYaml.join(path, key)) : null;
    }

    private List<String> strings(Map<String, Node> f, String key, String path) {
        return f.containsKey(key) ? yaml.strings(f.get(key), LocatedYaml.join(path, key)) : List.of();
    }
}
