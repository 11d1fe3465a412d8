package io.ticketflow.source.mail;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What an admin needs to know about one mailbox: is it being read, what went wrong last, and do the numbers add up
 * (reconciliation: messages in the folder vs. messages handled). Updated by the mailbox's poller, read by the
 * actuator health endpoint.
 */
public final class MailboxStatus {

    private final String mailbox;
    private final AtomicLong processed = new AtomicLong();
    private final AtomicLong quarantined = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong acknowledged = new AtomicLong();
    private volatile Instant lastSuccessfulPoll;
    private volatile Instant lastErrorAt;
    private volatile String lastError;
    private volatile int consecutiveFailures;
    private volatile Integer inFolder;
    private volatile Integer pending;
    private volatile boolean idle;

    public MailboxStatus(String mailbox) {
        this.mailbox = mailbox;
    }

    void handled(boolean wasQuarantined, boolean wasDuplicate) {
        processed.incrementAndGet();
        if (wasQuarantined) {
            quarantined.incrementAndGet();
        }
        if (wasDuplicate) {
            duplicates.incrementAndGet();
        }
    }

    /** A change made on the server (flag set, moved, deleted); repeats after a crash are skipped, not counted. */
    void acknowledged() {
        acknowledged.incrementAndGet();
    }

    public long acknowledgedCount() {
        return acknowledged.get();
    }

    void folder(int messages, int waiting) {
        inFolder = messages;
        pending = waiting;
    }

    void pollSucceeded() {
        lastSuccessfulPoll = Instant.now();
        consecutiveFailures = 0;
    }

    void pollFailed(String error) {
        lastErrorAt = Instant.now();
        lastError = error;
        consecutiveFailures++;
    }

    void idle(boolean active) {
        idle = active;
    }

    public String mailbox() {
        return mailbox;
    }

    public long processed() {
        return processed.get();
    }

    public long quarantined() {
        return quarantined.get();
    }

    /** Healthy while the last poll succeeded. */
    public boolean healthy() {
        return consecutiveFailures == 0;
    }

    public String lastError() {
        return lastError;
    }

    public Instant lastSuccessfulPoll() {
        return lastSuccessfulPoll;
    }

    /** The details shown by {@code /actuator/health}. */
    public Map<String, Object> details() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("lastSuccessfulPoll", lastSuccessfulPoll == null ? "never" : lastSuccessfulPoll.toString());
        if (lastError != null) {
            d.put("lastError", lastError);
            d.put("lastErrorAt", lastErrorAt.toString());
        }
        d.put("consecutiveFailures", consecutiveFailures);
        d.put("processed", processed.get());
        d.put("quarantined", quarantined.get());
        d.put("duplicates", duplicates.get());
        d.put("acknowledged", acknowledged.get());
        d.put("idle", idle);
        if (inFolder != null) {
            // reconciliation: every message in the folder is either handled (up to the checkpoint) or pending
            d.put("inFolder", inFolder);
            d.put("handledInFolder", inFolder - pending);
            d.put("pending", pending);
        }
        return d;
    }
}
