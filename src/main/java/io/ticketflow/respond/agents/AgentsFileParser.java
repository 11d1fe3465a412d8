package io.ticketflow.respond.agents;

import io.ticketflow.config.ConfigFileException;
import io.ticketflow.config.LocatedYaml;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads and checks {@code config/agents.yml}; every problem is reported as {@code file:line: field: message}, all at
 * once, and a file with any problem is rejected as a whole (a running installation keeps its last good agents).
 */
final class AgentsFileParser {

    private static final Set<String> TOP = Set.of("agents", "queues");
    private static final Set<String> AGENT = Set.of("name", "addresses", "queues", "level");
    private static final Set<String> QUEUE = Set.of("notify", "events");

    private AgentsFileParser() {
    }

    static AgentsConfig parse(String source, String text) {
        LocatedYaml yaml = LocatedYaml.read(source, text);
        if (yaml.root() == null) {
            yaml.throwIfProblems(ConfigFileException::new);
            return AgentsConfig.empty();
        }
        Map<String, Node> top = yaml.fields(yaml.root(), "", TOP);
        Map<String, AgentsConfig.Agent> agents = new LinkedHashMap<>();
        Map<String, Node> addressLines = new LinkedHashMap<>();
        List<Node> items = top.containsKey("agents") ? yaml.list(top.get("agents"), "agents") : List.of();
        for (int i = 0; i < items.size(); i++) {
            String path = "agents[" + i + "]";
            Node node = items.get(i);
            Map<String, Node> f = yaml.fields(node, path, AGENT);
            Node nameNode = yaml.required(f, "name", node, path, "the agent's short name, used by #assign");
            String name = nameNode == null ? null : yaml.text(nameNode, path + ".name");
            if (name != null && !name.matches("[A-Za-z0-9._-]{1,60}")) {
                yaml.problem(nameNode, path + ".name", "use letters, digits, '.', '_' or '-' (one word)");
            }
            if (name != null && agents.containsKey(name.toLowerCase(Locale.ROOT))) {
                yaml.problem(nameNode, path + ".name", "agent '" + name + "' is listed twice");
            }
            Node addrNode = yaml.required(f, "addresses", node, path, "the addresses the agent writes from");
            List<String> addresses = new ArrayList<>();
            if (addrNode != null) {
                for (String a : yaml.lowerStrings(addrNode, path + ".addresses")) {
                    String address = a.strip();
                    if (!address.matches("[^@\\s]+@[^@\\s]+")) {
                        yaml.problem(addrNode, path + ".addresses", "\"" + a + "\" is not a mail address");
                    }
                    else if (addressLines.putIfAbsent(address, addrNode) != null) {
                        yaml.problem(addrNode, path + ".addresses", address + " belongs to another agent (line "
                                + LocatedYaml.line(addressLines.get(address)) + ")");
                    }
                    else {
                        addresses.add(address);
                    }
                }
                if (addresses.isEmpty()) {
                    yaml.problem(addrNode, path + ".addresses", "at least one address");
                }
            }
            List<String> queues = f.containsKey("queues") ? yaml.strings(f.get("queues"), path + ".queues") : List.of();
            String level = "L1";
            if (f.containsKey("level")) {
                String l = yaml.text(f.get("level"), path + ".level");
                if (l != null && !l.matches("L[0-9]") && !l.equalsIgnoreCase(AgentsConfig.MANAGER)) {
                    yaml.problem(f.get("level"), path + ".level", "must be L0, L1, L2 ... or manager, found '" + l + "'");
                }
                level = l == null ? level : l.equalsIgnoreCase(AgentsConfig.MANAGER) ? AgentsConfig.MANAGER : l;
            }
            if (name != null && !addresses.isEmpty()) {
                agents.put(name.toLowerCase(Locale.ROOT), new AgentsConfig.Agent(name, List.copyOf(addresses),
                        List.copyOf(queues), level));
            }
        }
        Map<String, AgentsConfig.QueueNotice> queues = new LinkedHashMap<>();
        if (top.containsKey("queues")) {
            for (LocatedYaml.Entry e : yaml.entries(top.get("queues"), "queues")) {
                queues.put(e.name(), queue(yaml, e, agents));
            }
        }
        yaml.throwIfProblems(ConfigFileException::new);
        return new AgentsConfig(Map.copyOf(agents), Map.copyOf(queues));
    }

    private static AgentsConfig.QueueNotice queue(LocatedYaml yaml, LocatedYaml.Entry e,
            Map<String, AgentsConfig.Agent> agents) {
        String path = "queues." + e.name();
        Map<String, Node> f = yaml.fields(e.value(), path, QUEUE);
        Node notifyNode = yaml.required(f, "notify", e.key(), path, "a team address, or a list of agent names");
        Set<String> notify = new LinkedHashSet<>();
        if (notifyNode != null) {
            for (String target : yaml.strings(notifyNode, path + ".notify")) {
                String t = target.strip();
                AgentsConfig.Agent agent = agents.get(t.toLowerCase(Locale.ROOT));
                if (agent != null) {
                    notify.add(agent.addresses().get(0));
                }
                else if (t.matches("[^@\\s]+@[^@\\s]+")) {
                    notify.add(t.toLowerCase(Locale.ROOT));
                }
                else {
                    yaml.problem(notifyNode, path + ".notify", "'" + t + "' is neither an agent of this file nor a mail "
                            + "address");
                }
            }
        }
        Set<String> events = new LinkedHashSet<>(AgentsConfig.EVENTS);
        if (f.containsKey("events")) {
            events.clear();
            for (String ev : yaml.lowerStrings(f.get("events"), path + ".events")) {
                if (AgentsConfig.EVENTS.contains(ev.strip())) {
                    events.add(ev.strip());
                }
                else {
                    yaml.problem(f.get("events"), path + ".events", "unknown event '" + ev + "'; known: "
                            + AgentsConfig.EVENTS);
                }
            }
        }
        return new AgentsConfig.QueueNotice(List.copyOf(notify), Set.copyOf(events));
    }
}
