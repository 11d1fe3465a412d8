package io.ticketflow.cli;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.mapping.FieldType;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.json.JsonData;
import io.ticketflow.classify.LabelledText;
import io.ticketflow.classify.MessageClassifier;
import io.ticketflow.store.EventLog;
import io.ticketflow.store.Indices;
import io.ticketflow.store.MessageStore;
import io.ticketflow.store.StoreUnavailableException;
import io.ticketflow.store.TicketStore;
import io.ticketflow.store.Versioned;
import io.ticketflow.ticket.Ticket;
import io.ticketflow.ticket.TicketMessage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * The feedback loop: agents' corrections (events of type {@code corrected}, written when a ticket's category,
 * priority, type or queue is changed through the REST API) as training examples. The text is the ticket's first
 * inbound message (subject and new content, as the classifiers saw it), the label is the latest corrected value.
 * Events carry {@code field}, {@code from}, {@code to}, {@code ticket}; older events only {@code detail} of the form
 * {@code category: old -> new}, which is parsed.
 */
@Component
public class CorrectionsReader {

    static final String EVENT_TYPE = "corrected";
    private static final Pattern DETAIL = Pattern.compile("^\\s*(\\w+)\\s*:\\s*(.*?)\\s*->\\s*(.+?)\\s*$");
    private static final int PAGE = 500;

    private final ElasticsearchClient client;
    private final Indices indices;
    private final TicketStore tickets;
    private final MessageStore messages;
    private final EventLog events;

    public CorrectionsReader(ElasticsearchClient client, Indices indices, TicketStore tickets, MessageStore messages,
            EventLog events) {
        this.client = client;
        this.indices = indices;
        this.tickets = tickets;
        this.messages = messages;
        this.events = events;
    }

    /** One correction as read from the events index. */
    public record Correction(String ticket, String field, String from, String to) {
    }

    /** Training examples for one classifier (field name = classifier name), the latest correction per ticket. */
    public List<LabelledText> examples(String field) {
        Map<String, String> labelByTicket = new LinkedHashMap<>();
        for (Correction c : corrections()) {
            if (c.field().equals(field) && c.ticket() != null && c.to() != null && !c.to().isBlank()) {
                labelByTicket.remove(c.ticket());
                labelByTicket.put(c.ticket(), c.to());
            }
        }
        List<LabelledText> out = new ArrayList<>();
        labelByTicket.forEach((number, label) -> {
            String text = firstInboundText(number);
            if (text != null) {
                out.add(new LabelledText(text, label));
            }
        });
        return out;
    }

    /** Every correction event, oldest first. */
    @SuppressWarnings("unchecked")
    public List<Correction> corrections() {
        // this process's buffered events written, and the events index refreshed: the latest corrections count
        events.flush();
        try {
            client.indices().refresh(r -> r.index(indices.events()));
        }
        catch (Exception e) {
            throw new StoreUnavailableException("cannot refresh " + indices.events() + ": " + e.getMessage(), e);
        }
        List<Correction> out = new ArrayList<>();
        List<FieldValue> after = null;
        while (true) {
            List<FieldValue> cursor = after;
            SearchResponse<JsonData> page;
            try {
                page = client.search(s -> {
                    s.index(indices.events())
                            .query(q -> q.term(t -> t.field("type").value(EVENT_TYPE)))
                            .sort(o -> o.field(f -> f.field("at").order(SortOrder.Asc)))
                            .sort(o -> o.field(f -> f.field("rawId").order(SortOrder.Asc).unmappedType(FieldType.Keyword)))
                            .sort(o -> o.field(f -> f.field("detail").order(SortOrder.Asc)))
                            .size(PAGE);
                    if (cursor != null) {
                        s.searchAfter(cursor);
                    }
                    return s;
                }, JsonData.class);
            }
            catch (Exception e) {
                throw new StoreUnavailableException("cannot read corrections from " + indices.events() + ": " + e.getMessage(), e);
            }
            List<Hit<JsonData>> hits = page.hits().hits();
            for (Hit<JsonData> hit : hits) {
                Correction c = parse(hit.source().to(Map.class));
                if (c != null) {
                    out.add(c);
                }
            }
            if (hits.size() < PAGE) {
                return out;
            }
            after = hits.get(hits.size() - 1).sort();
        }
    }

    static Correction parse(Map<String, Object> event) {
        String ticket = string(event.get("ticket"));
        String field = string(event.get("field"));
        if (field != null) {
            return new Correction(ticket, field, string(event.get("from")), string(event.get("to")));
        }
        String detail = string(event.get("detail"));
        Matcher m = detail == null ? null : DETAIL.matcher(detail);
        return m != null && m.matches() ? new Correction(ticket, m.group(1), m.group(2), m.group(3)) : null;
    }

    private String firstInboundText(String number) {
        Versioned<Ticket> ticket = tickets.find(number);
        if (ticket == null || ticket.value().messageKeys().isEmpty()) {
            return null;
        }
        return messages.findAll(ticket.value().messageKeys()).stream()
                .filter(m -> TicketMessage.INBOUND.equals(m.direction()))
                .findFirst()
                .map(m -> MessageClassifier.textOf(m.subject(), m.newContent() == null || m.newContent().isBlank()
                        ? m.text() : m.newContent()))
                .orElse(null);
    }

    private static String string(Object o) {
        return o == null ? null : o.toString();
    }
}
