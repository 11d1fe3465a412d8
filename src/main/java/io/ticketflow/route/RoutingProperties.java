package io.ticketflow.route;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Routing settings ({@code ticketflow.routing.*}).
 *
 * @param file          the rule file; when absent, the rules shipped inside the jar are used
 * @param reloadCheckMs how often the file is checked for changes (hot reload)
 */
@ConfigurationProperties("ticketflow.routing")
public record RoutingProperties(String file, Long reloadCheckMs) {

    public RoutingProperties {
        file = file == null || file.isBlank() ? "config/routing.yml" : file;
        reloadCheckMs = reloadCheckMs == null ? 2000L : reloadCheckMs;
    }
}
