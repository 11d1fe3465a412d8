package io.ticketflow.followup;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Name;
import org.springframework.boot.convert.DurationUnit;

/**
 * The follow-up scheduler.
 *
 * @param enabled  run it at all (commands and tests switch it off)
 * @param delay    pause between two passes (key {@code delay-ms}: a plain number is milliseconds, {@code 1m} works too)
 * @param lockDir  the default of {@code ticketflow.cluster.lock-dir} (where instances without ZooKeeper elect
 *                 their leaders), kept here for existing configurations
 */
@ConfigurationProperties("ticketflow.followups")
public record FollowupProperties(Boolean enabled,
        @Name("delay-ms") @DurationUnit(ChronoUnit.MILLIS) Duration delay, String lockDir) {

    public FollowupProperties {
        enabled = enabled == null || enabled;
        delay = delay == null ? Duration.ofMinutes(1) : delay;
        lockDir = lockDir == null || lockDir.isBlank() ? "data/cluster" : lockDir;
    }
}
