package io.ticketflow.lifecycle;

import io.ticketflow.config.ConfigFileException;
import io.ticketflow.config.LocatedYaml;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads {@code config/review.yml} and checks every field; each problem names file, line and field
 * ({@code config/review.yml:12: rubric.tone.scale: expected [min, max] with min < max}), all of them at once.
 */
public final class ReviewConfigLoader {

    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9-]{0,39}");

    private final LocatedYaml yaml;

    private ReviewConfigLoader(LocatedYaml yaml) {
        this.yaml = yaml;
    }

    public static ReviewConfig load(String file, String text) {
        LocatedYaml yaml = LocatedYaml.read(file, text);
        yaml.throwIfProblems(ConfigFileException::new);
        if (!(yaml.root() instanceof MappingNode top)) {
            throw new ConfigFileException(List.of(file + ":1: expected a mapping with version, sampling, rubric"));
        }
        ReviewConfig config = new ReviewConfigLoader(yaml).parse(top);
        yaml.throwIfProblems(ConfigFileException::new);
        return config;
    }

    private ReviewConfig parse(MappingNode top) {
        Map<String, Node> fields = yaml.fields(top, "", Set.of("version", "enabled", "sampling", "rubric"));
        Node version = yaml.required(fields, "version", top, "", "version: 1");
        if (version != null && yaml.integer(version, "version", 1, 1) != 1) {
            yaml.problem(version, "version", "only version 1 is known");
        }
        boolean enabled = !fields.containsKey("enabled") || yaml.bool(fields.get("enabled"), "enabled", true);
        Node samplingNode = yaml.required(fields, "sampling", top, "", "perAgentPerWeek: 3 or rate: 0.1");
        Map<String, Node> sampling = yaml.fields(samplingNode, "sampling",
                Set.of("perAgentPerWeek", "rate", "zone", "lookbackWeeks"));
        Integer perAgent = sampling.containsKey("perAgentPerWeek")
                ? yaml.integer(sampling.get("perAgentPerWeek"), "sampling.perAgentPerWeek", 1, 1) : null;
        Double rate = sampling.containsKey("rate") ? yaml.number(sampling.get("rate"), "sampling.rate", 0.0, 1.0) : null;
        if (samplingNode != null && !sampling.containsKey("perAgentPerWeek") && !sampling.containsKey("rate")) {
            yaml.problem(samplingNode, "sampling", "set perAgentPerWeek (tickets) or rate (share), one of them");
        }
        if (sampling.containsKey("perAgentPerWeek") && sampling.containsKey("rate")) {
            yaml.problem(sampling.get("rate"), "sampling.rate", "set perAgentPerWeek or rate, not both");
        }
        ZoneId zone = sampling.containsKey("zone") ? zone(sampling.get("zone")) : ZoneOffset.UTC;
        int lookback = sampling.containsKey("lookbackWeeks")
                ? yaml.integer(sampling.get("lookbackWeeks"), "sampling.lookbackWeeks", 1, 2) : 2;
        Node rubricNode = yaml.required(fields, "rubric", top, "", "criteria with their scale");
        Map<String, ReviewConfig.Criterion> rubric = new LinkedHashMap<>();
        List<LocatedYaml.Entry> criteria = yaml.entries(rubricNode, "rubric");
        for (LocatedYaml.Entry c : criteria) {
            ReviewConfig.Criterion criterion = criterion(c, "rubric." + c.name());
            if (criterion != null) {
                rubric.put(c.name(), criterion);
            }
        }
        if (rubricNode != null && criteria.isEmpty()) {
            yaml.problem(rubricNode, "rubric", "needs at least one criterion");
        }
        return new ReviewConfig(enabled, perAgent, rate, zone, lookback, rubric);
    }

    private ReviewConfig.Criterion criterion(LocatedYaml.Entry c, String path) {
        if (!ID.matcher(c.name()).matches()) {
            yaml.problem(c.key(), path, "criterion ids are lower-case words with dashes (a-z, 0-9, -), up to 40");
        }
        Map<String, Node> f = yaml.fields(c.value(), path, Set.of("description", "scale"));
        String description = f.containsKey("description") ? yaml.text(f.get("description"), path + ".description") : null;
        Node scaleNode = yaml.required(f, "scale", c.value(), path, "scale: [1, 5]");
        if (scaleNode == null) {
            return null;
        }
        List<String> scale = yaml.strings(scaleNode, path + ".scale");
        try {
            int min = Integer.parseInt(scale.get(0).strip());
            int max = Integer.parseInt(scale.get(1).strip());
            if (scale.size() == 2 && min >= 0 && min < max && max <= 100) {
                return new ReviewConfig.Criterion(c.name(), description, min, max);
            }
        }
        catch (RuntimeException e) {
            // reported below
        }
        yaml.problem(scaleNode, path + ".scale", "expected [min, max], whole numbers with 0 <= min < max <= 100");
        return null;
    }

    private ZoneId zone(Node node) {
        String s = yaml.text(node, "sampling.zone");
        try {
            return s == null ? ZoneOffset.UTC : ZoneId.of(s);
        }
        catch (DateTimeException e) {
            yaml.problem(node, "sampling.zone", "\"" + s + "\" is not a time zone (write Europe/Berlin, UTC)");
            return ZoneOffset.UTC;
        }
    }
}
