package io.ticketflow.followup;

import io.ticketflow.store.AuditEntry;
import io.ticketflow.store.AuditLog;
import io.ticketflow.store.RetentionStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Applies the retention settings: deletes raw records and closed tickets older than configured. Run by the follow-up
 * scheduler's leader; each pass is safe to repeat. A pass that deleted something leaves one audit entry with the
 * counts and the settings, never an address or a ticket's content.
 */
@Component
public class RetentionSweep {

    private static final Logger log = LoggerFactory.getLogger(RetentionSweep.class);

    private final RetentionStore store;
    private final AuditLog audit;
    private final RetentionProperties properties;
    private final Clock clock;

    @Autowired
    public RetentionSweep(RetentionStore store, AuditLog audit, RetentionProperties properties) {
        this(store, audit, properties, Clock.systemUTC());
    }

    public RetentionSweep(RetentionStore store, AuditLog audit, RetentionProperties properties, Clock clock) {
        this.store = store;
        this.audit = audit;
        this.properties = properties;
        this.clock = clock;
    }

    /** One pass; returns the audit summary, or null when nothing was due. */
    public String run() {
        List<String> done = new ArrayList<>();
        if (properties.rawAfter() != null) {
            int raw = store.deleteRawReceivedBefore(clock.instant().minus(properties.rawAfter()));
            if (raw > 0) {
                done.add("rawDeleted=" + raw + " (raw-after " + properties.rawAfter() + ")");
            }
        }
        if (properties.closedTicketsAfter() != null) {
            int tickets = store.deleteTicketsClosedBefore(clock.instant().minus(properties.closedTicketsAfter()));
            if (tickets > 0) {
                done.add("ticketsDeleted=" + tickets + " (closed-tickets-after " + properties.closedTicketsAfter() + ")");
            }
        }
        if (done.isEmpty()) {
            return null;
        }
        String summary = String.join(", ", done);
        log.info("Retention applied: {}", summary);
        audit.record(AuditEntry.of("retention", "system", List.of(), "retention.applied", "done")
                .at(clock.instant()).about(null, null, summary));
        return summary;
    }
}
