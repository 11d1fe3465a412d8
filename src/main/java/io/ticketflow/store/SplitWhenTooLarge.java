package io.ticketflow.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A coalesced {@code _bulk} that Elasticsearch answers with 413 (the body is over its {@code http.max_content_length},
 * 100 MB by default, often 10 MB on hosted clusters) is sent again as two halves, each split again while it is too
 * large; an item still too large alone is answered as Elasticsearch would refuse a document: status 413 with the
 * index, so its caller gets a {@link DocumentRejectedException} (quarantined, never retried) and the other items of
 * the batch are written. Without it the whole batch failed as an outage and the same batch was offered again forever.
 */
final class SplitWhenTooLarge implements MicroBatcher.Sender<BulkWireFormat.Item, JsonNode> {

    static final String TOO_LARGE = "request_entity_too_large";

    private final MicroBatcher.Sender<BulkWireFormat.Item, JsonNode> sender;
    private final ObjectMapper json;

    SplitWhenTooLarge(MicroBatcher.Sender<BulkWireFormat.Item, JsonNode> sender, ObjectMapper json) {
        this.sender = sender;
        this.json = json;
    }

    @Override
    public CompletionStage<List<JsonNode>> send(List<BulkWireFormat.Item> batch) {
        CompletableFuture<List<JsonNode>> answered = new CompletableFuture<>();
        sender.send(batch).whenComplete((answers, failure) -> {
            if (failure == null) {
                answered.complete(answers);
            }
            else if (!StoreErrors.isTooLarge(failure)) {
                answered.completeExceptionally(failure);
            }
            else if (batch.size() == 1) {
                answered.complete(List.of(refused(batch.get(0))));
            }
            else {
                int half = batch.size() / 2;
                send(batch.subList(0, half)).thenCombine(send(batch.subList(half, batch.size())), (a, b) -> {
                    List<JsonNode> both = new ArrayList<>(a);
                    both.addAll(b);
                    return both;
                }).whenComplete((both, error) -> {
                    if (error == null) {
                        answered.complete(both);
                    }
                    else {
                        answered.completeExceptionally(error);
                    }
                });
            }
        });
        return answered;
    }

    /** The bulk item answer for a document too large on its own, naming its index as Elasticsearch's would. */
    private JsonNode refused(BulkWireFormat.Item item) {
        ObjectNode result = json.createObjectNode();
        String index = indexOf(item);
        if (index != null) {
            result.put("_index", index);
        }
        result.put("status", 413);
        result.putObject("error").put("type", TOO_LARGE).put("reason", "the document (" + item.size()
                + " bytes as sent) is larger than Elasticsearch accepts in one request (http.max_content_length)");
        return result;
    }

    private String indexOf(BulkWireFormat.Item item) {
        int end = 0;
        while (end < item.bytes().length && item.bytes()[end] != '\n') {
            end++;
        }
        try {
            // the action line: {"create":{"_index":...,"_id":...}}
            JsonNode action = json.readTree(item.bytes(), 0, end);
            JsonNode index = action.elements().hasNext() ? action.elements().next().get("_index") : null;
            return index == null ? null : index.asText();
        }
        catch (IOException e) {
            return null;
        }
    }
}
