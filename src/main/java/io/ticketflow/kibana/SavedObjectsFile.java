package io.ticketflow.kibana;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The Kibana saved objects we ship ({@code config/kibana/ticketflow.ndjson}), read and checked line by line. Admins may
 * edit the file, so a broken edit is reported with file, line and field before anything is sent to Kibana, instead of
 * Kibana's less specific import error.
 *
 * @param source  where the file was read from, for messages
 * @param bytes   the file exactly as read: this is what gets uploaded
 * @param objects one entry per non-blank line
 */
public record SavedObjectsFile(String source, byte[] bytes, List<SavedObject> objects) {

    /** Attributes whose value Kibana stores as a JSON document inside a string. */
    static final List<String> JSON_STRING_ATTRIBUTES = List.of("panelsJSON", "optionsJSON", "visState", "uiStateJSON",
            "state", "fieldFormatMap", "runtimeFieldMap", "fieldAttrs", "fields", "sourceFilters",
            "kibanaSavedObjectMeta.searchSourceJSON");

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One saved object.
     *
     * @param line       1-based line in the file
     * @param attributes the attributes with every JSON-string attribute already parsed, under the same name
     */
    public record SavedObject(int line, String type, String id, String title, JsonNode raw, JsonNode attributes,
            List<Reference> references) {
    }

    /** A reference from one saved object to another, by the name the object uses for it. */
    public record Reference(String name, String type, String id) {
    }

    public static SavedObjectsFile read(Path path) throws IOException {
        return parse(path.toString(), Files.readAllBytes(path));
    }

    public static SavedObjectsFile parse(String source, byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        List<SavedObject> objects = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (!lines[i].isBlank()) {
                objects.add(parseLine(source, i + 1, lines[i]));
            }
        }
        if (objects.isEmpty()) {
            throw new InvalidSavedObjectsException(source + ": no saved objects in the file");
        }
        return new SavedObjectsFile(source, bytes, List.copyOf(objects));
    }

    /**
     * The same objects with the data views pointed at another installation's aliases ({@code <prefix>-tickets} ...),
     * for a Ticketflow whose {@code ticketflow.elasticsearch.index-prefix} is not the default. Other lines stay
     * byte-identical.
     */
    public SavedObjectsFile withIndexPrefix(String defaultPrefix, String prefix) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        String[] lines = text.split("\n", -1);
        for (SavedObject o : objects) {
            String title = o.attributes().path("title").asText();
            if (o.type().equals("index-pattern") && title.startsWith(defaultPrefix + "-")) {
                com.fasterxml.jackson.databind.node.ObjectNode node = o.raw().deepCopy();
                // a data view may read several aliases (the pipeline events: events and outbox), comma-separated
                String renamed = java.util.Arrays.stream(title.split(",", -1))
                        .map(a -> a.startsWith(defaultPrefix + "-") ? prefix + a.substring(defaultPrefix.length()) : a)
                        .collect(java.util.stream.Collectors.joining(","));
                ((com.fasterxml.jackson.databind.node.ObjectNode) node.get("attributes")).put("title", renamed);
                try {
                    lines[o.line() - 1] = JSON.writeValueAsString(node);
                }
                catch (JsonProcessingException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return parse(source + " (index prefix " + prefix + ")",
                String.join("\n", lines).getBytes(StandardCharsets.UTF_8));
    }

    private static SavedObject parseLine(String source, int line, String text) {
        String where = source + ":" + line;
        JsonNode node;
        try {
            node = JSON.readTree(text);
        }
        catch (JsonProcessingException e) {
            throw new InvalidSavedObjectsException(where + ": not valid JSON: " + e.getOriginalMessage());
        }
        if (!node.isObject()) {
            throw new InvalidSavedObjectsException(where + ": each line must be one JSON object (a saved object)");
        }
        String type = requiredText(node, "type", where);
        String id = requiredText(node, "id", where);
        where = where + " (" + type + " " + id + ")";
        JsonNode attributes = node.get("attributes");
        if (attributes == null || !attributes.isObject()) {
            throw new InvalidSavedObjectsException(where + ": field 'attributes' must be an object");
        }
        JsonNode parsed = attributes.deepCopy();
        for (String name : JSON_STRING_ATTRIBUTES) {
            parseJsonString(parsed, name, where);
        }
        List<Reference> references = new ArrayList<>();
        JsonNode refs = node.path("references");
        if (!refs.isMissingNode() && !refs.isArray()) {
            throw new InvalidSavedObjectsException(where + ": field 'references' must be an array");
        }
        for (JsonNode ref : refs) {
            String refWhere = where + " references[" + references.size() + "]";
            references.add(new Reference(requiredText(ref, "name", refWhere), requiredText(ref, "type", refWhere),
                    requiredText(ref, "id", refWhere)));
        }
        return new SavedObject(line, type, id, attributes.path("title").asText(null), node, parsed,
                List.copyOf(references));
    }

    /** Replaces a JSON-string attribute (dotted path) by its parsed value; objects Kibana already stores as JSON stay. */
    private static void parseJsonString(JsonNode attributes, String dottedName, String where) {
        String[] path = dottedName.split("\\.");
        JsonNode parent = attributes;
        for (int i = 0; i < path.length - 1; i++) {
            parent = parent.path(path[i]);
        }
        JsonNode value = parent.get(path[path.length - 1]);
        if (value == null || !value.isTextual()) {
            return;
        }
        try {
            ((com.fasterxml.jackson.databind.node.ObjectNode) parent).set(path[path.length - 1],
                    JSON.readTree(value.asText()));
        }
        catch (JsonProcessingException e) {
            throw new InvalidSavedObjectsException(
                    where + ": attribute '" + dottedName + "' is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static String requiredText(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new InvalidSavedObjectsException(where + ": field '" + field + "' is missing or not a string");
        }
        return value.asText();
    }

    /** A saved objects file that Kibana would refuse or import broken; the message names file, line and field. */
    public static class InvalidSavedObjectsException extends RuntimeException {
        public InvalidSavedObjectsException(String message) {
            super(message);
        }
    }
}
