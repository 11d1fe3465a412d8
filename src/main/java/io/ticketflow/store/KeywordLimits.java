package io.ticketflow.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Elasticsearch refuses a whole document when one keyword value is longer than 32 766 bytes of UTF-8, and many keyword
 * values come from the sender (attachment names, content types, Content-IDs, delivery report fields, addresses): a
 * customer's mail would end in quarantine for a header. Every keyword field of the templates therefore gets an
 * {@code ignore_above}; a longer value stays in the stored document and is only left out of the keyword index. Fields
 * with a lower limit of their own keep it.
 */
final class KeywordLimits {

    /** The longest keyword that always fits: a character is at most 4 bytes of UTF-8, 8191 × 4 = 32 764. */
    static final int MAX_CHARS = 8191;

    private KeywordLimits() {
    }

    /** Caps every keyword field of a template's {@code mappings} (properties, sub-fields, dynamic templates). */
    static void cap(JsonNode mappings) {
        capProperties(mappings.path("properties"));
        for (JsonNode entry : mappings.path("dynamic_templates")) {
            entry.fields().forEachRemaining(e -> capField(e.getValue().path("mapping")));
        }
    }

    private static void capProperties(JsonNode properties) {
        properties.fields().forEachRemaining(e -> {
            JsonNode field = e.getValue();
            capField(field);
            capProperties(field.path("properties"));
            field.path("fields").fields().forEachRemaining(sub -> capField(sub.getValue()));
        });
    }

    private static void capField(JsonNode field) {
        if (field instanceof ObjectNode object && "keyword".equals(field.path("type").asText())
                && !field.has("ignore_above")) {
            object.put("ignore_above", MAX_CHARS);
        }
    }
}
