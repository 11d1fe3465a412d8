package io.ticketflow.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A local Mastodon instance for the tests: the support account (verify_credentials), its mention notifications
 * ({@code min_id} paging, newest first as Mastodon answers), accounts by id, and status posting with Idempotency-Key.
 * Every answer carries rate-limit headers; the tests can use the limit up until a reset time. Media files are served
 * without a token, as instances do, by the instance itself ({@link #mediaUrl}) and by a second server standing for a
 * CDN or another instance ({@link #foreignMediaUrl}); both record the Authorization header each file was asked with.
 */
public final class FakeMastodon implements AutoCloseable {

    public static final String OWN_ID = "109000000000000001";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final HttpServer foreign;
    private final Map<String, byte[]> media = new ConcurrentHashMap<>();
    private final Map<String, String> mediaTypes = new ConcurrentHashMap<>();
    private final Map<String, List<String>> mediaAuthorizations = new ConcurrentHashMap<>();
    private final String token;
    private final List<ObjectNode> notifications = new CopyOnWriteArrayList<>();
    private final Map<String, ObjectNode> accounts = new ConcurrentHashMap<>();
    private final Map<String, JsonNode> posted = new ConcurrentHashMap<>();
    private final List<Instant> notificationRequests = new CopyOnWriteArrayList<>();
    private final AtomicLong ids = new AtomicLong(110_000_000_000_000_000L);
    private volatile Instant exhaustedUntil;

    public FakeMastodon(String token) {
        this.token = token;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            foreign = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.start();
        foreign.createContext("/", this::serveMedia);
        foreign.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** A file the instance itself serves (no token needed, like an instance's public media); returns its URL. */
    public String mediaUrl(String path, String contentType, byte[] bytes) {
        addMedia(path, contentType, bytes);
        return url() + path;
    }

    /** A file served by another host (a CDN, the sender's instance); returns its URL. */
    public String foreignMediaUrl(String path, String contentType, byte[] bytes) {
        addMedia(path, contentType, bytes);
        return "http://127.0.0.1:" + foreign.getAddress().getPort() + path;
    }

    /** The Authorization header of each request for this media path ("" when there was none). */
    public List<String> mediaAuthorizations(String path) {
        return List.copyOf(mediaAuthorizations.getOrDefault(path, List.of()));
    }

    /** A media attachment as Mastodon lists it on a status. */
    public static ObjectNode attachment(String id, String type, String url, String description) {
        ObjectNode m = JSON.createObjectNode().put("id", id).put("type", type).put("url", url)
                .put("preview_url", url).put("remote_url", (String) null);
        return description == null ? m.putNull("description") : m.put("description", description);
    }

    /** A mention of the support account by this account; returns the status id. */
    public String mention(String accountId, String acct, String displayName, String html, String visibility, boolean bot) {
        return mention(accountId, acct, displayName, html, visibility, bot, List.of());
    }

    /** A mention with media attachments ({@link #attachment}); returns the status id. */
    public String mention(String accountId, String acct, String displayName, String html, String visibility, boolean bot,
            List<ObjectNode> attachments) {
        ObjectNode account = JSON.createObjectNode().put("id", accountId).put("acct", acct).put("username", acct)
                .put("display_name", displayName).put("bot", bot);
        accounts.put(accountId, account);
        String statusId = String.valueOf(ids.incrementAndGet());
        ObjectNode n = JSON.createObjectNode().put("id", String.valueOf(ids.incrementAndGet())).put("type", "mention")
                .put("created_at", Instant.now().toString());
        n.set("account", account);
        ObjectNode status = n.putObject("status").put("id", statusId).put("created_at", Instant.now().toString())
                .put("visibility", visibility).put("content", html);
        status.set("account", account);
        status.putArray("media_attachments").addAll(attachments);
        notifications.add(n);
        return statusId;
    }

    /** The rate limit is used up until the given time: answers say Remaining 0 and Reset then; calls are refused 429. */
    public void exhaustUntil(Instant reset) {
        exhaustedUntil = reset;
    }

    public List<JsonNode> posted() {
        return List.copyOf(posted.values());
    }

    public List<Instant> notificationRequests() {
        return List.copyOf(notificationRequests);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (exchange.getRequestURI().getPath().startsWith("/system/")) {
                serveMedia(exchange);
                return;
            }
            Instant until = exhaustedUntil;
            boolean exhausted = until != null && Instant.now().isBefore(until);
            exchange.getResponseHeaders().set("X-RateLimit-Limit", "300");
            exchange.getResponseHeaders().set("X-RateLimit-Remaining", exhausted ? "0" : "299");
            exchange.getResponseHeaders().set("X-RateLimit-Reset", (exhausted ? until : Instant.now().plusSeconds(300)).toString());
            if (!("Bearer " + token).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                answer(exchange, 401, "{\"error\":\"The access token is invalid\"}");
                return;
            }
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/api/v1/notifications")) {
                notificationRequests.add(Instant.now());
            }
            if (exhausted) {
                answer(exchange, 429, "{\"error\":\"Too many requests\"}");
                return;
            }
            if (path.equals("/api/v1/accounts/verify_credentials")) {
                answer(exchange, 200, "{\"id\":\"" + OWN_ID + "\",\"acct\":\"support\",\"username\":\"support\"}");
            }
            else if (path.equals("/api/v1/notifications")) {
                answer(exchange, 200, notificationsAfter(query(exchange.getRequestURI().getRawQuery())).toString());
            }
            else if (path.startsWith("/api/v1/accounts/")) {
                ObjectNode account = accounts.get(path.substring("/api/v1/accounts/".length()));
                answer(exchange, account == null ? 404 : 200, account == null ? "{\"error\":\"Record not found\"}"
                        : account.toString());
            }
            else if (path.equals("/api/v1/statuses") && "POST".equals(exchange.getRequestMethod())) {
                String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
                JsonNode request = JSON.readTree(body);
                JsonNode status = posted.computeIfAbsent(key == null ? "k" + ids.incrementAndGet() : key, k -> {
                    ObjectNode s = JSON.createObjectNode().put("id", String.valueOf(ids.incrementAndGet()));
                    s.setAll((ObjectNode) request);
                    return s;
                });
                answer(exchange, 200, status.toString());
            }
            else {
                answer(exchange, 404, "{\"error\":\"Not found\"}");
            }
        }
    }

    private void addMedia(String path, String contentType, byte[] bytes) {
        media.put(path, bytes);
        mediaTypes.put(path, contentType);
    }

    private void serveMedia(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            mediaAuthorizations.computeIfAbsent(path, p -> new CopyOnWriteArrayList<>()).add(auth == null ? "" : auth);
            byte[] bytes = media.get(path);
            if (bytes == null) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", mediaTypes.get(path));
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }

    private ArrayNode notificationsAfter(Map<String, String> query) {
        long min = query.containsKey("min_id") ? Long.parseLong(query.get("min_id")) : 0;
        int limit = Integer.parseInt(query.getOrDefault("limit", "40"));
        List<ObjectNode> newer = new ArrayList<>(notifications.stream()
                .filter(n -> n.path("id").asLong() > min).limit(limit).toList());
        java.util.Collections.reverse(newer);
        ArrayNode out = JSON.createArrayNode();
        newer.forEach(out::add);
        return out;
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                String[] kv = pair.split("=", 2);
                out.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                        kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
            }
        }
        return out;
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
        foreign.stop(0);
    }
}
