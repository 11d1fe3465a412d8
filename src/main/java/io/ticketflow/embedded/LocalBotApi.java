package io.ticketflow.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A small in-process stand-in for the Telegram Bot API on a free local port, speaking the documented JSON of the
 * methods Ticketflow uses: getMe, getUpdates (offset confirms: updates before it are forgotten, as on Telegram),
 * getFile and the file download, sendMessage. The demo runs a chat against it without network; the tests also make it
 * fail (HTTP errors, 429 with retry_after, down) and read what was sent.
 */
public final class LocalBotApi implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One getUpdates call as it came: the offset asked for and when. */
    public record Poll(Long offset, Instant at) {
    }

    private final HttpServer server;
    private final String token;
    private final List<JsonNode> pending = new ArrayList<>();
    private final List<JsonNode> sent = new CopyOnWriteArrayList<>();
    private final List<Poll> polls = new CopyOnWriteArrayList<>();
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final AtomicLong nextMessageId = new AtomicLong(10_000);
    private final AtomicInteger failures = new AtomicInteger();
    private volatile int failStatus;
    private volatile Integer failRetryAfter;
    private volatile boolean down;
    private volatile boolean redeliverConfirmed;
    private final List<JsonNode> confirmed = new ArrayList<>();

    public LocalBotApi(String token) throws IOException {
        this.token = token;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "local-bot-api");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Queues an update for getUpdates. */
    public synchronized void push(JsonNode update) {
        pending.add(update);
    }

    public void addFile(String filePath, byte[] bytes) {
        files.put(filePath, bytes);
    }

    /** The next {@code times} API calls answer {@code status} (with {@code retry_after} when given). */
    public void failNext(int times, int status, Integer retryAfter) {
        failStatus = status;
        failRetryAfter = retryAfter;
        failures.set(times);
    }

    /** While down, every call answers 502 Bad Gateway (the API unreachable behind its proxy). */
    public void down(boolean down) {
        this.down = down;
    }

    /** Hands out already confirmed updates once more with the next getUpdates (a redelivery). */
    public synchronized void redeliverConfirmedOnce() {
        redeliverConfirmed = true;
    }

    public List<JsonNode> sent() {
        return List.copyOf(sent);
    }

    public List<Poll> polls() {
        return List.copyOf(polls);
    }

    public synchronized int pendingCount() {
        return pending.size();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            byte[] body = readAll(exchange.getRequestBody());
            if (down) {
                answer(exchange, 502, "{\"ok\":false,\"error_code\":502,\"description\":\"Bad Gateway\"}");
                return;
            }
            if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                ObjectNode error = JSON.createObjectNode().put("ok", false).put("error_code", failStatus)
                        .put("description", failStatus == 429 ? "Too Many Requests: retry after " + failRetryAfter
                                : "Error " + failStatus);
                if (failRetryAfter != null) {
                    error.putObject("parameters").put("retry_after", failRetryAfter);
                    exchange.getResponseHeaders().add("Retry-After", String.valueOf(failRetryAfter));
                }
                answer(exchange, failStatus, error.toString());
                return;
            }
            String filePrefix = "/file/bot" + token + "/";
            if (path.startsWith(filePrefix)) {
                byte[] file = files.get(path.substring(filePrefix.length()));
                if (file == null) {
                    answer(exchange, 404, "{\"ok\":false,\"error_code\":404,\"description\":\"Not Found\"}");
                    return;
                }
                exchange.sendResponseHeaders(200, file.length);
                exchange.getResponseBody().write(file);
                return;
            }
            String prefix = "/bot" + token + "/";
            if (!path.startsWith(prefix)) {
                answer(exchange, 401, "{\"ok\":false,\"error_code\":401,\"description\":\"Unauthorized\"}");
                return;
            }
            JsonNode request = body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
            JsonNode result = switch (path.substring(prefix.length())) {
                case "getMe" -> JSON.createObjectNode().put("id", 7_000_000_001L).put("is_bot", true)
                        .put("first_name", "Support").put("username", "ticketflow_support_bot");
                case "getUpdates" -> updates(request);
                case "getFile" -> fileInfo(request.path("file_id").asText());
                case "sendMessage" -> sendMessage(request);
                default -> null;
            };
            if (result == null) {
                answer(exchange, 404, "{\"ok\":false,\"error_code\":404,\"description\":\"Not Found: method not found\"}");
                return;
            }
            if (result.has("error_code")) {
                answer(exchange, result.get("error_code").asInt(), result.toString());
                return;
            }
            ObjectNode ok = JSON.createObjectNode().put("ok", true);
            ok.set("result", result);
            answer(exchange, 200, ok.toString());
        }
    }

    private synchronized JsonNode updates(JsonNode request) {
        Long offset = request.has("offset") ? request.get("offset").asLong() : null;
        polls.add(new Poll(offset, Instant.now()));
        if (offset != null) {
            for (var it = pending.iterator(); it.hasNext();) {
                JsonNode u = it.next();
                if (u.path("update_id").asLong() < offset) {
                    confirmed.add(u);
                    it.remove();
                }
            }
        }
        ArrayNode out = JSON.createArrayNode();
        if (redeliverConfirmed) {
            confirmed.forEach(out::add);
            redeliverConfirmed = false;
        }
        int limit = request.path("limit").asInt(100);
        pending.stream().limit(limit).forEach(out::add);
        return out;
    }

    private JsonNode fileInfo(String fileId) {
        String path = files.keySet().stream().filter(p -> p.contains(fileId)).findFirst().orElse(null);
        if (path == null) {
            return JSON.createObjectNode().put("ok", false).put("error_code", 400)
                    .put("description", "Bad Request: invalid file_id");
        }
        return JSON.createObjectNode().put("file_id", fileId).put("file_size", files.get(path).length)
                .put("file_path", path);
    }

    private JsonNode sendMessage(JsonNode request) {
        if (!request.has("chat_id") || request.path("text").asText("").isEmpty()) {
            return JSON.createObjectNode().put("ok", false).put("error_code", 400)
                    .put("description", "Bad Request: message text is empty");
        }
        sent.add(request);
        ObjectNode message = JSON.createObjectNode().put("message_id", nextMessageId.incrementAndGet())
                .put("date", Instant.now().getEpochSecond()).put("text", request.path("text").asText());
        message.putObject("chat").put("id", request.path("chat_id").asLong());
        return message;
    }

    private static void answer(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static byte[] readAll(InputStream in) throws IOException {
        return in.readAllBytes();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** A text message update, as Telegram sends it for a private chat. */
    public static ObjectNode textUpdate(long updateId, long chatId, long messageId, String firstName, String text) {
        ObjectNode update = JSON.createObjectNode().put("update_id", updateId);
        ObjectNode message = update.putObject("message").put("message_id", messageId)
                .put("date", Instant.now().getEpochSecond()).put("text", text);
        message.putObject("from").put("id", chatId).put("is_bot", false).put("first_name", firstName)
                .put("language_code", "en");
        message.putObject("chat").put("id", chatId).put("first_name", firstName).put("type", "private");
        return update;
    }
}
