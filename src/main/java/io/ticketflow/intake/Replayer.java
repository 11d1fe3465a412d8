package io.ticketflow.intake;

import io.ticketflow.store.RawMessageSearch;
import io.ticketflow.store.RawMessageStore;
import io.ticketflow.store.RawRecord;
import io.ticketflow.store.Versioned;
import io.ticketflow.vocabulary.RawMessage;
import java.time.Instant;
import java.util.List;
import java.util.function.LongConsumer;
import org.springframework.stereotype.Component;

/**
 * Re-runs stored raw messages through the current pipeline ({@code ticketflow replay}, {@code POST
 * /api/admin/replay}), after a bug fix or a configuration change. Only messages that did not end on a ticket are
 * replayed: quarantined ones, screened ones (a screening rule may have been fixed) and ones whose processing never
 * finished. Messages already on a ticket are never touched, so a replay cannot create duplicates; a replayed message
 * gets a fresh attempt budget and keeps the ticket number it may have been given.
 */
@Component
public class Replayer {

    private static final int PAGE = 200;

    private final RawMessageSearch search;
    private final RawMessageStore rawStore;
    private final Intake intake;

    public Replayer(RawMessageSearch search, RawMessageStore rawStore, Intake intake) {
        this.search = search;
        this.rawStore = rawStore;
        this.intake = intake;
    }

    /**
     * Which raw messages.
     *
     * @param quarantinedOnly only quarantined ones (else also screened and unfinished ones)
     * @param since           received at or after (null: no bound)
     * @param until           received before (null: no bound)
     */
    public record Selection(boolean quarantinedOnly, Instant since, Instant until) {

        public Selection {
            if (since != null && until != null && !since.isBefore(until)) {
                throw new IllegalArgumentException("since (" + since + ") must be before until (" + until + ")");
            }
        }

        List<String> states() {
            return quarantinedOnly ? List.of(RawRecord.QUARANTINED, RawRecord.OVERSIZED)
                    : List.of(RawRecord.QUARANTINED, RawRecord.OVERSIZED, "screened", RawRecord.RECEIVED);
        }
    }

    public long count(Selection selection) {
        search.refresh();
        long n = 0;
        String after = null;
        List<RawRecord> page;
        while (!(page = search.find(selection.states(), selection.since(), selection.until(), after, PAGE)).isEmpty()) {
            n += page.size();
            after = page.get(page.size() - 1).id();
        }
        return n;
    }

    public IntakeSummary replay(Selection selection, LongConsumer progress) {
        search.refresh();
        IntakeSummary summary = new IntakeSummary();
        String after = null;
        long done = 0;
        List<RawRecord> page;
        while (!(page = search.find(selection.states(), selection.since(), selection.until(), after, PAGE)).isEmpty()) {
            for (RawRecord listed : page) {
                replayOne(listed.id(), summary);
                progress.accept(++done);
            }
            after = page.get(page.size() - 1).id();
        }
        return summary;
    }

    private void replayOne(String id, IntakeSummary summary) {
        Versioned<RawRecord> record = rawStore.find(id);
        if (record == null) {
            return;
        }
        if (RawRecord.OVERSIZED.equals(record.value().state())) {
            summary.skipped();
            return;
        }
        for (int i = 0; i < 20 && record.value().outcome() != null && !rawStore.update(record, record.value().reopened()); i++) {
            record = rawStore.find(id);
        }
        RawRecord r = record.value();
        RawMessage raw = rawStore.message(r);
        summary.count(intake.process(raw));
    }
}
