package io.ticketflow.config;

import java.io.StringReader;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
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
 * An admin YAML file read as a tree of nodes that remember their line, and the validator that walks it. Every helper
 * checks one field, records a problem as {@code file:line: field: message} and returns a usable fallback, so a file is
 * checked to the end and all its problems are reported at once; {@link #throwIfProblems} then rejects the whole file.
 * Nodes rather than bound objects: binding loses the line numbers an admin needs.
 */
public final class LocatedYaml {

    private final String source;
    private final Node root;
    private final List<Problem> problems = new ArrayList<>();

    private record Problem(int line, String text) {
    }

    /** A key of a mapping with its own node (for the key's line) and its value. */
    public record Entry(String name, Node key, Node value) {
    }

    private LocatedYaml(String source, Node root) {
        this.source = source;
        this.root = root;
    }

    /**
     * Reads {@code text}; a YAML syntax error becomes the file's only problem and {@link #root()} is null. Duplicate
     * keys are kept in the tree so that {@link #fields} can name both lines; aliases are capped (no alias bombs).
     */
    public static LocatedYaml read(String source, String text) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(10);
        try {
            return new LocatedYaml(source, new Yaml(options).compose(new StringReader(text)));
        }
        catch (MarkedYAMLException e) {
            LocatedYaml broken = new LocatedYaml(source, null);
            int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
            broken.problems.add(new Problem(line, source + ":" + line + ": not valid YAML: " + e.getProblem()));
            return broken;
        }
        catch (RuntimeException e) {
            LocatedYaml broken = new LocatedYaml(source, null);
            broken.problems.add(new Problem(0, source + ": not valid YAML: " + e.getMessage()));
            return broken;
        }
    }

    public String source() {
        return source;
    }

    /** The top node; null when the file is empty or not valid YAML. */
    public Node root() {
        return root;
    }

    // ---- problems

    public void problem(Node node, String field, String message) {
        int line = line(node);
        problems.add(new Problem(line, source + ":" + line + ": " + (field.isEmpty() ? "(top)" : field) + ": " + message));
    }

    /** The problems so far, in line order (several on one line in the order they were found). */
    public List<String> problems() {
        return problems.stream().sorted(Comparator.comparingInt(Problem::line)).map(Problem::text).toList();
    }

    public boolean hasProblems() {
        return !problems.isEmpty();
    }

    /** Rejects the file when anything was wrong; {@code exception} builds the caller's own exception type. */
    public void throwIfProblems(Function<List<String>, ? extends RuntimeException> exception) {
        if (!problems.isEmpty()) {
            throw exception.apply(problems());
        }
    }

    public static int line(Node node) {
        return node == null ? 0 : node.getStartMark().getLine() + 1;
    }

    public static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    // ---- structure

    /**
     * A mapping with a fixed set of fields: a field not in {@code known} is an error that lists the known ones, a
     * field given twice is an error that names the first line. Absent or wrong-shaped nodes give an empty map.
     */
    public Map<String, Node> fields(Node node, String path, Set<String> known) {
        Map<String, Node> out = new LinkedHashMap<>();
        if (!(node instanceof MappingNode)) {
            if (node != null) {
                problem(node, path, "expected a mapping (known fields: " + sorted(known) + ")");
            }
            return out;
        }
        for (Entry e : entries(node, path)) {
            if (!known.contains(e.name())) {
                problem(e.key(), join(path, e.name()), "unknown field (known: " + sorted(known) + ")");
            }
            out.put(e.name(), e.value());
        }
        return out;
    }

    /** A mapping whose keys are names the admin chooses (calendars, header names ...), in file order, each once. */
    public List<Entry> entries(Node node, String path) {
        List<Entry> out = new ArrayList<>();
        if (node == null) {
            return out;
        }
        if (!(node instanceof MappingNode map)) {
            problem(node, path, "expected a mapping (key: value lines)");
            return out;
        }
        Map<String, Node> seen = new LinkedHashMap<>();
        for (NodeTuple t : map.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode key)) {
                problem(t.getKeyNode(), path, "keys must be plain words");
                continue;
            }
            Node first = seen.putIfAbsent(key.getValue(), key);
            if (first != null) {
                problem(key, join(path, key.getValue()), "given twice (the first one is line " + line(first) + ")");
                continue;
            }
            out.add(new Entry(key.getValue(), key, t.getValueNode()));
        }
        return out;
    }

    /** The value of a required field; when absent, a problem at the parent's line ({@code hint} says what to write). */
    public Node required(Map<String, Node> fields, String key, Node parent, String path, String hint) {
        Node node = fields.get(key);
        if (node == null) {
            problem(parent, join(path, key), hint == null || hint.isEmpty() ? "missing" : "missing: " + hint);
        }
        return node;
    }

    public List<Node> list(Node node, String path) {
        if (node instanceof SequenceNode seq) {
            return seq.getValue();
        }
        problem(node, path, "expected a list");
        return List.of();
    }

    // ---- values

    /** A single value as written (may be empty); null (and a problem) for a list or mapping. */
    public String scalar(Node node, String path) {
        if (node instanceof ScalarNode s) {
            return s.getValue();
        }
        problem(node, path, "expected a single value");
        return null;
    }

    /** A single non-blank value, stripped; null (and a problem) otherwise. */
    public String text(Node node, String path) {
        if (!(node instanceof ScalarNode s) || s.getValue().isBlank()) {
            problem(node, path, "expected a value");
            return null;
        }
        return s.getValue().strip();
    }

    /** A single value or a list of values; an empty single value is the empty list. */
    public List<String> strings(Node node, String path) {
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

    public List<String> lowerStrings(Node node, String path) {
        return strings(node, path).stream().map(s -> s.toLowerCase(Locale.ROOT)).toList();
    }

    public boolean bool(Node node, String path, boolean fallback) {
        String s = scalar(node, path);
        if ("true".equalsIgnoreCase(s) || "false".equalsIgnoreCase(s)) {
            return Boolean.parseBoolean(s);
        }
        if (s != null) {
            problem(node, path, "expected true or false, found '" + s + "'");
        }
        return fallback;
    }

    public int integer(Node node, String path, int min, int fallback) {
        String value = text(node, path);
        if (value == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value);
            if (n < min) {
                problem(node, path, "must be at least " + min);
            }
            return n;
        }
        catch (NumberFormatException e) {
            problem(node, path, "\"" + value + "\" is not a whole number");
            return fallback;
        }
    }

    /** A decimal number within [min, max]; null (and a problem) otherwise. */
    public Double number(Node node, String path, double min, double max) {
        String s = scalar(node, path);
        try {
            double d = Double.parseDouble(s);
            if (d >= min && d <= max) {
                return d;
            }
        }
        catch (RuntimeException e) {
            // reported below
        }
        problem(node, path, "expected a number between " + plain(min) + " and " + plain(max) + ", found '" + s + "'");
        return null;
    }

    /** One of {@code allowed} (compared ignoring case), returned as spelled in {@code allowed}; null when not. */
    public String oneOf(Node node, String path, List<String> allowed) {
        String s = scalar(node, path);
        if (s == null) {
            return null;
        }
        for (String a : allowed) {
            if (a.equalsIgnoreCase(s)) {
                return a;
            }
        }
        problem(node, path, "must be one of " + allowed + ", found '" + s + "'");
        return null;
    }

    /** An ISO-8601 duration (PT4H, PT30M, P2D), not negative. */
    public Duration duration(Node node, String path) {
        String value = text(node, path);
        if (value == null) {
            return null;
        }
        try {
            Duration d = Duration.parse(value);
            if (d.isNegative()) {
                problem(node, path, "must not be negative");
            }
            return d;
        }
        catch (DateTimeParseException e) {
            problem(node, path, "\"" + value + "\" is not a duration: write PT4H, PT30M, PT1H30M or P2D");
            return null;
        }
    }

    public String mailAddress(Node node, String path) {
        String value = text(node, path);
        if (value != null && !value.matches("[^@\\s]+@[^@\\s]+")) {
            problem(node, path, "\"" + value + "\" is not a mail address");
            return null;
        }
        return value;
    }

    /**
     * A regular expression for RE2/J, which matches in linear time whatever the pattern: the right engine for patterns
     * an admin writes and customers' text is matched against. Case-insensitive unless the pattern says {@code (?-i)}.
     */
    public com.google.re2j.Pattern regex(Node node, String path) {
        String s = scalar(node, path);
        if (s == null) {
            return null;
        }
        try {
            return com.google.re2j.Pattern.compile(s, com.google.re2j.Pattern.CASE_INSENSITIVE);
        }
        catch (com.google.re2j.PatternSyntaxException e) {
            problem(node, path, "invalid regular expression: " + e.getMessage());
            return null;
        }
    }

    private static String sorted(Set<String> names) {
        return String.join(", ", new TreeSet<>(names));
    }

    private static String plain(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }
}
