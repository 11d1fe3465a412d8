package io.ticketflow.store;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.ErrorResponse;
import co.elastic.clients.elasticsearch._types.OpType;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch._types.Result;
import co.elastic.clients.elasticsearch._types.ShardStatistics;
import co.elastic.clients.elasticsearch.core.CreateResponse;
import co.elastic.clients.elasticsearch.core.CreateRequest;
import co.elastic.clients.elasticsearch.core.GetRequest;
import co.elastic.clients.elasticsearch.core.IndexRequest;
import co.elastic.clients.elasticsearch.core.IndexResponse;
import co.elastic.clients.elasticsearch.core.UpdateRequest;
import co.elastic.clients.json.JsonpDeserializer;
import co.elastic.clients.json.JsonpMapper;
import co.elastic.clients.json.JsonpMapperBase;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.json.jackson.JacksonJsonpParser;
import co.elastic.clients.transport.JsonEndpoint;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.json.stream.JsonGenerator;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Single-document requests as items of one {@code _bulk} (index, create) or {@code _mget} (realtime get), and the
 * items of the answer back as what the single request would have given: its response object, or the
 * {@link ElasticsearchException} it would have thrown (a create-only or {@code if_seq_no} conflict, a mapping error,
 * a missing index). Only requests whose meaning an item keeps exactly are taken; anything with another option
 * (refresh, routing, pipeline, versions ...) is left to a request of its own.
 */
final class BulkWireFormat {

    private static final byte[] MGET_START = "{\"docs\":[".getBytes(StandardCharsets.UTF_8);
    private static final byte[] MGET_END = "]}".getBytes(StandardCharsets.UTF_8);
    /** The fields of a successful index/create item that {@link #written} reads (status: the item's, not read). */
    private static final Set<String> WRITTEN_FIELDS = Set.of("_index", "_id", "_version", "result", "_shards",
            "_seq_no", "_primary_term", "status");
    private static final Set<String> SHARDS_FIELDS = Set.of("total", "successful", "failed");

    /** One request as an item: its lines in the batch body; {@code read} for an mget item, else a bulk item. */
    record Item(boolean read, byte[] bytes) {

        int size() {
            return bytes.length;
        }
    }

    private final JsonpMapper mapper;
    private final ObjectMapper json;

    BulkWireFormat(JsonpMapper mapper, ObjectMapper json) {
        this.mapper = mapper;
        this.json = json;
    }

    /**
     * The request as a batch item, or null when it has to go on its own. The document is serialized here, in the
     * caller's thread, which spreads the JSON work over the callers.
     */
    Item itemOf(Object request) throws IOException {
        if (request instanceof IndexRequest<?> r && simple(r)) {
            return write(r.opType() == OpType.Create ? "create" : "index", r.index(), r.id(), r.ifSeqNo(),
                    r.ifPrimaryTerm(), r.document());
        }
        if (request instanceof CreateRequest<?> r && simple(r)) {
            return write("create", r.index(), r.id(), null, null, r.document());
        }
        if (request instanceof GetRequest r && simple(r)) {
            return new Item(true, json.writeValueAsBytes(Map.of("_index", r.index(), "_id", r.id())));
        }
        return null;
    }

    /** The one index a single-document write names, or null for any other request. */
    static String indexOf(Object request) {
        if (request instanceof IndexRequest<?> r) {
            return r.index();
        }
        if (request instanceof CreateRequest<?> r) {
            return r.index();
        }
        return request instanceof UpdateRequest<?, ?> r ? r.index() : null;
    }

    /** The items per index and action, e.g. {@code {create messages=12, index raw=3}} (for a debug log). */
    static String describe(List<Item> items) {
        Map<String, Integer> counts = new TreeMap<>();
        for (Item item : items) {
            String head = new String(item.bytes(), 0, Math.min(item.size(), 300), StandardCharsets.UTF_8);
            int at = head.indexOf("\"_index\":\"");
            String index = at < 0 ? "?" : head.substring(at + 10, Math.max(at + 10, head.indexOf('"', at + 10)));
            String action = item.read() ? "get" : head.substring(2, Math.max(2, head.indexOf('"', 2)));
            counts.merge(action + " " + index, 1, Integer::sum);
        }
        return counts.toString();
    }

    /** The {@code _bulk} body: the items' action and document lines one after the other (NDJSON). */
    static byte[] bulkBody(List<Item> items) {
        ByteArrayOutputStream body = new ByteArrayOutputStream(items.stream().mapToInt(Item::size).sum());
        items.forEach(i -> body.writeBytes(i.bytes()));
        return body.toByteArray();
    }

    /** The {@code _mget} body: {@code {"docs":[item,item,...]}}. */
    static byte[] mgetBody(List<Item> items) {
        ByteArrayOutputStream body = new ByteArrayOutputStream(items.stream().mapToInt(Item::size).sum() + 16);
        body.writeBytes(MGET_START);
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                body.write(',');
            }
            body.writeBytes(items.get(i).bytes());
        }
        body.writeBytes(MGET_END);
        return body.toByteArray();
    }

    /** The per-item results of a {@code _bulk} answer, in request order (each without its action wrapper). */
    List<JsonNode> bulkResults(InputStream answer) throws IOException {
        List<JsonNode> results = new ArrayList<>();
        json.readTree(answer).path("items").forEach(i -> results.add(i.elements().next()));
        return results;
    }

    /** The per-item results of an {@code _mget} answer, in request order. */
    List<JsonNode> mgetResults(InputStream answer) throws IOException {
        List<JsonNode> results = new ArrayList<>();
        json.readTree(answer).path("docs").forEach(results::add);
        return results;
    }

    /** The result as the single request would have answered it: its response, or the error it would have thrown. */
    <ResponseT> ResponseT decode(JsonNode result, boolean read, JsonEndpoint<?, ResponseT, ?> endpoint)
            throws IOException {
        int status = read ? (result.has("error") ? statusOf(result.get("error")) : 200)
                : result.path("status").asInt(500);
        if (status >= 300) {
            ObjectNode error = json.createObjectNode();
            JsonNode cause = result.get("error");
            // a bulk item names its index beside the error: keep it in the error, where a single request has it
            if (cause instanceof ObjectNode object && !object.has("index") && result.hasNonNull("_index")) {
                cause = object.deepCopy().put("index", result.get("_index").asText());
            }
            error.set("error", cause);
            error.put("status", status);
            throw new ElasticsearchException(endpoint.id(), parse(error, ErrorResponse._DESERIALIZER));
        }
        if (!read) {
            ResponseT built = written(result, endpoint);
            if (built != null) {
                return built;
            }
        }
        return deserialized(result, endpoint);
    }

    /**
     * A successful index or create answer built straight from the item's fields: the same response the client's
     * deserializer makes of them (BulkWireFormatTest compares both on real answers), without walking the tree as
     * tokens through its generic object deserializers. Null when the item has any other field or form (a forced
     * refresh, a failure store, shard failures ...): the deserializer reads those.
     */
    @SuppressWarnings("unchecked")
    static <ResponseT> ResponseT written(JsonNode item, JsonEndpoint<?, ResponseT, ?> endpoint) {
        boolean create = endpoint == CreateRequest._ENDPOINT;
        if (!create && endpoint != IndexRequest._ENDPOINT || !onlyFields(item, WRITTEN_FIELDS)) {
            return null;
        }
        JsonNode index = item.get("_index");
        JsonNode id = item.get("_id");
        JsonNode version = item.get("_version");
        JsonNode seqNo = item.get("_seq_no");
        JsonNode primaryTerm = item.get("_primary_term");
        JsonNode shards = item.get("_shards");
        Result result = resultOf(item.get("result"));
        if (index == null || !index.isTextual() || id == null || !id.isTextual() || !isLong(version)
                || seqNo != null && !isLong(seqNo) || primaryTerm != null && !isLong(primaryTerm) || result == null
                || shards == null || !onlyFields(shards, SHARDS_FIELDS) || !isInt(shards.get("total"))
                || !isInt(shards.get("successful")) || !isInt(shards.get("failed"))) {
            return null;
        }
        ShardStatistics statistics = ShardStatistics.of(s -> s.total(numberOf(shards.get("total")))
                .successful(numberOf(shards.get("successful"))).failed(numberOf(shards.get("failed"))));
        if (create) {
            return (ResponseT) CreateResponse.of(r -> r.index(index.textValue()).id(id.textValue())
                    .version(version.longValue()).result(result).seqNo(longOf(seqNo)).primaryTerm(longOf(primaryTerm))
                    .shards(statistics));
        }
        return (ResponseT) IndexResponse.of(r -> r.index(index.textValue()).id(id.textValue())
                .version(version.longValue()).result(result).seqNo(longOf(seqNo)).primaryTerm(longOf(primaryTerm))
                .shards(statistics));
    }

    private static boolean onlyFields(JsonNode node, Set<String> allowed) {
        if (!node.isObject()) {
            return false;
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext();) {
            if (!allowed.contains(names.next())) {
                return false;
            }
        }
        return true;
    }

    private static Result resultOf(JsonNode value) {
        if (value == null || !value.isTextual()) {
            return null;
        }
        return switch (value.textValue()) {
            case "created" -> Result.Created;
            case "updated" -> Result.Updated;
            case "deleted" -> Result.Deleted;
            case "not_found" -> Result.NotFound;
            case "noop" -> Result.NoOp;
            default -> null;
        };
    }

    private static boolean isLong(JsonNode value) {
        return value != null && value.isIntegralNumber() && value.canConvertToLong();
    }

    private static boolean isInt(JsonNode value) {
        return value != null && value.isInt();
    }

    private static Long longOf(JsonNode value) {
        return value == null ? null : value.longValue();
    }

    /** The number as the client's number deserializer gives it for a JSON int (an Integer). */
    private static Number numberOf(JsonNode value) {
        return value.intValue();
    }

    private Item write(String action, String index, String id, Long ifSeqNo, Long ifPrimaryTerm, Object document)
            throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        // a plain object (a record, a map) is written by the ObjectMapper the client's mapper would hand it to, with
        // the action line's generator: the same bytes without a second generator and its wrapper per item
        ObjectMapper documents = mapper instanceof JacksonJsonpMapper jackson
                && JsonpMapperBase.findSerializer(document) == null ? jackson.objectMapper() : null;
        // the action line written field by field: the same bytes as a map through the ObjectMapper (nulls left
        // out), without building the maps and looking up their serializers for every item
        try (com.fasterxml.jackson.core.JsonGenerator line = (documents != null ? documents : json).getFactory()
                .createGenerator(out)) {
            line.writeStartObject();
            line.writeObjectFieldStart(action);
            if (index != null) {
                line.writeStringField("_index", index);
            }
            if (id != null) {
                line.writeStringField("_id", id);
            }
            if (ifSeqNo != null) {
                line.writeNumberField("if_seq_no", ifSeqNo);
                if (ifPrimaryTerm != null) {
                    line.writeNumberField("if_primary_term", ifPrimaryTerm);
                }
            }
            line.writeEndObject();
            line.writeEndObject();
            if (documents != null) {
                // NDJSON: the two values on their own lines (no root separator, Jackson's default is a space)
                line.setRootValueSeparator(null);
                line.writeRaw('\n');
                documents.writeValue(line, document);
                line.writeRaw('\n');
            }
        }
        if (documents == null) {
            out.write('\n');
            try (JsonGenerator generator = mapper.jsonProvider().createGenerator(out)) {
                mapper.serialize(document, generator);
            }
            out.write('\n');
        }
        return new Item(false, out.toByteArray());
    }

    /** The result through the client's own deserializer of the endpoint's response (what {@link #written} skips). */
    <ResponseT> ResponseT deserialized(JsonNode result, JsonEndpoint<?, ResponseT, ?> endpoint) throws IOException {
        return parse(result, endpoint.responseDeserializer());
    }

    private <T> T parse(JsonNode node, JsonpDeserializer<T> deserializer) throws IOException {
        // straight from the tree: no second round of bytes
        if (mapper instanceof JacksonJsonpMapper jackson) {
            try (var parser = new JacksonJsonpParser(node.traverse(json), jackson)) {
                return deserializer.deserialize(parser, mapper);
            }
        }
        try (var parser = mapper.jsonProvider().createParser(new ByteArrayInputStream(json.writeValueAsBytes(node)))) {
            return deserializer.deserialize(parser, mapper);
        }
    }

    /** mget items carry no status; the one error a GET by id can meet is a missing index. */
    private static int statusOf(JsonNode error) {
        return "index_not_found_exception".equals(error.path("type").asText()) ? 404 : 500;
    }

    private static boolean simple(IndexRequest<?> r) {
        return r.id() != null && (r.refresh() == null || r.refresh() == Refresh.False) && r.routing() == null
                && r.pipeline() == null && r.version() == null && r.versionType() == null && r.timeout() == null
                && r.waitForActiveShards() == null && r.requireAlias() == null && r.requireDataStream() == null
                && (r.opType() == null || r.opType() == OpType.Create || r.opType() == OpType.Index);
    }

    private static boolean simple(CreateRequest<?> r) {
        return (r.refresh() == null || r.refresh() == Refresh.False) && r.routing() == null && r.pipeline() == null
                && r.version() == null && r.versionType() == null && r.timeout() == null
                && r.waitForActiveShards() == null && r.requireAlias() == null && r.requireDataStream() == null;
    }

    private static boolean simple(GetRequest r) {
        return (r.realtime() == null || r.realtime()) && (r.refresh() == null || !r.refresh()) && r.routing() == null
                && r.preference() == null && r.version() == null && r.versionType() == null && r.source() == null
                && r.sourceIncludes().isEmpty() && r.sourceExcludes().isEmpty() && r.storedFields().isEmpty()
                && r.forceSyntheticSource() == null;
    }
}
