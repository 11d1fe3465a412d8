package io.ticketflow.store;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.ErrorCause;
import co.elastic.clients.elasticsearch._types.ErrorResponse;
import co.elastic.clients.json.JsonData;
import co.elastic.clients.json.JsonpMapper;
import co.elastic.clients.transport.ElasticsearchTransport;
import co.elastic.clients.transport.Endpoint;
import co.elastic.clients.transport.JsonEndpoint;
import co.elastic.clients.transport.TransportOptions;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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
 * This class only wires the parts into the client: {@link BulkWireFormat} turns requests into items and answers back,
 * two {@link MicroBatcher}s (writes, reads) gather the items. Requests with any other option and every other API go
 * straight to the delegate.
 */
final class CoalescingTransport implements ElasticsearchTransport {

    private static final ContentType NDJSON = ContentType.create("application/x-ndjson");

    private final ElasticsearchTransport delegate;
    private final RestClient rest;
    private final BulkWireFormat format;
    private final MicroBatcher<BulkWireFormat.Item, JsonNode> writes;
    private final MicroBatcher<BulkWireFormat.Item, JsonNode> reads;

    CoalescingTransport(ElasticsearchTransport delegate, RestClient rest, ObjectMapper json,
            ElasticsearchProperties.Batching batching) {
        this.delegate = delegate;
        this.rest = rest;
        this.format = new BulkWireFormat(delegate.jsonpMapper(), json);
        this.writes = lane("es-bulk-writes", batching, new SplitWhenTooLarge(batch -> send("/_bulk",
                BulkWireFormat.bulkBody(batch), NDJSON, format::bulkResults), json));
        this.reads = lane("es-bulk-reads", batching, batch -> send("/_mget", BulkWireFormat.mgetBody(batch),
                ContentType.APPLICATION_JSON, format::mgetResults));
    }

    private static MicroBatcher<BulkWireFormat.Item, JsonNode> lane(String name,
            ElasticsearchProperties.Batching batching, MicroBatcher.Sender<BulkWireFormat.Item, JsonNode> sender) {
        return new MicroBatcher<>(name, batching.maxItems(), batching.maxBytes(), batching.maxInFlight(),
                batching.linger(), batching.companyWait(), batching.stepWait(), batching.stepHold(),
                BulkWireFormat.Item::size, sender)
                .describedBy(BulkWireFormat::describe);
    }

    @Override
    public <RequestT, ResponseT, ErrorT> ResponseT performRequest(RequestT request,
            Endpoint<RequestT, ResponseT, ErrorT> endpoint, TransportOptions options) throws IOException {
        if (!(endpoint instanceof JsonEndpoint<RequestT, ResponseT, ErrorT> jsonEndpoint)
                || options != null && options != delegate.options()) {
            return direct(request, endpoint, options);
        }
        BulkWireFormat.Item item = format.itemOf(request);
        if (item == null) {
            return direct(request, endpoint, options);
        }
        JsonNode result = MicroBatcher.await((item.read() ? reads : writes).submit(item, RequestWindow.current()));
        return format.decode(result, item.read(), jsonEndpoint);
    }

    /** A request of its own; its error names the index like a batch item's does, so a refused document says where. */
    private <RequestT, ResponseT, ErrorT> ResponseT direct(RequestT request,
            Endpoint<RequestT, ResponseT, ErrorT> endpoint, TransportOptions options) throws IOException {
        // a member of a window waiting for its own request does not hold the window's batches
        RequestWindow window = RequestWindow.current();
        if (window != null) {
            window.waiting();
        }
        try {
            return delegate.performRequest(request, endpoint, options);
        }
        catch (ElasticsearchException e) {
            String index = BulkWireFormat.indexOf(request);
            if (index == null || e.error() == null || e.error().metadata().containsKey("index")) {
                throw e;
            }
            ErrorCause named = e.error().rebuild().metadata("index", JsonData.of(index)).build();
            ElasticsearchException withIndex = new ElasticsearchException(e.endpointId(),
                    ErrorResponse.of(r -> r.status(e.status()).error(named)), e.httpResponse());
            withIndex.addSuppressed(e);
            throw withIndex;
        }
        finally {
            if (window != null) {
                window.answered();
            }
        }
    }

    @Override
    public <RequestT, ResponseT, ErrorT> CompletableFuture<ResponseT> performRequestAsync(RequestT request,
            Endpoint<RequestT, ResponseT, ErrorT> endpoint, TransportOptions options) {
        return delegate.performRequestAsync(request, endpoint, options);
    }

    /** Metrics of both lanes: batches sent, requests carried, time on the way (for /actuator/metrics). */
    void bindTo(MeterRegistry registry) {
        for (var lane : Map.of("writes", writes, "reads", reads).entrySet()) {
            MicroBatcher<BulkWireFormat.Item, JsonNode> batcher = lane.getValue();
            FunctionCounter.builder("ticketflow.elasticsearch.batch.requests", batcher, MicroBatcher::items)
                    .tag("kind", lane.getKey()).description("single-document requests sent inside batches")
                    .register(registry);
            FunctionTimer.builder("ticketflow.elasticsearch.batches", batcher, MicroBatcher::batches,
                    MicroBatcher::nanos, TimeUnit.NANOSECONDS).tag("kind", lane.getKey())
                    .description("_bulk/_mget requests and their time").register(registry);
            Gauge.builder("ticketflow.elasticsearch.batch.waiting", batcher, MicroBatcher::waiting)
                    .tag("kind", lane.getKey()).description("requests waiting for the next batch").register(registry);
            FunctionCounter.builder("ticketflow.elasticsearch.batch.step.holds", batcher, MicroBatcher::stepHolds)
                    .tag("kind", lane.getKey()).description("batches held for the other requests of a step")
                    .register(registry);
            FunctionCounter.builder("ticketflow.elasticsearch.batch.step.cut", batcher, MicroBatcher::stepHoldsCut)
                    .tag("kind", lane.getKey()).description("held batches sent before the whole step had sent (step-wait)")
                    .register(registry);
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
        writes.close();
        reads.close();
        delegate.close();
    }

    /** One batch as one POST; the answer split into the per-request results. */
    private CompletableFuture<List<JsonNode>> send(String path, byte[] body, ContentType type, Results results) {
        Request request = new Request("POST", path);
        request.setEntity(new ByteArrayEntity(body, type));
        CompletableFuture<List<JsonNode>> answered = new CompletableFuture<>();
        rest.performRequestAsync(request, new ResponseListener() {
            @Override
            public void onSuccess(Response response) {
                try (InputStream in = response.getEntity().getContent()) {
                    answered.complete(results.of(in));
                }
                catch (IOException | RuntimeException e) {
                    answered.completeExceptionally(e);
                }
            }

            @Override
            public void onFailure(Exception e) {
                answered.completeExceptionally(e);
            }
        });
        return answered;
    }

    @FunctionalInterface
    private interface Results {
        List<JsonNode> of(InputStream answer) throws IOException;
    }
}
