package io.ticketflow.store;

import org.springframework.stereotype.Component;

/**
 * Names of the aliases the application reads and writes. Each alias points at a versioned index
 * ({@code <alias>-v1}) created from the index template of the same name, so a mapping change is a new index version
 * behind the same alias, invisible to readers and to Kibana.
 */
@Component
public class Indices {

    /** The kinds of index, in the order they are installed. */
    public enum Kind {
        RAW("raw"), RAW_BYTES("raw-bytes"), TICKETS("tickets"), MESSAGES("messages"), MESSAGE_IDS("message-ids"),
        EVENTS("events"), OUTBOX("outbox"), COUNTERS("counters"), ADDRESSES("addresses"), CHECKPOINTS("checkpoints"),
        DELIVERIES("deliveries"), AUDIT("audit"), WEBHOOKS("webhooks"), IDENTITIES("identities"),
        KNOWLEDGE("knowledge");

        final String suffix;

        Kind(String suffix) {
            this.suffix = suffix;
        }
    }

    private final String prefix;

    public Indices(ElasticsearchProperties properties) {
        this.prefix = properties.indexPrefix();
    }

    public String alias(Kind kind) {
        return prefix + "-" + kind.suffix;
    }

    public String raw() {
        return alias(Kind.RAW);
    }

    /** The delivered bytes of the raw records, one document per record, same id, written once. */
    public String rawBytes() {
        return alias(Kind.RAW_BYTES);
    }

    public String tickets() {
        return alias(Kind.TICKETS);
    }

    public String messages() {
        return alias(Kind.MESSAGES);
    }

    public String messageIds() {
        return alias(Kind.MESSAGE_IDS);
    }

    public String events() {
        return alias(Kind.EVENTS);
    }

    public String outbox() {
        return alias(Kind.OUTBOX);
    }

    public String counters() {
        return alias(Kind.COUNTERS);
    }

    public String addresses() {
        return alias(Kind.ADDRESSES);
    }

    public String checkpoints() {
        return alias(Kind.CHECKPOINTS);
    }

    public String deliveries() {
        return alias(Kind.DELIVERIES);
    }

    public String audit() {
        return alias(Kind.AUDIT);
    }

    public String webhooks() {
        return alias(Kind.WEBHOOKS);
    }

    public String identities() {
        return alias(Kind.IDENTITIES);
    }

    public String knowledge() {
        return alias(Kind.KNOWLEDGE);
    }
}
