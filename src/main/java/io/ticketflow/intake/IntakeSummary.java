package io.ticketflow.intake;

import io.ticketflow.vocabulary.ProcessingOutcome;
import java.util.concurrent.atomic.AtomicLong;

/** Counts of how the messages of an import or replay ended; they add up to {@link #total()}. */
public final class IntakeSummary {

    private final AtomicLong created = new AtomicLong();
    private final AtomicLong appended = new AtomicLong();
    private final AtomicLong screened = new AtomicLong();
    private final AtomicLong quarantined = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();

    /** Counts one outcome; a message seen before counts as a duplicate only. */
    public void count(ProcessingOutcome outcome) {
        if (Boolean.TRUE.equals(outcome.duplicate())) {
            duplicates.incrementAndGet();
            return;
        }
        switch (outcome.outcome()) {
            case CREATED -> created.incrementAndGet();
            case APPENDED -> appended.incrementAndGet();
            case SCREENED -> screened.incrementAndGet();
            case QUARANTINED -> quarantined.incrementAndGet();
        }
    }

    public void skipped() {
        skipped.incrementAndGet();
    }

    public long created() {
        return created.get();
    }

    public long appended() {
        return appended.get();
    }

    public long screened() {
        return screened.get();
    }

    public long quarantined() {
        return quarantined.get();
    }

    public long duplicates() {
        return duplicates.get();
    }

    /** Not run (replay: oversized records, whose full bytes are only on the mail server). */
    public long skippedCount() {
        return skipped.get();
    }

    public long total() {
        return created() + appended() + screened() + quarantined() + duplicates() + skippedCount();
    }

    /** The JSON shape of the admin API. */
    public record Counts(long total, long created, long appended, long screened, long quarantined, long duplicates,
            long skipped) {
    }

    public Counts counts() {
        return new Counts(total(), created(), appended(), screened(), quarantined(), duplicates(), skippedCount());
    }

    @Override
    public String toString() {
        return total() + " messages: " + created() + " created, " + appended() + " appended, " + screened() + " screened, "
                + quarantined() + " quarantined, " + duplicates() + " duplicates" + (skippedCount() > 0
                        ? ", " + skippedCount() + " skipped (oversized: replay them from the mailbox)" : "");
    }
}
