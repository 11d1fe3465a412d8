package io.ticketflow.route;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Name;
import org.springframework.boot.convert.DurationUnit;

/**
 * Routing settings ({@code ticketflow.routing.*}).
 *
 * @param file          the rule file; when absent, the rules shipped inside the jar are used
 * @param reloadCheck   how often the file is checked for changes (hot reload); key {@code reload-check-ms}: a plain
 *                      number is milliseconds, {@code 2s} works too
 */
@ConfigurationProperties("ticketflow.routing")
public record RoutingProperties(String file,
        @Name("reload-check-ms") @DurationUnit(ChronoUnit.MILLIS) Duration reloadCheck) {

    public RoutingProperties {
        file = file == null || file.isBlank() ? "config/routing.yml" : file;
        reloadCheck = reloadCheck == null ? Duration.ofSeconds(2) : reloadCheck;
    }
}
