package io.ticketflow.respond.channel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * The few Bot API methods Ticketflow uses (getMe, getUpdates, getFile and the file download, sendMessage), over the
 * JDK HTTP client. A refusal of the API ({@code "ok": false}) or an HTTP failure is a {@link ChannelApiFailure} with the API's
 * description and, for 429, its {@code retry_after}. The token is part of every URL, so no URL is ever logged or put
 * into an error message.
 */
public final class TelegramBotApi {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final String apiUrl;
    private final String token;
    private final String missingToken;

    /** @param missingToken why there is no token (null when there is one): every call then fails with it */
    public TelegramBotApi(String apiUrl, String token, String missingToken) {
        this.apiUrl = apiUrl;
        this.token = token;
        this.missingToken = token == null ? missingToken : null;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    public JsonNode getMe() throws ChannelApiFailure {
        return call("getMe", Map.of(), Duration.ofSeconds(15));
    }

    /** Updates from {@code offset} on; calling with an offset confirms (forgets) every update before it. */
    public JsonNode getUpdates(Long offset, int limit, Duration longPoll) throws ChannelApiFailure {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        if (offset != null) {
            body.put("offset", offset);
        }
        body.put("limit", limit);
        body.put("timeout", longPoll.toSeconds());
        body.put("allowed_updates", java.util.List.of("message", "edited_message"));
        return call("getUpdates", body, longPoll.plusSeconds(15));
    }

    public JsonNode getFile(String fileId) throws ChannelApiFailure {
        return call("getFile", Map.of("file_id", fileId), Duration.ofSeconds(30));
    }

    public byte[] download(String filePath) throws ChannelApiFailure {
        requireToken();
        HttpRequest request = HttpRequest.newBuilder(URI.create(apiUrl + "/file/bot" + token + "/" + encodePath(filePath)))
                .timeout(Duration.ofSeconds(60)).GET().build();
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new ChannelApiFailure("file download answered HTTP " + response.statusCode(), response.statusCode(),
                        retryAfter(response, null));
            }
            return response.body();
        }
        catch (IOException e) {
            throw new ChannelApiFailure("file download failed: " + e.getMessage(), 0, null);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChannelApiFailure("interrupted", 0, null);
        }
    }

    public JsonNode sendMessage(Map<String, Object> body) throws ChannelApiFailure {
        return call("sendMessage", body, Duration.ofSeconds(30));
    }

    /** Why this API cannot be used (no token), or null. */
    public String problem() {
        return missingToken;
    }

    private void requireToken() throws ChannelApiFailure {
        if (missingToken != null) {
            throw new ChannelApiFailure(missingToken, 0, null);
        }
    }

    private JsonNode call(String method, Map<String, Object> body, Duration timeout) throws ChannelApiFailure {
        requireToken();
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create(apiUrl + "/bot" + token + "/" + method)).timeout(timeout)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))).build();
        }
        catch (IOException e) {
            throw new ChannelApiFailure(method + ": " + e.getMessage(), 0, null);
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        }
        catch (IOException e) {
            throw new ChannelApiFailure(method + ": Bot API not reachable (" + e.getClass().getSimpleName() + ": " + e.getMessage()
                    + ")", 0, null);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChannelApiFailure(method + ": interrupted", 0, null);
        }
        JsonNode answer;
        try {
            answer = JSON.readTree(response.body());
        }
        catch (IOException e) {
            answer = null;
        }
        if (response.statusCode() == 200 && answer != null && answer.path("ok").asBoolean(false)) {
            return answer.path("result");
        }
        String description = answer == null ? "HTTP " + response.statusCode()
                : answer.path("description").asText("HTTP " + response.statusCode());
        throw new ChannelApiFailure(method + ": " + description, response.statusCode(), retryAfter(response, answer));
    }

    private static Duration retryAfter(HttpResponse<?> response, JsonNode answer) {
        if (answer != null && answer.path("parameters").has("retry_after")) {
            return Duration.ofSeconds(answer.path("parameters").path("retry_after").asLong());
        }
        return response.headers().firstValue("Retry-After").map(v -> {
            try {
                return Duration.ofSeconds(Long.parseLong(v.strip()));
            }
            catch (NumberFormatException e) {
                return null;
            }
        }).orElse(null);
    }

    private static String encodePath(String path) {
        StringBuilder out = new StringBuilder();
        for (String segment : path.split("/")) {
            if (out.length() > 0) {
                out.append('/');
            }
            out.append(URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return out.toString();
    }
}
