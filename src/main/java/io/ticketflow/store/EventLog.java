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
        write(new Event(type, Instant.now(), ticket, rawId, durationMs, detail, null, null, null));
    }

    /** A change of one field (an agent's correction, an escalation): structured, so training can read it back. */
    public void recordChange(String type, String ticket, String field, String from, String to) {
        write(new Event(type, Instant.now(), ticket, null, 0, field + ": " + from + " -> " + to, field, from, to));
    }

    private void write(Event event) {
        String type = event.type();
        String rawId = event.rawId() != null ? event.rawId() : event.ticket();
        try {
            client.index(i -> i.index(indices.events()).id(UUID.randomUUID().toString()).document(event));
        }
        catch (Exception e) {
            log.warn("Could not record event {} for {}: {}", type, rawId, e.getMessage());
        }
    }

    /** One pipeline event; {@code field}/{@code from}/{@code to} are set for changes of one field. */
    public record Event(String type, Instant at, String ticket, String rawId, long durationMs, String detail,
            String field, String from, String to) {
    }
}
