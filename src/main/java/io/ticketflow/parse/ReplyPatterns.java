package io.ticketflow.parse;

import io.ticketflow.config.ConfigFileException;
import io.ticketflow.config.LocatedYaml;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

/**
 * The patterns {@link ReplySplitter} classifies lines with (reference: docs/parsing.md). The jar ships
 * {@code parsing/reply-patterns.yml}; an admin file given by {@code ticketflow.parse.reply-patterns-file} replaces it
 * as a whole. Java regular expressions (the shipped ones need lazy quantifiers and Unicode classes), so the loader
 * refuses what could backtrack catastrophically: nested repetition and back-references.
 *
 * @param attributions           lines that introduce quoted or forwarded history
 * @param wrappedAttributionStart how the first line of an attribution wrapped over several lines can begin
 * @param headerLines            lines of a quoted header block (From:/Sent:/To:/Subject:)
 * @param signatures             device signature lines (Sent from my iPhone)
 */
record ReplyPatterns(String source, List<LinePattern> attributions, LinePattern wrappedAttributionStart,
        List<LinePattern> headerLines, List<LinePattern> signatures) {

    static final String SHIPPED = "/parsing/reply-patterns.yml";
    private static final Set<String> TOP = Set.of("version", "attributions", "wrapped-attribution-start", "header-lines",
            "signatures");
    private static final Set<String> ENTRY = Set.of("id", "description", "pattern");
    /** A group repeated without bound whose body repeats without bound too: (a+)+, (\s*x)*, (?:a|b+){2,}. */
    private static final Pattern UNBOUNDED = Pattern.compile("[*+]|\\{\\d+,}");

    ReplyPatterns {
        attributions = List.copyOf(attributions);
        headerLines = List.copyOf(headerLines);
        signatures = List.copyOf(signatures);
    }

    /** The same patterns run on every line, without their literal prefilters (the reference for the tests). */
    ReplyPatterns unfiltered() {
        return new ReplyPatterns(source, attributions.stream().map(LinePattern::unfiltered).toList(),
                wrappedAttributionStart.unfiltered(), headerLines.stream().map(LinePattern::unfiltered).toList(),
                signatures.stream().map(LinePattern::unfiltered).toList());
    }

    static ReplyPatterns shipped() {
        return Shipped.PATTERNS;
    }

    /** The admin's file when one is set, else the shipped patterns. */
    static ReplyPatterns load(String file) {
        if (file == null || file.isBlank()) {
            return shipped();
        }
        try {
            return parse(Files.readString(Path.of(file), StandardCharsets.UTF_8), file);
        }
        catch (IOException e) {
            throw new ConfigFileException(List.of(file + ": cannot read the reply-split patterns "
                    + "(ticketflow.parse.reply-patterns-file): " + e.getMessage()));
        }
    }

    static ReplyPatterns parse(String text, String source) {
        LocatedYaml yaml = LocatedYaml.read(source, text);
        yaml.throwIfProblems(ConfigFileException::new);
        if (!(yaml.root() instanceof MappingNode top)) {
            throw new ConfigFileException(List.of(source + ":1: expected a mapping with attributions, "
                    + "wrapped-attribution-start, header-lines and signatures"));
        }
        Map<String, Node> f = yaml.fields(top, "", TOP);
        Set<String> ids = new HashSet<>();
        List<LinePattern> attributions = list(yaml, f, top, "attributions", ids);
        Node start = yaml.required(f, "wrapped-attribution-start", top, "", "a pattern");
        LinePattern wrappedStart = start == null ? null : pattern(yaml, start, "wrapped-attribution-start");
        List<LinePattern> headerLines = list(yaml, f, top, "header-lines", ids);
        List<LinePattern> signatures = list(yaml, f, top, "signatures", ids);
        yaml.throwIfProblems(ConfigFileException::new);
        return new ReplyPatterns(source, attributions, wrappedStart, headerLines, signatures);
    }

    private static List<LinePattern> list(LocatedYaml yaml, Map<String, Node> f, Node top, String section,
            Set<String> ids) {
        List<LinePattern> out = new ArrayList<>();
        Node node = yaml.required(f, section, top, "", "a list of {id, pattern} (it may be empty: [])");
        List<Node> items = node == null ? List.of() : yaml.list(node, section);
        for (int i = 0; i < items.size(); i++) {
            String path = section + "[" + i + "]";
            Map<String, Node> e = yaml.fields(items.get(i), path, ENTRY);
            Node id = yaml.required(e, "id", items.get(i), path, "every pattern needs an id");
            String name = id == null ? null : yaml.text(id, path + ".id");
            if (name != null && !ids.add(name)) {
                yaml.problem(id, path + ".id", "duplicate pattern id '" + name + "'");
            }
            Node p = yaml.required(e, "pattern", items.get(i), path, "a regular expression");
            LinePattern compiled = p == null ? null : pattern(yaml, p, path + ".pattern");
            if (compiled != null) {
                out.add(compiled);
            }
        }
        return out;
    }

    private static LinePattern pattern(LocatedYaml yaml, Node node, String path) {
        String s = yaml.text(node, path);
        if (s == null) {
            return null;
        }
        String risk = backtrackingRisk(s);
        if (risk != null) {
            yaml.problem(node, path, risk);
            return null;
        }
        try {
            // case-insensitive by default, as in the routing rules; (?-i) turns it off, (?U) makes \w and \b Unicode-aware
            return LinePattern.compile(s, Pattern.CASE_INSENSITIVE);
        }
        catch (PatternSyntaxException e) {
            yaml.problem(node, path, "invalid regular expression: " + e.getDescription() + " near index " + e.getIndex());
            return null;
        }
    }

    /**
     * Why the pattern could take exponential time on a crafted line, or null. Checks the two constructs that cause
     * it in practice: a group repeated without bound that itself holds an unbounded repetition, and back-references.
     */
    static String backtrackingRisk(String regex) {
        List<Integer> groupStarts = new ArrayList<>();
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '\\') {
                if (i + 1 < regex.length() && (Character.isDigit(regex.charAt(i + 1)) && regex.charAt(i + 1) != '0'
                        || regex.charAt(i + 1) == 'k')) {
                    return "back-references can take exponential time on a crafted line; write the pattern without them";
                }
                i++;
            }
            else if (c == '[') {
                i = classEnd(regex, i);
            }
            else if (c == '(') {
                groupStarts.add(i);
            }
            else if (c == ')' && !groupStarts.isEmpty()) {
                int start = groupStarts.remove(groupStarts.size() - 1);
                String body = withoutClassesAndEscapes(regex.substring(start + 1, i));
                if (UNBOUNDED.matcher(body).find() && UNBOUNDED.matcher(regex.substring(i + 1)).lookingAt()) {
                    return "nested repetition " + regex.substring(start, Math.min(regex.length(), i + 2))
                            + " can take exponential time on a crafted line; repeat the inner part or the group, not both";
                }
            }
        }
        return null;
    }

    private static int classEnd(String regex, int open) {
        int i = open + 1;
        if (i < regex.length() && regex.charAt(i) == '^') {
            i++;
        }
        if (i < regex.length() && regex.charAt(i) == ']') {
            i++;
        }
        for (; i < regex.length(); i++) {
            if (regex.charAt(i) == '\\') {
                i++;
            }
            else if (regex.charAt(i) == ']') {
                return i;
            }
        }
        return regex.length();
    }

    private static String withoutClassesAndEscapes(String body) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '\\') {
                i++;
                out.append('x');
            }
            else if (c == '[') {
                i = classEnd(body, i);
                out.append('x');
            }
            else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** The shipped file, read once (a broken shipped file is a build error, which the tests catch). */
    private static final class Shipped {
        static final ReplyPatterns PATTERNS = read();

        private static ReplyPatterns read() {
            try (InputStream in = ReplyPatterns.class.getResourceAsStream(SHIPPED)) {
                if (in == null) {
                    throw new IllegalStateException("the jar has no " + SHIPPED);
                }
                return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "classpath:" + SHIPPED.substring(1));
            }
            catch (IOException e) {
                throw new IllegalStateException("cannot read " + SHIPPED, e);
            }
        }
    }
}
