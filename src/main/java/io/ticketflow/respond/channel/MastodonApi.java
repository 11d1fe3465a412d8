package io.ticketflow.respond.channel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * The Mastodon REST calls Ticketflow makes with the support account's token. It reads the instance's rate-limit
 * headers on every answer: when {@code X-RateLimit-Remaining} reaches zero, or the instance answers 429, every call
 * waits (fails at once with the time to wait) until {@code X-RateLimit-Reset}, instead of hammering the instance.
 */
public final class MastodonApi {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String apiUrl;
    private final String token;
    private final String missingToken;
    private final Clock clock;
    private volatile Instant limitedUntil;

    public MastodonApi(String apiUrl, String token, String missingToken, Clock clock) {
        this.apiUrl = apiUrl;
        this.token = token;
        this.missingToken = token == null ? missingToken : null;
        this.clock = clock;
    }

    public String problem() {
        return missingToken;
    }

    public JsonNode get(String path) throws ChannelApiFailure {
        return call(HttpRequest.newBuilder(URI.create(apiUrl + path)).GET(), path);
    }

    /** POST with a JSON body; the idempotency key makes a retried post (crash after sending) one status. */
    public JsonNode post(String path, JsonNode body, String idempotencyKey) throws ChannelApiFailure {
        try {
            return call(HttpRequest.newBuilder(URI.create(apiUrl + path)).header("Content-Type", "application/json")
                    .header("Idempotency-Key", idempotencyKey)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))), path);
        }
        catch (IOException e) {
            throw new ChannelApiFailure(path + ": " + e.getMessage(), 0, null);
        }
    }

    private JsonNode call(HttpRequest.Builder builder, String path) throws ChannelApiFailure {
        if (missingToken != null) {
            throw new ChannelApiFailure(missingToken, 0, null);
        }
        Instant until = limitedUntil;
        if (until != null && clock.instant().isBefore(until)) {
            throw new ChannelApiFailure("rate limited by the instance until " + until, 429, Duration.between(clock.instant(), until));
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(builder.timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + token)
                    .build(), HttpResponse.BodyHandlers.ofByteArray());
        }
        catch (IOException e) {
            throw new ChannelApiFailure(path + ": instance not reachable (" + e.getMessage() + ")", 0, null);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChannelApiFailure("interrupted", 0, null);
        }
        Instant reset = resetOf(response);
        boolean exhausted = response.headers().firstValue("X-RateLimit-Remaining").map(String::strip)
                .map(v -> v.equals("0")).orElse(false);
        if (response.statusCode() == 429 || exhausted) {
            limitedUntil = reset != null ? reset : clock.instant().plusSeconds(60);
        }
        if (response.statusCode() == 429) {
            throw new ChannelApiFailure(path + ": rate limited (HTTP 429) until " + limitedUntil, 429,
                    Duration.between(clock.instant(), limitedUntil));
        }
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        }
        catch (IOException e) {
            body = JSON.createObjectNode();
        }
        if (response.statusCode() / 100 != 2) {
            throw new ChannelApiFailure(path + ": HTTP " + response.statusCode() + " " + body.path("error").asText(""),
                    response.statusCode(), null);
        }
        return body;
    }

    private static Instant resetOf(HttpResponse<?> response) {
        return response.headers().firstValue("X-RateLimit-Reset").map(v -> {
            try {
                return OffsetDateTime.parse(v.strip()).toInstant();
            }
            catch (DateTimeParseException e) {
                return null;
            }
        }).orElse(null);
    }
}
