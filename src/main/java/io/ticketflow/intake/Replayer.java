package io.ticketflow.intake;

import io.ticketflow.store.RawMessagePages;
import io.ticketflow.store.RawMessageSearch;
import io.ticketflow.store.RawMessageStore;
import io.ticketflow.store.RawRecord;
import io.ticketflow.store.Versioned;
import io.ticketflow.vocabulary.ProcessingOutcome;
import io.ticketflow.vocabulary.RawMessage;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
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
    /** Stands for an oversized record in the ordered results (not run, counted as skipped). */
    private static final ProcessingOutcome SKIPPED = new ProcessingOutcome(ProcessingOutcome.Outcome.QUARANTINED, null,
            "oversized: not replayed", null, null, false, null, null, null);
    /** Stands for a record deleted while the replay ran (not run, not counted in the summary). */
    private static final ProcessingOutcome GONE = new ProcessingOutcome(ProcessingOutcome.Outcome.QUARANTINED, null,
            "deleted: not replayed", null, null, false, null, null, null);

    private final RawMessageSearch search;
    private final RawMessageStore rawStore;
    private final RawMessagePages pages;
    private final Intake intake;
    private final IntakeWorkers workers;

    public Replayer(RawMessageSearch search, RawMessageStore rawStore, RawMessagePages pages, Intake intake,
            IntakeWorkers workers) {
        this.search = search;
        this.rawStore = rawStore;
        this.pages = pages;
        this.intake = intake;
        this.workers = workers;
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
        RawMessagePages.Cursor cursor = null;
        do {
            RawMessagePages.Page page = pages.records(selection.states(), selection.since(), selection.until(), cursor,
                    PAGE);
            n += page.entries().size();
            cursor = page.next();
        }
        while (cursor != null);
        return n;
    }

    /**
     * Replays the selection in the order the messages were received: a page of records and their bytes at a time
     * ({@link RawMessagePages}), the messages side by side on the intake workers like one long poll (one conversation
     * in arrival order, at most two pages in memory), counted in that order. A failing message is quarantined and the
     * replay carries on; the store going away stops it after the messages handed over finished (run it again).
     */
    public IntakeSummary replay(Selection selection, LongConsumer progress) {
        search.refresh();
        IntakeSummary summary = new IntakeSummary();
        OrderedBatch<ProcessingOutcome> batch = workers.batch();
        long[] done = { 0 };
        Consumer<ProcessingOutcome> counted = outcome -> {
            if (outcome == SKIPPED) {
                summary.skipped();
            }
            else if (outcome != GONE) {
                summary.count(outcome);
            }
            progress.accept(++done[0]);
        };
        RawMessagePages.Cursor cursor = null;
        do {
            RawMessagePages.Page page = pages.page(selection.states(), selection.since(), selection.until(), cursor, PAGE);
            for (RawMessagePages.Entry entry : page.entries()) {
                if (RawRecord.OVERSIZED.equals(entry.record().value().state())) {
                    // its full bytes are only on the mail server; counted in its place
                    batch.submit(Set.of(), () -> SKIPPED);
                }
                else {
                    RawMessage raw = message(entry);
                    if (raw == null) {
                        batch.submit(Set.of(), () -> GONE);
                    }
                    else {
                        replay(batch, entry.record(), raw);
                    }
                }
                batch.takeWhileMoreThan(PAGE, counted);
            }
            cursor = page.next();
        }
        while (cursor != null);
        batch.takeWhileMoreThan(0, counted);
        return summary;
    }

    private RawMessage message(RawMessagePages.Entry entry) {
        RawRecord r = entry.record().value();
        if (entry.bytes() == null) {
            // stored before the bytes had their own index: they are inline in the full record (null: deleted since the
            // page was read, e.g. by retention)
            Versioned<RawRecord> full = rawStore.find(r.id());
            return full == null ? null : rawStore.message(full.value());
        }
        return new RawMessage(r.source(), r.mailbox(), entry.bytes(), r.contentType(), r.externalId(),
                r.conversationKey(), r.uidValidity(), r.uid(), r.receivedAt());
    }

    /**
     * Reopens the record (a fresh attempt budget; it keeps its ticket number) and runs the message again, in phases
     * with the rest of the replay like a poll's batch, from the record as reopened: the intake neither stores the
     * message again nor reads its record back (three requests per message before, one of them a realtime GET).
     */
    private void replay(OrderedBatch<ProcessingOutcome> batch, Versioned<RawRecord> listed, RawMessage raw) {
        intake.submitStored(batch, raw, () -> reopen(listed), kept -> kept.gone() ? GONE : intake.process(raw, kept));
    }

    /** The record reopened, as now stored; null when it was deleted since its page was read (not brought back). */
    private Versioned<RawRecord> reopen(Versioned<RawRecord> listed) {
        Versioned<RawRecord> record = listed;
        for (int i = 0; i < 20 && record != null && record.value().outcome() != null; i++) {
            Versioned<RawRecord> reopened = rawStore.replace(record, record.value().reopened());
            if (reopened != null) {
                return reopened;
            }
            record = rawStore.find(listed.value().id());
        }
        return record;
    }
}
