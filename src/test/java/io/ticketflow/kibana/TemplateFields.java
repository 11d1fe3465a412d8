package io.ticketflow.kibana;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The fields of one of our index templates ({@code elasticsearch/templates/<kind>.json}) as Kibana sees them: nested
 * objects flattened to dotted names, multi-fields included, and a field that is not mapped resolved the way
 * Elasticsearch would map it when it first arrives (the template's dynamic template for strings, otherwise ES's
 * default long/float), unless an enclosing object turns dynamic mapping off.
 */
final class TemplateFields {

    /** A mapped field: its ES type, and whether Kibana can filter and aggregate on it. */
    record Field(String name, String type, boolean searchable, boolean aggregatable, boolean dynamic) {
    }

    private final String kind;
    private final Map<String, Field> mapped = new LinkedHashMap<>();
    private final Map<String, Boolean> objectsDynamic = new LinkedHashMap<>();
    private final String dynamicStringType;

    private TemplateFields(String kind, JsonNode template) {
        this.kind = kind;
        JsonNode mappings = template.path("template").path("mappings");
        objectsDynamic.put("", dynamicAllowed(mappings, true));
        flatten("", mappings.path("properties"));
        String strings = null;
        for (JsonNode entry : mappings.path("dynamic_templates")) {
            JsonNode rule = entry.elements().next();
            if ("string".equals(rule.path("match_mapping_type").asText()) && !rule.has("match") && !rule.has("path_match")) {
                strings = rule.path("mapping").path("type").asText("text");
            }
        }
        // without a dynamic template ES maps a new string as text with a .keyword sub-field
        this.dynamicStringType = strings == null ? "text" : strings;
    }

    static TemplateFields load(String kind) {
        String resource = "/elasticsearch/templates/" + kind + ".json";
        try (InputStream in = TemplateFields.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no index template " + resource);
            }
            return new TemplateFields(kind, new ObjectMapper().readTree(in));
        }
        catch (IOException e) {
            throw new IllegalStateException(resource + ": " + e.getMessage(), e);
        }
    }

    String kind() {
        return kind;
    }

    Map<String, Field> mapped() {
        return mapped;
    }

    /** The field as mapped in the template, if it is. */
    Optional<Field> mappedField(String name) {
        return Optional.ofNullable(mapped.get(name));
    }

    /**
     * The field as it will be mapped once a document carries it: mapped, or dynamically mapped from a JSON value of
     * the given kind ("string" or "number"); empty when the template keeps it from being indexed.
     */
    Optional<Field> resolve(String name, String jsonKind) {
        Field field = mapped.get(name);
        if (field != null) {
            return Optional.of(field);
        }
        String parent = name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : "";
        if (mapped.containsKey(parent) || !dynamicUnder(parent)) {
            return Optional.empty(); // a leaf cannot have sub-fields; dynamic false/strict or disabled objects index nothing
        }
        String type = jsonKind.equals("string") ? dynamicStringType : jsonKind.equals("number") ? "float" : "boolean";
        boolean keywordLike = !type.equals("text");
        return Optional.of(new Field(name, type, true, keywordLike, true));
    }

    private boolean dynamicUnder(String objectPath) {
        String path = objectPath;
        while (true) {
            Boolean allowed = objectsDynamic.get(path);
            if (allowed != null && !allowed) {
                return false;
            }
            if (path.isEmpty()) {
                return true;
            }
            path = path.contains(".") ? path.substring(0, path.lastIndexOf('.')) : "";
        }
    }

    private void flatten(String prefix, JsonNode properties) {
        Iterator<Map.Entry<String, JsonNode>> fields = properties.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> e = fields.next();
            String name = prefix + e.getKey();
            JsonNode spec = e.getValue();
            String type = spec.path("type").asText("object");
            if (type.equals("object") || type.equals("nested")) {
                objectsDynamic.put(name, dynamicAllowed(spec, true));
                flatten(name + ".", spec.path("properties"));
                continue;
            }
            add(name, type, spec);
            Iterator<Map.Entry<String, JsonNode>> multi = spec.path("fields").fields();
            while (multi.hasNext()) {
                Map.Entry<String, JsonNode> m = multi.next();
                add(name + "." + m.getKey(), m.getValue().path("type").asText(), m.getValue());
            }
        }
    }

    private void add(String name, String type, JsonNode spec) {
        boolean indexed = spec.path("index").asBoolean(true);
        boolean docValues = spec.path("doc_values").asBoolean(!type.equals("text"));
        boolean aggregatable = !type.equals("text") && !type.equals("binary") && docValues;
        mapped.put(name, new Field(name, type, indexed && !type.equals("binary"), aggregatable, false));
    }

    private static boolean dynamicAllowed(JsonNode spec, boolean inherited) {
        if (!spec.path("enabled").asBoolean(true)) {
            return false;
        }
        JsonNode dynamic = spec.get("dynamic");
        if (dynamic == null) {
            return inherited;
        }
        return dynamic.asText().equals("true") || dynamic.asText().equals("runtime");
    }
}
