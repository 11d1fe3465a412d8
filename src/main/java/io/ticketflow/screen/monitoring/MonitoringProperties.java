package io.ticketflow.screen.monitoring;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How monitoring alerts become incidents (docs/integrations.md).
 *
 * @param onRecovery     what a recovery does to its open incident: resolve it (status solved), or only note it on the
 *                       ticket and leave it to an agent
 * @param flappingWindow a problem this soon after its incident was resolved reopens that incident instead of opening a
 *                       new one, so a flapping check stays on one ticket
 */
@ConfigurationProperties("ticketflow.monitoring")
public record MonitoringProperties(OnRecovery onRecovery, Duration flappingWindow) {

    public enum OnRecovery { RESOLVE, NOTE }

    public MonitoringProperties {
        onRecovery = onRecovery == null ? OnRecovery.RESOLVE : onRecovery;
        flappingWindow = flappingWindow == null || flappingWindow.isNegative() ? Duration.ofMinutes(30) : flappingWindow;
    }

    public static MonitoringProperties defaults() {
        return new MonitoringProperties(null, null);
    }
}
