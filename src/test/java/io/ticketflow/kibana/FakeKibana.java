package io.ticketflow.kibana;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local stand-in for Kibana's {@code POST [/s/<space>]/api/saved_objects/_import}: it refuses requests the way
 * Kibana does (no kbn-xsrf header, not multipart, no {@code file} part, not {@code .ndjson}, unknown space, missing
 * credentials when asked to require them) and answers an accepted upload with Kibana's documented result, including
 * {@code missing_references} errors for references that resolve neither in the upload nor in what it already holds.
 */
public final class FakeKibana implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern IMPORT_PATH = Pattern.compile("(?:/s/([a-z0-9_-]+))?/api/saved_objects/_import");

    /** What arrived, for the test to look at. */
    record Received(String path, String query, String xsrf, String authorization, String fileName, byte[] file) {
    }

    final List<Received> received = new CopyOnWriteArrayList<>();
    final Set<String> spaces = new HashSet<>(Set.of("default", "analytics"));
    volatile String requiredAuthorization;
    /** When set, every request is redirected there, as a proxy in front of Kibana may do (http to https). */
    volatile String redirectTo;
    private final HttpServer server;

    FakeKibana() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getPath();
            String query = exchange.getRequestURI().getQuery();
            if (redirectTo != null) {
                exchange.getResponseHeaders().set("Location", redirectTo + path);
                exchange.sendResponseHeaders(302, -1);
                return;
            }
            Matcher m = IMPORT_PATH.matcher(path);
            if (!m.matches() || !exchange.getRequestMethod().equals("POST")) {
                error(exchange, 404, "Not Found", "Not Found");
                return;
            }
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (requiredAuthorization != null && !requiredAuthorization.equals(authorization)) {
                error(exchange, 401, "Unauthorized", "[security_exception]: missing authentication credentials");
                return;
            }
            String xsrf = exchange.getRequestHeaders().getFirst("kbn-xsrf");
            if (xsrf == null) {
                error(exchange, 400, "Bad Request", "Request must contain a kbn-xsrf header.");
                return;
            }
            String space = m.group(1) == null ? "default" : m.group(1);
            if (!spaces.contains(space)) {
                error(exchange, 404, "Not Found", "Saved object [space/" + space + "] not found");
                return;
            }
            String contentType = String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type"));
            Matcher boundary = Pattern.compile("multipart/form-data;\\s*boundary=(\\S+)").matcher(contentType);
            if (!boundary.find()) {
                error(exchange, 415, "Unsupported Media Type", "Unsupported Media Type");
                return;
            }
            Part file = filePart(body, boundary.group(1));
            if (file == null) {
                error(exchange, 400, "Bad Request", "[request body.file]: expected value of type [Stream] but got [undefined]");
                return;
            }
            received.add(new Received(path, query, xsrf, authorization, file.fileName, file.content));
            if (file.fileName == null || !file.fileName.endsWith(".ndjson")) {
                error(exchange, 400, "Bad Request", "Invalid file extension " + extension(file.fileName));
                return;
            }
            respond(exchange, 200, importResult(file.content));
        }
    }

    /** Kibana's answer for an accepted file: every object imported unless a reference cannot be resolved. */
    private static ObjectNode importResult(byte[] ndjson) throws IOException {
        List<JsonNode> objects = new ArrayList<>();
        for (String line : new String(ndjson, StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                objects.add(JSON.readTree(line));
            }
        }
        Set<String> present = new HashSet<>();
        objects.forEach(o -> present.add(o.path("type").asText() + ":" + o.path("id").asText()));
        ObjectNode result = JSON.createObjectNode();
        ArrayNode successResults = JSON.createArrayNode();
        ArrayNode errors = JSON.createArrayNode();
        for (JsonNode o : objects) {
            ArrayNode missing = JSON.createArrayNode();
            for (JsonNode ref : o.path("references")) {
                if (!present.contains(ref.path("type").asText() + ":" + ref.path("id").asText())) {
                    missing.addObject().put("type", ref.path("type").asText()).put("id", ref.path("id").asText());
                }
            }
            if (missing.isEmpty()) {
                successResults.addObject().put("type", o.path("type").asText()).put("id", o.path("id").asText())
                        .putObject("meta").put("title", o.path("attributes").path("title").asText());
            }
            else {
                ObjectNode error = errors.addObject().put("id", o.path("id").asText())
                        .put("type", o.path("type").asText())
                        .put("title", o.path("attributes").path("title").asText());
                error.putObject("meta").put("title", o.path("attributes").path("title").asText());
                error.putObject("error").put("type", "missing_references").set("references", missing);
            }
        }
        result.put("success", errors.isEmpty());
        result.put("successCount", successResults.size());
        result.set("successResults", successResults);
        if (!errors.isEmpty()) {
            result.set("errors", errors);
        }
        return result;
    }

    private record Part(String fileName, byte[] content) {
    }

    /** The part named {@code file} of a multipart/form-data body, parsed byte-exactly. */
    private static Part filePart(byte[] body, String boundary) {
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.US_ASCII);
        int start = indexOf(body, delimiter, 0);
        while (start >= 0) {
            int headersStart = start + delimiter.length;
            if (headersStart + 2 <= body.length && body[headersStart] == '-' && body[headersStart + 1] == '-') {
                return null; // closing delimiter
            }
            headersStart += 2; // CRLF after the delimiter
            int headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), headersStart);
            int next = indexOf(body, ("\r\n--" + boundary).getBytes(StandardCharsets.US_ASCII), headersEnd);
            if (headersEnd < 0 || next < 0) {
                return null;
            }
            String headers = new String(body, headersStart, headersEnd - headersStart, StandardCharsets.UTF_8);
            Matcher name = Pattern.compile("(?i)content-disposition:\\s*form-data;.*\\bname=\"([^\"]*)\"").matcher(headers);
            if (name.find() && name.group(1).equals("file")) {
                Matcher fileName = Pattern.compile("filename=\"([^\"]*)\"").matcher(headers);
                return new Part(fileName.find() ? fileName.group(1) : null,
                        Arrays.copyOfRange(body, headersEnd + 4, next));
            }
            start = next + 2;
        }
        return null;
    }

    private static int indexOf(byte[] data, byte[] pattern, int from) {
        outer:
        for (int i = Math.max(0, from); i <= data.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static String extension(String fileName) {
        return fileName == null || !fileName.contains(".") ? "" : fileName.substring(fileName.lastIndexOf('.'));
    }

    private static void error(HttpExchange exchange, int status, String error, String message) throws IOException {
        respond(exchange, status, JSON.createObjectNode().put("statusCode", status).put("error", error)
                .put("message", message));
    }

    private static void respond(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
