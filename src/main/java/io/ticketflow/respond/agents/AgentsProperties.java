package io.ticketflow.respond.agents;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Agents by mail.
 *
 * @param file           the agents file; absent: nobody is an agent, no notices are sent
 * @param internalRelays IP addresses of the organisation's own relays: agent mail that our border server received from
 *                       one of them (the bracketed address in the top Received header) counts as authenticated
 *                       without DMARC
 * @param reloadDelay    how often the file is checked for edits
 */
@ConfigurationProperties("ticketflow.agents")
public record AgentsProperties(String file, List<String> internalRelays, Duration reloadDelay) {

    public AgentsProperties {
        file = file == null || file.isBlank() ? "config/agents.yml" : file;
        internalRelays = internalRelays == null ? List.of()
                : internalRelays.stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
        reloadDelay = reloadDelay == null ? Duration.ofSeconds(5) : reloadDelay;
    }
}
