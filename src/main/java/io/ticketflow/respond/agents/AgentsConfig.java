package io.ticketflow.respond.agents;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What {@code config/agents.yml} says: who the agents are (the only people whose mail can carry commands), and who
 * hears of which events per queue.
 *
 * @param agents by name, in file order
 * @param queues notice settings by queue name; {@code default} serves every queue without its own entry
 */
public record AgentsConfig(Map<String, Agent> agents, Map<String, QueueNotice> queues) {

    /** The events a queue can be told of. */
    public static final List<String> EVENTS = List.of("created", "customer-replied", "escalated");
    public static final String DEFAULT_QUEUE = "default";
    public static final String MANAGER = "manager";

    public static AgentsConfig empty() {
        return new AgentsConfig(Map.of(), Map.of());
    }

    /**
     * One agent.
     *
     * @param addresses the mail addresses the agent writes from (lower case)
     * @param queues    the queues the agent works on; empty: every queue
     * @param level     L0, L1, L2 ... or {@code manager}
     */
    public record Agent(String name, List<String> addresses, List<String> queues, String level) {

        public boolean serves(String queue) {
            return queues.isEmpty() || queue != null && queues.contains(queue);
        }
    }

    /**
     * Who hears of a queue's tickets.
     *
     * @param recipients the addresses the notices go to (a team address, or the agents named in the file)
     * @param events which of {@link #EVENTS} are sent
     */
    public record QueueNotice(List<String> recipients, Set<String> events) {
    }

    /** The agent writing from this address, if any. */
    public Optional<Agent> agentByAddress(String address) {
        if (address == null) {
            return Optional.empty();
        }
        String a = address.strip().toLowerCase(Locale.ROOT);
        return agents.values().stream().filter(g -> g.addresses().contains(a)).findFirst();
    }

    public Optional<Agent> agentByName(String name) {
        return agents.values().stream().filter(a -> a.name().equalsIgnoreCase(name)).findFirst();
    }

    /** The queue's notice settings, else the default ones, else none. */
    public Optional<QueueNotice> noticeFor(String queue) {
        QueueNotice own = queue == null ? null : queues.get(queue);
        return Optional.ofNullable(own != null ? own : queues.get(DEFAULT_QUEUE));
    }

    /** The addresses of the agents of a level (L2, manager) who serve the queue, first address each. */
    public List<String> addressesAt(String level, String queue) {
        return agents.values().stream().filter(a -> a.level().equalsIgnoreCase(level) && a.serves(queue))
                .map(a -> a.addresses().get(0)).distinct().toList();
    }
}
