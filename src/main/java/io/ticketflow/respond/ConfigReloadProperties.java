package io.ticketflow.respond;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Name;
import org.springframework.boot.convert.DurationUnit;

/**
 * How often the mail templates and {@code config/sla.yml} are checked for edits.
 *
 * @param reloadDelay pause between two checks (key {@code ticketflow.respond.reload-delay-ms}: a plain number is
 *                    milliseconds, {@code 5s} works too)
 */
@ConfigurationProperties("ticketflow.respond")
record ConfigReloadProperties(@Name("reload-delay-ms") @DurationUnit(ChronoUnit.MILLIS) Duration reloadDelay) {

    ConfigReloadProperties {
        reloadDelay = reloadDelay == null ? Duration.ofSeconds(5) : reloadDelay;
    }
}
