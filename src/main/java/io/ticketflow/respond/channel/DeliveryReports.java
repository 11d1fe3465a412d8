package io.ticketflow.respond.channel;

import io.ticketflow.store.EventLog;
import io.ticketflow.store.OutboxEntry;
import io.ticketflow.store.OutboxStore;
import io.ticketflow.store.Versioned;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * A channel's delivery reports (WhatsApp's sent, delivered, read, failed) on the outgoing message they are about: the
 * entry's {@code channelStatus} shows the latest one, a failure also becomes its error, and each report is an event.
 * Reports arrive out of order (read before delivered): a report never moves the status back. A report about an entry
 * still being sent waits for the sender (briefly), else fails so the channel delivers it again.
 */
@Component
public class DeliveryReports {

    private static final Map<String, Integer> ORDER = Map.of("sent", 1, "delivered", 2, "read", 3, "failed", 4);

    private final OutboxStore outbox;
    private final EventLog events;

    public DeliveryReports(OutboxStore outbox, EventLog events) {
        this.outbox = outbox;
        this.events = events;
    }

    /** @return false when no outgoing message has this id (a report about a message Ticketflow did not send) */
    public boolean record(String outboxId, String status, Instant at, String error) {
        for (int i = 0; i < 50; i++) {
            Versioned<OutboxEntry> current = outbox.find(outboxId);
            if (current == null) {
                return false;
            }
            if (OutboxEntry.SENDING.equals(current.value().state())) {
                // the report outran the sender's own "sent" write: writing now would make that write fail and the
                // entry be sent again when its claim expires; wait for the sender instead
                pause();
                continue;
            }
            String previous = current.value().channelStatus();
            String previousKind = previous == null ? "" : previous.split(" ", 2)[0];
            if (ORDER.getOrDefault(previousKind, 0) >= ORDER.getOrDefault(status, 0)) {
                return true;
            }
            String shown = status + " " + at + (error == null ? "" : ": " + error);
            var written = outbox.updateAll(List.of(current), List.of(current.value().withChannelStatus(shown,
                    error == null ? null : "delivery failed: " + error)));
            if (written.get(0) != null) {
                events.record("delivery-" + status, current.value().ticket(), null, 0, current.value().purpose() + " to "
                        + current.value().to() + (error == null ? "" : ": " + error));
                return true;
            }
        }
        throw new IllegalStateException("outgoing message " + outboxId + " is still being sent: report it again later");
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the sender of an outgoing message", e);
        }
    }
}
