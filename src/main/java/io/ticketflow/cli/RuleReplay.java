package io.ticketflow.cli;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.json.JsonData;
import io.ticketflow.classify.MessageClassifier;
import io.ticketflow.parse.MessageParser;
import io.ticketflow.route.RoutingInput;
import io.ticketflow.route.RoutingRules;
import io.ticketflow.route.RuleSet;
import io.ticketflow.store.Indices;
import io.ticketflow.store.RawMessageStore;
import io.ticketflow.store.RawRecord;
import io.ticketflow.store.StoreUnavailableException;
import io.ticketflow.store.Versioned;
import io.ticketflow.ticket.TicketMessage;
import io.ticketflow.vocabulary.Classification;
import io.ticketflow.vocabulary.RawMessage;
import io.ticketflow.vocabulary.RoutingDecision;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.stereotype.Component;

/**
 * Runs the current rules (and current classifiers) over stored inbound messages and reports, per message, what would
 * change against the decision recorded on it. Read-only: nothing is written. The raw message is re-parsed when the raw
 * store still has it (so header conditions work); otherwise the stored message fields are used.
 */
@Component
public class RuleReplay {

    private static final int PAGE = 200;

    private final ElasticsearchClient client;
    private final Indices indices;
    private final RawMessageStore rawStore;
    private final MessageParser parser;
    private final MessageClassifier classifier;
    private final RoutingRules rules;

    public RuleReplay(ElasticsearchClient client, Indices indices, RawMessageStore rawStore, MessageParser parser,
            MessageClassifier classifier, RoutingRules rules) {
        this.client = client;
        this.indices = indices;
        this.rawStore = rawStore;
        this.parser = parser;
        this.classifier = classifier;
        this.rules = rules;
    }

    /** The outcome: how many messages were replayed and which would be routed differently. */
    public record Report(int replayed, List<Change> changes, String rulesSource) {
        public String summary() {
            return String.format("replayed=%d changed=%d unchanged=%d (rules: %s)", replayed, changes.size(),
                    replayed - changes.size(), rulesSource);
        }
    }

    /** One message that the current rules would route differently: field → [recorded, now]. */
    public record Change(String messageId, String ticket, Instant receivedAt, Map<String, List<Object>> fields) {
    }

    /** Replays the running rules. */
    public Report replay(Instant since, int limit, PrintStream out) {
        return replay(rules.rules(), since, limit, out);
    }

    /** Replays the given rules (e.g. an edit not yet in place); {@code out} receives each change, may be null. */
    public Report replay(RuleSet current, Instant since, int limit, PrintStream out) {
        refreshMessages();
        List<Change> changes = new ArrayList<>();
        int replayed = 0;
        List<FieldValue> after = null;
        while (replayed < limit) {
            List<Hit<TicketMessage>> hits = page(since, after);
            for (Hit<TicketMessage> hit : hits) {
                if (replayed >= limit) {
                    break;
                }
                TicketMessage message = hit.source();
                if (message == null) {
                    continue;
                }
                replayed++;
                RoutingDecision now = current.route(input(message, current));
                Map<String, List<Object>> diff = diff(message.routing(), now);
                if (!diff.isEmpty()) {
                    Change change = new Change(message.id(), message.ticket(), message.receivedAt(), diff);
                    changes.add(change);
                    if (out != null) {
                        out.println(describe(change, message.subject()));
                    }
                }
            }
            if (hits.size() < PAGE) {
                break;
            }
            after = hits.get(hits.size() - 1).sort();
        }
        return new Report(replayed, changes, current.source());
    }

    /** A replay is a rare admin action: it should also see the messages of the last second, which search does not. */
    private void refreshMessages() {
        try {
            client.indices().refresh(r -> r.index(indices.messages()));
        }
        catch (java.io.IOException e) {
            throw new StoreUnavailableException("cannot refresh " + indices.messages() + ": " + e.getMessage(), e);
        }
    }

    private List<Hit<TicketMessage>> page(Instant since, List<FieldValue> after) {
        try {
            SearchResponse<TicketMessage> response = client.search(s -> {
                s.index(indices.messages())
                        .query(q -> q.bool(b -> b
                                .filter(f -> f.term(t -> t.field("direction").value(TicketMessage.INBOUND)))
                                // routed messages: people's mail (machine mail never reaches the rules) and rule rejects
                                .filter(f -> f.terms(t -> t.field("screening.kind").terms(v -> v.value(List.of(
                                        FieldValue.of("human"), FieldValue.of("rejected"))))))
                                .filter(f -> f.range(r -> r.untyped(u -> u.field("receivedAt").gte(JsonData.of(since.toString())))))))
                        .sort(o -> o.field(f -> f.field("receivedAt").order(SortOrder.Asc)))
                        .sort(o -> o.field(f -> f.field("id").order(SortOrder.Asc)))
                        .size(PAGE);
                if (after != null) {
                    s.searchAfter(after);
                }
                return s;
            }, TicketMessage.class);
            return response.hits().hits();
        }
        catch (Exception e) {
            throw new StoreUnavailableException("cannot read messages from " + indices.messages() + ": " + e.getMessage(), e);
        }
    }

    private RoutingInput input(TicketMessage message, RuleSet current) {
        Versioned<RawRecord> raw = rawStore.find(message.id());
        if (raw != null) {
            RawRecord r = raw.value();
            RawMessage rawMessage = rawStore.message(r);
            var parsed = parser.parse(rawMessage);
            if (appended(message) && parsed.hasReplyHeaders()) {
                // routed as the intake routes a reply: with the sparse labels where neither its refusal nor its reply
                // tags depend on the sentence embedding (docs/classification.md, "When the embedding runs")
                MessageClassifier.Staged labels = classifier.classifyStaged(parsed);
                RoutingInput sparse = RoutingInput.of(rawMessage, parsed, labels.sparse());
                return current.settledWithout(sparse, labels.unsure(), rules.replyTags()) && !current.route(sparse).refused()
                        ? sparse : RoutingInput.of(rawMessage, parsed, labels.refined());
            }
            return RoutingInput.of(rawMessage, parsed, classifier.classify(parsed));
        }
        String body = message.newContent() == null || message.newContent().isBlank() ? message.text() : message.newContent();
        Classification classification = classifier.classify(message.subject(), body);
        List<String> recipients = new ArrayList<>(message.to());
        recipients.addAll(message.cc());
        List<RoutingInput.Attachment> attachments = message.attachments() == null ? List.of()
                : message.attachments().stream().map(a -> new RoutingInput.Attachment(a.name(), a.contentType(), a.inline())).toList();
        return new RoutingInput(message.from(), recipients, message.subject(), body, Map.of(), message.channel(),
                message.mailbox(), classification, attachments, message.receivedAt());
    }

    /** The message was appended to a ticket it did not open. */
    private static boolean appended(TicketMessage message) {
        return message.threading() != null && message.threading().method() != null
                && !io.ticketflow.vocabulary.ThreadingDecision.Method.NEW_TICKET.label().equals(message.threading().method());
    }

    static Map<String, List<Object>> diff(RoutingDecision before, RoutingDecision now) {
        Map<String, List<Object>> d = new LinkedHashMap<>();
        if (before == null) {
            d.put("decision", java.util.Arrays.asList("(none recorded)", now.rulesMatched()));
            return d;
        }
        put(d, "rulesMatched", before.rulesMatched(), now.rulesMatched());
        put(d, "queue", before.queue(), now.queue());
        put(d, "level", before.level(), now.level());
        put(d, "priority", before.priority(), now.priority());
        put(d, "slaPolicy", before.slaPolicy(), now.slaPolicy());
        put(d, "assigneeGroup", before.assigneeGroup(), now.assigneeGroup());
        put(d, "tags", before.tags(), now.tags());
        put(d, "acknowledgementTemplate", before.acknowledgementTemplate(), now.acknowledgementTemplate());
        put(d, "spam", before.spam(), now.spam());
        put(d, "reject", before.reject(), now.reject());
        return d;
    }

    private static void put(Map<String, List<Object>> d, String field, Object before, Object now) {
        if (!Objects.equals(before, now)) {
            d.put(field, java.util.Arrays.asList(before, now));
        }
    }

    private static String describe(Change c, String subject) {
        StringBuilder s = new StringBuilder();
        s.append(c.receivedAt()).append(" ticket ").append(c.ticket()).append(" message ").append(c.messageId())
                .append(" \"").append(subject).append("\"");
        c.fields().forEach((f, v) -> s.append("\n    ").append(f).append(": ").append(v.get(0)).append(" -> ").append(v.get(1)));
        return s.toString();
    }
}
