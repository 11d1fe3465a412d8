package io.ticketflow.screen.monitoring;

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
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

/**
 * The monitoring notification formats, in the order of the file (docs/integrations.md). The jar ships
 * {@code monitoring/formats.yml}; an admin's file replaces it as a whole. A file with any problem is refused with
 * {@code file:line: field: message} lines: half a format list would turn alarms into customer tickets.
 */
public record MonitoringFormats(String source, List<MonitoringFormat> formats) {

    static final String SHIPPED = "/monitoring/formats.yml";
    private static final Set<String> TOP = Set.of("version", "formats");
    private static final Set<String> FIELDS = Set.of("id", "description", "subject", "body", "recovery");
    private static final Set<String> GROUPS = Set.of("host", "service", "state", "severity", "from");

    public MonitoringFormats {
        formats = List.copyOf(formats);
    }

    /** The first format that reads this mail as a monitoring notification. */
    public Optional<MonitoringNotice> recognise(String subject, String body) {
        for (MonitoringFormat format : formats) {
            MonitoringNotice notice = format.read(subject, body);
            if (notice != null) {
                return Optional.of(notice);
            }
        }
        return Optional.empty();
    }

    /** The admin's file when one is set, else the shipped formats. */
    public static MonitoringFormats load(String file) {
        if (file == null || file.isBlank()) {
            return shipped();
        }
        try {
            return parse(Files.readString(Path.of(file), StandardCharsets.UTF_8), file);
        }
        catch (IOException e) {
            throw new ConfigFileException(List.of(file + ": cannot read the monitoring formats: " + e.getMessage()));
        }
    }

    public static MonitoringFormats shipped() {
        try (InputStream in = MonitoringFormats.class.getResourceAsStream(SHIPPED)) {
            if (in == null) {
                throw new IllegalStateException(SHIPPED + " is missing from the jar");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "classpath:" + SHIPPED);
        }
        catch (IOException e) {
            throw new IllegalStateException("cannot read " + SHIPPED, e);
        }
    }

    public static MonitoringFormats parse(String text, String source) {
        LocatedYaml yaml = LocatedYaml.read(source, text);
        yaml.throwIfProblems(ConfigFileException::new);
        if (!(yaml.root() instanceof MappingNode top)) {
            throw new ConfigFileException(List.of(source + ":1: expected a mapping with version and formats"));
        }
        Map<String, Node> fields = yaml.fields(top, "", TOP);
        Node list = yaml.required(fields, "formats", top, "", "the list of notification formats");
        List<MonitoringFormat> formats = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        List<Node> items = list == null ? List.of() : yaml.list(list, "formats");
        for (int i = 0; i < items.size(); i++) {
            MonitoringFormat f = format(yaml, items.get(i), "formats[" + i + "]");
            if (f != null && !ids.add(f.id())) {
                yaml.problem(items.get(i), "formats[" + i + "].id", "duplicate format id '" + f.id() + "'");
            }
            if (f != null) {
                formats.add(f);
            }
        }
        yaml.throwIfProblems(ConfigFileException::new);
        return new MonitoringFormats(source, formats);
    }

    private static MonitoringFormat format(LocatedYaml yaml, Node node, String path) {
        Map<String, Node> f = yaml.fields(node, path, FIELDS);
        Node idNode = yaml.required(f, "id", node, path, "every format needs an id");
        Node subjectNode = yaml.required(f, "subject", node, path, "a pattern on the subject with named groups");
        Node recoveryNode = yaml.required(f, "recovery", node, path, "a pattern on the state that means recovered");
        String id = idNode == null ? path : yaml.text(idNode, path + ".id");
        var subject = subjectNode == null ? null : yaml.regex(subjectNode, path + ".subject");
        var body = f.containsKey("body") ? yaml.regex(f.get("body"), path + ".body") : null;
        var recovery = recoveryNode == null ? null : yaml.regex(recoveryNode, path + ".recovery");
        Set<String> groups = new HashSet<>();
        if (subject != null) {
            groups.addAll(subject.namedGroups().keySet());
            if (!subject.namedGroups().containsKey("state")) {
                yaml.problem(subjectNode, path + ".subject", "needs a named group (?P<state>...): the word that says "
                        + "problem or recovery");
            }
        }
        if (body != null) {
            groups.addAll(body.namedGroups().keySet());
        }
        if ((subject != null || body != null) && !groups.contains("host")) {
            yaml.problem(subjectNode != null ? subjectNode : node, path + ".subject",
                    "needs a named group (?P<host>...) in subject or body: the alert's identity");
        }
        for (String g : groups) {
            if (!GROUPS.contains(g)) {
                yaml.problem(subjectNode != null ? subjectNode : node, path, "unknown named group '" + g
                        + "' (known: host, service, state, severity, from)");
            }
        }
        if (id == null || subject == null || recovery == null) {
            return null;
        }
        return new MonitoringFormat(id, subject, body, recovery, LocatedYaml.line(node));
    }
}
