package io.ticketflow.store;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.ErrorResponse;
import co.elastic.clients.elasticsearch._types.OpType;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch.core.CreateRequest;
import co.elastic.clients.elasticsearch.core.GetRequest;
import co.elastic.clients.elasticsearch.core.IndexRequest;
import co.elastic.clients.json.JsonpMapper;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.json.jackson.JacksonJsonpParser;
import co.elastic.clients.transport.ElasticsearchTransport;
import co.elastic.clients.transport.Endpoint;
import co.elastic.clients.transport.JsonEndpoint;
import co.elastic.clients.transport.TransportOptions;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.json.stream.JsonGenerator;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.apache.http.entity.ByteArrayEntity;
import org.apache.http.entity.ContentType;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.ResponseListener;
import org.elasticsearch.client.RestClient;

/**
 * Client-side group commit. Elasticsearch answers a single-document write only after its translog is fsynced, and
 * every request has its own HTTP and routing cost; a {@code _bulk} pays both once for all its items. When several
 * pipeline workers write or read at the same moment, their single-document requests ({@code index}, {@code create},
 * realtime {@code get}) are sent together as one {@code _bulk} or {@code _mget}. Each caller still waits for its own
 * item and gets exactly what its single request would have given: the same response object, the same
 * {@link ElasticsearchException} for a create-only or {@code if_seq_no} conflict, an {@link IOException} when the
 * cluster cannot be reached. So every store keeps its per-document guarantees without knowing about batching.
 * <p>
 * Nothing waits to fill a batch: a request goes out at once unless {@code maxInFlight} batches are already on their
 * way, and then it joins the next one. Requests with any other option (refresh, routing, pipeline, versions ...) and
 * every other API go straight to the delegate.
 */
final class CoalescingTransport implements ElasticsearchTransport {

    private static final ContentType NDJSON = ContentType.create("application/x-ndjson");

    private final ElasticsearchTransport delegate;
    private final RestClient rest;
    private final JsonpMapper mapper;
    private final ObjectMapper json;
    private final Lane writes;
    private final Lane reads;

    CoalescingTransport(ElasticsearchTransport delegate, RestClient rest, ObjectMapper json, int maxItems, int maxBytes,
            int maxInFlight) {
        this.delegate = delegate;
        this.rest = rest;
        this.mapper = delegate.jsonpMapper();
        this.json = json;
        this.writes = new Lane("es-bulk-writes", maxItems, maxBytes, maxInFlight, this::bulk);
        this.reads = new Lane("es-bulk-reads", maxItems, maxBytes, maxInFlight, this::mget);
    }

    @Override
    public <RequestT, ResponseT, ErrorT> ResponseT performRequest(RequestT request,
            Endpoint<RequestT, ResponseT, ErrorT> endpoint, TransportOptions options) throws IOException {
        if (!(endpoint instanceof JsonEndpoint<RequestT, ResponseT, ErrorT> jsonEndpoint)
                || options != null && options != delegate.options()) {
            return delegate.performRequest(request, endpoint, options);
        }
        Pending item = null;
        if (request instanceof IndexRequest<?> r && simple(r)) {
            item = write(r.opType() == OpType.Create ? "create" : "index", r.index(), r.id(), r.ifSeqNo(),
                    r.ifPrimaryTerm(), r.document());
        }
        else if (request instanceof CreateRequest<?> r && simple(r)) {
            item = write("create", r.index(), r.id(), null, null, r.document());
        }
        else if (request instanceof GetRequest r && simple(r)) {
            item = read(r.index(), r.id());
        }
        if (item == null) {
            return delegate.performRequest(request, endpoint, options);
        }
        (item.read ? reads : writes).queue.add(item);
        return decode(await(item), item.read, jsonEndpoint);
    }

    @Override
    public <RequestT, ResponseT, ErrorT> CompletableFuture<ResponseT> performRequestAsync(RequestT request,
            Endpoint<RequestT, ResponseT, ErrorT> endpoint, TransportOptions options) {
        return delegate.performRequestAsync(request, endpoint, options);
    }

    /** Metrics of both lanes: batches sent, requests carried, time on the way (for /actuator/metrics). */
    void bindTo(MeterRegistry registry) {
        for (Lane lane : List.of(writes, reads)) {
            String kind = lane == writes ? "writes" : "reads";
            FunctionCounter.builder("ticketflow.elasticsearch.batch.requests", lane.items, LongAdder::sum)
                    .tag("kind", kind).description("single-document requests sent inside batches")
                    .register(registry);
            FunctionTimer.builder("ticketflow.elasticsearch.batches", lane, l -> l.batches.sum(), l -> l.nanos.sum(),
                    TimeUnit.NANOSECONDS).tag("kind", kind).description("_bulk/_mget requests and their time")
                    .register(registry);
            Gauge.builder("ticketflow.elasticsearch.batch.waiting", lane.queue, LinkedBlockingQueue::size)
                    .tag("kind", kind).description("requests waiting for the next batch").register(registry);
        }
    }

    @Override
    public JsonpMapper jsonpMapper() {
        return delegate.jsonpMapper();
    }

    @Override
    public TransportOptions options() {
        return delegate.options();
    }

    @Override
    public void close() throws IOException {
        writes.stop();
        reads.stop();
        delegate.close();
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

    /** The action and document lines, serialized here in the caller's thread (spreads the JSON work). */
    private Pending write(String action, String index, String id, Long ifSeqNo, Long ifPrimaryTerm, Object document)
            throws IOException {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("_index", index);
        meta.put("_id", id);
        if (ifSeqNo != null) {
            meta.put("if_seq_no", ifSeqNo);
            meta.put("if_primary_term", ifPrimaryTerm);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        json.writeValue(out, Map.of(action, meta));
        out.write('\n');
        try (JsonGenerator generator = mapper.jsonProvider().createGenerator(out)) {
            mapper.serialize(document, generator);
        }
        out.write('\n');
        return new Pending(false, out.toByteArray());
    }

    private Pending read(String index, String id) throws IOException {
        return new Pending(true, json.writeValueAsBytes(Map.of("_index", index, "_id", id)));
    }

    private static JsonNode await(Pending item) throws IOException {
        try {
            return item.result.get();
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for Elasticsearch");
        }
        catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IOException(e.getCause());
        }
    }

    /** The item as the single request would have answered it: its response, or the error it would have thrown. */
    private <ResponseT> ResponseT decode(JsonNode item, boolean read, JsonEndpoint<?, ResponseT, ?> endpoint)
            throws IOException {
        int status = read ? (item.has("error") ? statusOf(item.get("error")) : 200) : item.path("status").asInt(500);
        if (status >= 300) {
            ObjectNode error = json.createObjectNode();
            error.set("error", item.get("error"));
            error.put("status", status);
            throw new ElasticsearchException(endpoint.id(), parse(error, ErrorResponse._DESERIALIZER));
        }
        return parse(item, endpoint.responseDeserializer());
    }

    private <T> T parse(JsonNode node, co.elastic.clients.json.JsonpDeserializer<T> deserializer) throws IOException {
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

    private void bulk(List<Pending> batch, Lane lane) {
        ByteArrayOutputStream body = new ByteArrayOutputStream(batch.stream().mapToInt(p -> p.bytes.length).sum());
        batch.forEach(p -> body.writeBytes(p.bytes));
        send("/_bulk", body.toByteArray(), NDJSON, batch, lane, response -> {
            List<JsonNode> items = new ArrayList<>();
            response.path("items").forEach(i -> items.add(i.elements().next()));
            return items;
        });
    }

    private void mget(List<Pending> batch, Lane lane) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes("{\"docs\":[".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        for (int i = 0; i < batch.size(); i++) {
            if (i > 0) {
                body.write(',');
            }
            body.writeBytes(batch.get(i).bytes);
        }
        body.writeBytes("]}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        send("/_mget", body.toByteArray(), ContentType.APPLICATION_JSON, batch, lane, response -> {
            List<JsonNode> items = new ArrayList<>();
            response.path("docs").forEach(items::add);
            return items;
        });
    }

    private void send(String path, byte[] body, ContentType type, List<Pending> batch, Lane lane,
            java.util.function.Function<JsonNode, List<JsonNode>> items) {
        Request request = new Request("POST", path);
        long started = System.nanoTime();
        request.setEntity(new ByteArrayEntity(body, type));
        rest.performRequestAsync(request, new ResponseListener() {
            @Override
            public void onSuccess(Response response) {
                try {
                    List<JsonNode> answered = items.apply(json.readTree(response.getEntity().getContent()));
                    if (answered.size() != batch.size()) {
                        throw new IOException(path + " answered " + answered.size() + " items for " + batch.size());
                    }
                    for (int i = 0; i < batch.size(); i++) {
                        batch.get(i).result.complete(answered.get(i));
                    }
                }
                catch (IOException | RuntimeException e) {
                    batch.forEach(p -> p.result.completeExceptionally(e));
                }
                finally {
                    lane.done(batch.size(), System.nanoTime() - started);
                }
            }

            @Override
            public void onFailure(Exception e) {
                batch.forEach(p -> p.result.completeExceptionally(e));
                lane.done(batch.size(), System.nanoTime() - started);
            }
        });
    }

    /** One request waiting for its batch: its lines, and its item of the answer. */
    private static final class Pending {

        final boolean read;
        final byte[] bytes;
        final CompletableFuture<JsonNode> result = new CompletableFuture<>();

        Pending(boolean read, byte[] bytes) {
            this.read = read;
            this.bytes = bytes;
        }
    }

    /** Writes or reads: a queue and one thread that sends what has gathered whenever a batch may go. */
    private static final class Lane implements Runnable {

        final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
        final Semaphore permits;
        final LongAdder batches = new LongAdder();
        final LongAdder items = new LongAdder();
        final LongAdder nanos = new LongAdder();
        private final int maxItems;
        private final int maxBytes;
        private final java.util.function.BiConsumer<List<Pending>, Lane> sender;
        private final Thread thread;

        Lane(String name, int maxItems, int maxBytes, int maxInFlight,
                java.util.function.BiConsumer<List<Pending>, Lane> sender) {
            this.maxItems = maxItems;
            this.maxBytes = maxBytes;
            this.permits = new Semaphore(maxInFlight);
            this.sender = sender;
            this.thread = new Thread(this, name);
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void run() {
            while (!Thread.currentThread().isInterrupted()) {
                List<Pending> batch = new ArrayList<>();
                try {
                    batch.add(queue.take());
                    // while every permit is out, more requests gather in the queue: that is the whole trick
                    permits.acquire();
                }
                catch (InterruptedException e) {
                    batch.forEach(p -> p.result.completeExceptionally(new InterruptedIOException("shutting down")));
                    return;
                }
                int bytes = batch.get(0).bytes.length;
                // only this thread takes from the queue, so what peek() shows is what poll() removes
                for (Pending next = queue.peek(); next != null && batch.size() < maxItems
                        && bytes + next.bytes.length <= maxBytes; next = queue.peek()) {
                    batch.add(queue.poll());
                    bytes += next.bytes.length;
                }
                try {
                    sender.accept(batch, this);
                }
                catch (RuntimeException e) {
                    batch.forEach(p -> p.result.completeExceptionally(e));
                    permits.release();
                }
            }
        }

        void done(int size, long tookNanos) {
            permits.release();
            batches.increment();
            items.add(size);
            nanos.add(tookNanos);
        }

        void stop() {
            thread.interrupt();
            Pending left;
            while ((left = queue.poll()) != null) {
                left.result.completeExceptionally(new InterruptedIOException("the Elasticsearch client is closed"));
            }
        }
    }
}
