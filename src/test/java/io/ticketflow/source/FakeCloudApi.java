package io.ticketflow.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local WhatsApp Cloud API (Graph) for the tests: {@code POST /{phone-number-id}/messages} answers a wamid,
 * {@code GET /{media-id}} the media's URL and {@code GET /media/{id}} its bytes; every call must carry the bearer
 * token. It records what was sent and can answer the next sends with a Graph error.
 */
public final class FakeCloudApi implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final String token;
    private final List<JsonNode> sent = new CopyOnWriteArrayList<>();
    private final Map<String, byte[]> media = new ConcurrentHashMap<>();
    private final Map<String, String> mediaTypes = new ConcurrentHashMap<>();
    private final AtomicInteger sequence = new AtomicInteger();
    private final AtomicInteger failures = new AtomicInteger();
    private volatile int failStatus;
    private volatile int failCode;

    public FakeCloudApi(String token) {
        this.token = token;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v21.0";
    }

    public void addMedia(String id, String type, byte[] bytes) {
        media.put(id, bytes);
        mediaTypes.put(id, type);
    }

    public void failNext(int times, int status, int code) {
        failStatus = status;
        failCode = code;
        failures.set(times);
    }

    public List<JsonNode> sent() {
        return List.copyOf(sent);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (!("Bearer " + token).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                answer(exchange, 401, "{\"error\":{\"message\":\"Invalid OAuth access token\",\"code\":190}}");
                return;
            }
            String path = exchange.getRequestURI().getPath().replaceFirst("^/v21\\.0", "");
            if (path.startsWith("/media/")) {
                byte[] bytes = media.get(path.substring("/media/".length()));
                exchange.sendResponseHeaders(bytes == null ? 404 : 200, bytes == null ? -1 : bytes.length);
                if (bytes != null) {
                    exchange.getResponseBody().write(bytes);
                }
                return;
            }
            if (path.endsWith("/messages") && "POST".equals(exchange.getRequestMethod())) {
                if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    answer(exchange, failStatus, "{\"error\":{\"message\":\"scripted failure\",\"code\":" + failCode + "}}");
                    return;
                }
                sent.add(JSON.readTree(body));
                answer(exchange, 200, "{\"messaging_product\":\"whatsapp\",\"messages\":[{\"id\":\"wamid.OUT"
                        + sequence.incrementAndGet() + "\"}]}");
                return;
            }
            String id = path.substring(1);
            if (media.containsKey(id)) {
                answer(exchange, 200, "{\"url\":\"" + url() + "/media/" + id + "\",\"mime_type\":\"" + mediaTypes.get(id)
                        + "\",\"file_size\":" + media.get(id).length + ",\"id\":\"" + id + "\"}");
                return;
            }
            answer(exchange, 404, "{\"error\":{\"message\":\"Unsupported get request\",\"code\":100}}");
        }
    }

    private static void answer(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
