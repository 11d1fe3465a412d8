package io.ticketflow.screen;

import io.ticketflow.config.ConfigFileException;
import io.ticketflow.config.LocatedYaml;
import io.ticketflow.vocabulary.ScreeningVerdict.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

/**
 * The machine-mail markers, per verdict kind in the order of the file (reference: docs/parsing.md). The jar ships
 * {@code screening/markers.yml}; an admin file given by {@code ticketflow.screen.markers-file} replaces it as a whole.
 * A file with any problem is refused with {@code file:line: field: message} lines, and Ticketflow does not start:
 * screening with half a marker list would answer auto-replies.
 */
record ScreeningMarkers(String source, Map<Kind, List<Marker>> byKind) {

    static final String SHIPPED = "/screening/markers.yml";
    /** The file's sections, in the order the screener checks them. */
    static final Map<String, Kind> SECTIONS = sections();
    private static final Set<String> TOP = Set.of("version", "bounce", "auto-reply", "spam", "list");
    private static final Set<String> FIELDS = Set.of("id", "description", "header", "from", "subject", "matches",
            "unless", "reason");
    private static final Set<String> PLACEHOLDERS = Set.of("header", "value", "from", "subject");

    ScreeningMarkers {
        Map<Kind, List<Marker>> copy = new EnumMap<>(Kind.class);
        byKind.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        byKind = Map.copyOf(copy);
    }

    List<Marker> of(Kind kind) {
        return byKind.getOrDefault(kind, List.of());
    }

    /** The admin's file when one is set, else the shipped markers. */
    static ScreeningMarkers load(String file) {
        if (file == null || file.isBlank()) {
            return shipped();
        }
        try {
            return parse(Files.readString(Path.of(file), StandardCharsets.UTF_8), file);
        }
        catch (IOException e) {
            throw new ConfigFileException(List.of(file + ": cannot read the screening markers (ticketflow.screen.markers-file): "
                    + e.getMessage()));
        }
    }

    static ScreeningMarkers shipped() {
        return Shipped.MARKERS;
    }

    static ScreeningMarkers parse(String text, String source) {
        LocatedYaml yaml = LocatedYaml.read(source, text);
        yaml.throwIfProblems(ConfigFileException::new);
        if (!(yaml.root() instanceof MappingNode top)) {
            throw new ConfigFileException(List.of(source + ":1: expected a mapping with the sections "
                    + String.join(", ", SECTIONS.keySet())));
        }
        Map<String, Node> fields = yaml.fields(top, "", TOP);
        Map<Kind, List<Marker>> byKind = new EnumMap<>(Kind.class);
        Set<String> ids = new HashSet<>();
        SECTIONS.forEach((section, kind) -> {
            List<Marker> markers = new ArrayList<>();
            List<Node> items = fields.containsKey(section) ? yaml.list(fields.get(section), section) : List.of();
            for (int i = 0; i < items.size(); i++) {
                Marker m = marker(yaml, items.get(i), section + "[" + i + "]");
                if (m != null && !ids.add(m.id())) {
                    yaml.problem(items.get(i), section + "[" + i + "].id", "duplicate marker id '" + m.id() + "'");
                }
                markers.add(m);
            }
            byKind.put(kind, markers);
        });
        yaml.throwIfProblems(ConfigFileException::new);
        return new ScreeningMarkers(source, byKind);
    }

    private static Marker marker(LocatedYaml yaml, Node node, String path) {
        Map<String, Node> f = yaml.fields(node, path, FIELDS);
        Node idNode = yaml.required(f, "id", node, path, "every marker needs an id");
        String id = idNode == null ? path : yaml.text(idNode, path + ".id");
        List<String> tests = f.keySet().stream().filter(k -> k.equals("header") || k.equals("from") || k.equals("subject")).toList();
        if (tests.size() != 1) {
            yaml.problem(node, path, "a marker tests exactly one of header, from, subject (found " + tests + ")");
        }
        boolean header = f.containsKey("header");
        if (f.containsKey("matches") && !header) {
            yaml.problem(f.get("matches"), path + ".matches", "goes with header; from and subject are patterns themselves");
        }
        Node reasonNode = yaml.required(f, "reason", node, path, "the reason recorded on the message");
        String reason = reasonNode == null ? "" : yaml.text(reasonNode, path + ".reason");
        var placeholders = Marker.PLACEHOLDER.matcher(reason == null ? "" : reason);
        while (placeholders.find()) {
            String name = placeholders.group(1);
            if (!PLACEHOLDERS.contains(name) || !header && (name.equals("header") || name.equals("value"))) {
                yaml.problem(reasonNode, path + ".reason", "unknown placeholder {" + name + "} (known: "
                        + (header ? "{header}, {value}, {value:N}, " : "") + "{from}, {subject})");
            }
        }
        return new Marker(id == null ? path : id,
                header ? yaml.strings(f.get("header"), path + ".header") : List.of(),
                f.containsKey("from") ? yaml.regex(f.get("from"), path + ".from") : null,
                f.containsKey("subject") ? yaml.regex(f.get("subject"), path + ".subject") : null,
                f.containsKey("matches") ? yaml.regex(f.get("matches"), path + ".matches") : null,
                f.containsKey("unless") ? yaml.regex(f.get("unless"), path + ".unless") : null,
                reason == null ? "" : reason, LocatedYaml.line(node));
    }

    private static Map<String, Kind> sections() {
        Map<String, Kind> s = new LinkedHashMap<>();
        s.put("bounce", Kind.BOUNCE);
        s.put("auto-reply", Kind.AUTO_REPLY);
        s.put("spam", Kind.SPAM);
        s.put("list", Kind.LIST);
        return Collections.unmodifiableMap(s);
    }

    /** The shipped file, read once (a broken shipped file is a build error, which the tests catch). */
    private static final class Shipped {
        static final ScreeningMarkers MARKERS = read();

        private static ScreeningMarkers read() {
            try (InputStream in = ScreeningMarkers.class.getResourceAsStream(SHIPPED)) {
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
