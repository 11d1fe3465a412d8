package io.ticketflow.respond.channel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The WhatsApp Cloud API calls Ticketflow makes, with the bearer token: send a message, look up a media id and
 * download it. An error is a {@link Failure} carrying the HTTP status, the Graph error code and any Retry-After.
 */
public final class WhatsAppCloudApi {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String apiUrl;
    private final String phoneNumberId;
    private final String token;
    private final String missingToken;

    public WhatsAppCloudApi(String apiUrl, String phoneNumberId, String token, String missingToken) {
        this.apiUrl = apiUrl;
        this.phoneNumberId = phoneNumberId;
        this.token = token;
        this.missingToken = token == null ? missingToken : null;
    }

    /** A refused or failed call. */
    public static final class Failure extends Exception {

        private final int status;
        private final int code;
        private final Duration retryAfter;

        Failure(String message, int status, int code, Duration retryAfter) {
            super(message);
            this.status = status;
            this.code = code;
            this.retryAfter = retryAfter;
        }

        public int status() {
            return status;
        }

        /** The Graph API's error code (131047: outside the customer service window; 130429/131056/80007: rate). */
        public int code() {
            return code;
        }

        public Duration retryAfter() {
            return retryAfter;
        }
    }

    public String phoneNumberId() {
        return phoneNumberId;
    }

    public JsonNode sendMessage(JsonNode body) throws Failure {
        try {
            return answer(http.send(request(URI.create(apiUrl + "/" + phoneNumberId + "/messages"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))).build(),
                    HttpResponse.BodyHandlers.ofByteArray()));
        }
        catch (IOException e) {
            throw new Failure("WhatsApp Cloud API not reachable: " + e.getMessage(), 0, 0, null);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure("interrupted", 0, 0, null);
        }
    }

    /** The media's download URL and type. */
    public JsonNode media(String mediaId) throws Failure {
        try {
            return answer(http.send(request(URI.create(apiUrl + "/" + mediaId)).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray()));
        }
        catch (IOException e) {
            throw new Failure("media lookup failed: " + e.getMessage(), 0, 0, null);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure("interrupted", 0, 0, null);
        }
    }

    public byte[] download(String url) throws Failure {
        try {
            HttpResponse<byte[]> response = http.send(request(URI.create(url)).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new Failure("media download answered HTTP " + response.statusCode(), response.statusCode(), 0,
                        null);
            }
            return response.body();
        }
        catch (IOException e) {
            throw new Failure("media download failed: " + e.getMessage(), 0, 0, null);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure("interrupted", 0, 0, null);
        }
    }

    private HttpRequest.Builder request(URI uri) throws Failure {
        if (missingToken != null) {
            throw new Failure(missingToken, 0, 0, null);
        }
        return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + token);
    }

    private static JsonNode answer(HttpResponse<byte[]> response) throws Failure {
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        }
        catch (IOException e) {
            body = JSON.createObjectNode();
        }
        if (response.statusCode() / 100 == 2) {
            return body;
        }
        JsonNode error = body.path("error");
        Duration retryAfter = response.headers().firstValue("Retry-After").map(v -> {
            try {
                return Duration.ofSeconds(Long.parseLong(v.strip()));
            }
            catch (NumberFormatException e) {
                return null;
            }
        }).orElse(null);
        throw new Failure("HTTP " + response.statusCode() + ": " + error.path("message").asText("no error message")
                + (error.has("code") ? " (code " + error.get("code").asInt() + ")" : ""), response.statusCode(),
                error.path("code").asInt(0), retryAfter);
    }
}
