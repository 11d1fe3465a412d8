package io.ticketflow.store;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import jakarta.annotation.PreDestroy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.DependsOn;
import org.springframework.stereotype.Component;

/**
 * The pipeline's audit trail (received, screened, threaded, replied ...) with timings, for Kibana. Best effort: a
 * failed event write is logged and never fails the message it describes.
 * <p>
 * Events are buffered and written by a background flusher, one {@code _bulk} request per batch (every
 * {@code flush-interval}, or at once when a batch is full), instead of one fsynced request per event on the caller's
 * thread. The buffer is bounded: when it is full the caller writes a batch itself (back-pressure, nothing dropped).
 * Readers that need the events just recorded call {@link #flush()} (then refresh the index to search them); closing
 * the log (shutdown) writes what is buffered.
 */
@Component
@DependsOn("indexTemplates")
public class EventLog implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EventLog.class);

    private final ElasticsearchClient client;
    private final Indices indices;
    private final int batchSize;
    private final long flushIntervalNanos;
    private final BlockingQueue<Event> buffer;
    /** Held while a batch is taken from the buffer and written, so {@link #flush()} also waits for batches in flight. */
    private final ReentrantLock writing = new ReentrantLock();
    private final Thread flusher;
    private volatile boolean running = true;
    /** Who else hears of each event as it is recorded (the webhook outbox); they never fail the recorder. */
    private final List<java.util.function.Consumer<Event>> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    public EventLog(ElasticsearchClient client, Indices indices, EventsProperties properties) {
        this.client = client;
        this.indices = indices;
        this.batchSize = properties.batchSize();
        this.flushIntervalNanos = properties.flushInterval().toNanos();
        this.buffer = new ArrayBlockingQueue<>(properties.bufferSize());
        this.flusher = new Thread(this::flushPeriodically, "event-log-flusher");
        flusher.setDaemon(true);
        flusher.start();
    }

    public void record(String type, String ticket, String rawId, long durationMs, String detail) {
        record(Event.of(type, ticket, rawId, durationMs, detail));
    }

    /** A change of one field (an agent's correction, an escalation): structured, so training can read it back. */
    public void recordChange(String type, String ticket, String field, String from, String to) {
        record(Event.of(type, ticket, null, 0, field + ": " + from + " -> " + to).withChange(field, from, to));
    }

    /**
     * An event whose document another write already is (the outbox's {@code sent} mark is the {@code replied}
     * event): handed to the listeners (webhooks) as {@link #record} does, but not written to the events index.
     */
    public void announce(Event event) {
        tell(event);
    }

    /** An event with structured fields (e.g. {@code type=corrected, field=triage.queue, from=..., to=..., actor=...}). */
    public void record(Event event) {
        tell(event);
        if (!running) {
            write(List.of(event));
            return;
        }
        if (buffer.offer(event)) {
            if (buffer.size() >= batchSize) {
                LockSupport.unpark(flusher);
            }
            return;
        }
        // the buffer is full: the flusher is behind, so this caller writes a batch (with its event) itself
        writing.lock();
        try {
            if (buffer.offer(event)) {
                return;
            }
            List<Event> batch = new ArrayList<>(batchSize);
            buffer.drainTo(batch, batchSize - 1);
            batch.add(event);
            write(batch);
        }
        finally {
            writing.unlock();
        }
    }

    private void tell(Event event) {
        for (java.util.function.Consumer<Event> listener : listeners) {
            try {
                listener.accept(event);
            }
            catch (RuntimeException e) {
                log.error("Event {} of ticket {} not handed on: {}", event.type(), event.ticket(), e.toString());
            }
        }
    }

    /** Hands every event recorded from now on to the listener too (on the recording thread, before buffering). */
    public void addListener(java.util.function.Consumer<Event> listener) {
        listeners.add(listener);
    }

    /** Writes every buffered event, and waits for batches being written: afterwards a refresh makes them searchable. */
    public void flush() {
        writing.lock();
        try {
            List<Event> batch = new ArrayList<>(batchSize);
            while (buffer.drainTo(batch, batchSize) > 0) {
                write(batch);
                batch.clear();
            }
        }
        finally {
            writing.unlock();
        }
    }

    /** Stops the flusher and writes what is buffered; later events are written one request each. */
    @PreDestroy
    @Override
    public void close() {
        running = false;
        LockSupport.unpark(flusher);
        try {
            flusher.join(10_000);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flush();
    }

    private void flushPeriodically() {
        while (running) {
            LockSupport.parkNanos(this, flushIntervalNanos);
            try {
                flush();
            }
            catch (RuntimeException e) {
                log.warn("Event flusher: {}", e.getMessage());
            }
        }
    }

    /** One bulk request; failures are logged, never thrown (the events are best effort). */
    private void write(List<Event> batch) {
        if (batch.isEmpty()) {
            return;
        }
        List<BulkOperation> operations = new ArrayList<>(batch.size());
        for (Event event : batch) {
            // no id: Elasticsearch's own ids make the index append-only (no version lookup per event)
            operations.add(BulkOperation.of(o -> o.index(i -> i.document(event))));
        }
        try {
            BulkResponse response = client.bulk(b -> b.index(indices.events()).operations(operations));
            if (response.errors()) {
                List<BulkResponseItem> failed = response.items().stream().filter(item -> item.error() != null).toList();
                log.warn("Could not record {} of {} events, e.g. {}: {}", failed.size(), batch.size(),
                        batch.get(response.items().indexOf(failed.get(0))).type(), failed.get(0).error().reason());
            }
        }
        catch (Exception e) {
            log.warn("Could not record {} events ({} ...): {}", batch.size(), batch.get(0).type(), e.getMessage());
        }
    }

    /**
     * One pipeline event. Beside the free-text detail, structured fields Kibana can facet on:
     *
     * @param method  how a decision was made (threading method, classifier, rule)
     * @param score   its confidence or evidence strength, 0..1
     * @param field   for changes and corrections: the ticket field changed ({@code triage.queue})
     * @param from    the value before
     * @param to      the value after
     * @param related another ticket involved (linked, merged)
     * @param actor   who did it: {@code pipeline}, an agent's id, a rule name
     * @param step    the intake step that recorded it ({@code route}, {@code record outcome}) or failed (quarantined)
     */
    public record Event(String type, Instant at, String ticket, String rawId, long durationMs, String detail,
            String method, Double score, String field, String from, String to, String related, String actor,
            String step) {

        /** An event of the pipeline itself, with only the common fields set. */
        public static Event of(String type, String ticket, String rawId, long durationMs, String detail) {
            return new Event(type, Instant.now(), ticket, rawId, durationMs, detail, null, null, null, null, null, null,
                    "pipeline", null);
        }

        public Event withDecision(String decisionMethod, Double decisionScore, String relatedTicket) {
            return new Event(type, at, ticket, rawId, durationMs, detail, decisionMethod, decisionScore, field, from, to,
                    relatedTicket, actor, step);
        }

        public Event withChange(String changedField, String before, String after) {
            return new Event(type, at, ticket, rawId, durationMs, detail, method, score, changedField, before, after,
                    related, actor, step);
        }

        /** The intake step that recorded the event (or failed, for {@code quarantined}). */
        public Event atStep(String stepName) {
            return new Event(type, at, ticket, rawId, durationMs, detail, method, score, field, from, to, related, actor,
                    stepName);
        }
    }
}
