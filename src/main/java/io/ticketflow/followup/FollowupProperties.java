package io.ticketflow.followup;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The follow-up scheduler.
 *
 * @param enabled  run it at all (commands and tests switch it off)
 * @param delayMs  pause between two passes
 * @param lockDir  the default of {@code ticketflow.cluster.lock-dir} (where instances without ZooKeeper elect
 *                 their leaders), kept here for existing configurations
 */
@ConfigurationProperties("ticketflow.followups")
public record FollowupProperties(Boolean enabled, Long delayMs, String lockDir) {

    public FollowupProperties {
        enabled = enabled == null || enabled;
        delayMs = delayMs == null ? 60_000L : delayMs;
        lockDir = lockDir == null || lockDir.isBlank() ? "data/cluster" : lockDir;
    }
}
