package io.ticketflow.followup;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long personal data is kept. Unset means kept until erased by hand ({@code DELETE /api/customers/{address}}).
 *
 * @param rawAfter           raw records (the delivered bytes, attachments included) are deleted this long after they
 *                           were received; the parsed message stays on its ticket
 * @param closedTicketsAfter closed tickets are deleted with their messages, raw records, outgoing mail and index
 *                           entries this long after they were closed
 * @param interval           how often the follow-up scheduler's leader applies the retention
 */
@ConfigurationProperties("ticketflow.retention")
public record RetentionProperties(Duration rawAfter, Duration closedTicketsAfter,
        @DefaultValue("1h") Duration interval) {

    public RetentionProperties {
        if (rawAfter != null && (rawAfter.isNegative() || rawAfter.isZero())) {
            throw new IllegalArgumentException("ticketflow.retention.raw-after must be positive");
        }
        if (closedTicketsAfter != null && (closedTicketsAfter.isNegative() || closedTicketsAfter.isZero())) {
            throw new IllegalArgumentException("ticketflow.retention.closed-tickets-after must be positive");
        }
        interval = interval == null ? Duration.ofHours(1) : interval;
    }

    public boolean configured() {
        return rawAfter != null || closedTicketsAfter != null;
    }
}
