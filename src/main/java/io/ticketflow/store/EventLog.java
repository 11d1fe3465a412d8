package io.ticketflow.store;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import java.time.Instant;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.DependsOn;
import org.springframework.stereotype.Component;

/**
 * The pipeline's audit trail (received, screened, threaded, replied ...) with timings, for Kibana. Best effort: a
 * failed event write is logged and never fails the message it describes.
 */
@Component
@DependsOn("indexTemplates")
public class EventLog {

    private static final Logger log = LoggerFactory.getLogger(EventLog.class);

    private final ElasticsearchClient client;
    private final Indices indices;

    public EventLog(ElasticsearchClient client, Indices indices) {
        this.client = client;
        this.indices = indices;
    }

    public void record(String type, String ticket, String rawId, long durationMs, String detail) {
        record(Event.of(type, ticket, rawId, durationMs, detail));
    }

    /** A change of one field (an agent's correction, an escalation): structured, so training can read it back. */
    public void recordChange(String type, String ticket, String field, String from, String to) {
        record(Event.of(type, ticket, null, 0, field + ": " + from + " -> " + to).withChange(field, from, to));
    }

    /** An event with structured fields (e.g. {@code type=corrected, field=triage.queue, from=..., to=..., actor=...}). */
    public void record(Event event) {
        try {
            client.index(i -> i.index(indices.events()).id(UUID.randomUUID().toString()).document(event));
        }
        catch (Exception e) {
            log.warn("Could not record event {} for {}: {}", event.type(), event.rawId(), e.getMessage());
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
     */
    public record Event(String type, Instant at, String ticket, String rawId, long durationMs, String detail,
            String method, Double score, String field, String from, String to, String related, String actor) {

        /** An event of the pipeline itself, with only the common fields set. */
        public static Event of(String type, String ticket, String rawId, long durationMs, String detail) {
            return new Event(type, Instant.now(), ticket, rawId, durationMs, detail, null, null, null, null, null, null,
                    "pipeline");
        }

        public Event withDecision(String decisionMethod, Double decisionScore, String relatedTicket) {
            return new Event(type, at, ticket, rawId, durationMs, detail, decisionMethod, decisionScore, field, from, to,
                    relatedTicket, actor);
        }

        public Event withChange(String changedField, String before, String after) {
            return new Event(type, at, ticket, rawId, durationMs, detail, method, score, changedField, before, after,
                    related, actor);
        }
    }
}
