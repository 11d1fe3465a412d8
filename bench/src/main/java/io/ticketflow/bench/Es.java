package io.ticketflow.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The Elasticsearch REST calls the benchmark makes, over plain HTTP and JSON: it depends on the public REST API and the
 * index aliases only, never on Ticketflow's store classes, so it keeps measuring whatever the store becomes.
 */
final class Es {

    static final ObjectMapper JSON = new ObjectMapper();

    private final String url;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    Es(String url) {
        this.url = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    String url() {
        return url;
    }

    JsonNode get(String path) {
        return send("GET", path, null, "application/json");
    }

    JsonNode post(String path, Object body) {
        return send("POST", path, body, "application/json");
    }

    JsonNode put(String path, Object body) {
        return send("PUT", path, body, "application/json");
    }

    JsonNode delete(String path) {
        return send("DELETE", path, null, "application/json");
    }

    /** NDJSON bulk body; throws if any item failed. */
    JsonNode bulk(String ndjson) {
        JsonNode answer = send("POST", "/_bulk", ndjson, "application/x-ndjson");
        if (answer.path("errors").asBoolean()) {
            for (JsonNode item : answer.path("items")) {
                JsonNode error = item.elements().next().path("error");
                if (!error.isMissingNode()) {
                    throw new IllegalStateException("bulk item failed: " + error);
                }
            }
        }
        return answer;
    }

    boolean exists(String path) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + path))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200;
        }
        catch (IOException e) {
            return false;
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    long count(String index) {
        return post("/" + index + "/_count", null).path("count").asLong();
    }

    /** Every document of an index (scroll), given to the consumer as the search hit. */
    void scan(String index, ObjectNode query, Consumer<JsonNode> hit) {
        ObjectNode body = query == null ? JSON.createObjectNode() : query.deepCopy();
        body.put("size", 1000);
        body.putArray("sort").add("_doc");
        JsonNode page = post("/" + index + "/_search?scroll=2m", body);
        List<String> scrolls = new ArrayList<>();
        while (true) {
            String scrollId = page.path("_scroll_id").asText();
            scrolls.add(scrollId);
            JsonNode hits = page.path("hits").path("hits");
            if (hits.isEmpty()) {
                break;
            }
            hits.forEach(hit);
            ObjectNode next = JSON.createObjectNode().put("scroll", "2m").put("scroll_id", scrollId);
            page = post("/_search/scroll", next);
        }
        ObjectNode clear = JSON.createObjectNode();
        clear.putArray("scroll_id").add(scrolls.get(scrolls.size() - 1));
        send("DELETE", "/_search/scroll", clear, "application/json");
    }

    private JsonNode send(String method, String path, Object body, String contentType) {
        try {
            String text = body == null ? "" : body instanceof String s ? s : JSON.writeValueAsString(body);
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofMinutes(2))
                    .header("Content-Type", contentType)
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(text));
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300 && !(method.equals("DELETE") && response.statusCode() == 404)) {
                throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": "
                        + abbreviate(response.body()));
            }
            return response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
        }
        catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " failed: " + e.getMessage(), e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 500 ? s.substring(0, 500) + "..." : s;
    }
}
