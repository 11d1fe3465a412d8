package io.ticketflow.respond.channel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;

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

    /** A downloaded media file and the type its server declared (null when none or only octet-stream). */
    public record Media(byte[] bytes, String contentType) {
    }

    /**
     * Downloads one media file of a status, at most {@code maxBytes} (a bigger one fails without being read to the
     * end). The token goes only to the instance itself (same scheme, host and port as {@code api-url}): media on a
     * CDN or on the sender's instance is fetched without it, so the support account's token never reaches a foreign
     * host. Redirects are followed here, at most three, under the same rule. Media is served outside the API's rate
     * limit, so its answers leave the limit state alone.
     */
    public Media download(String url, long maxBytes) throws ChannelApiFailure {
        URI uri;
        try {
            uri = URI.create(url);
        }
        catch (IllegalArgumentException e) {
            throw new ChannelApiFailure("media URL is not valid: " + e.getMessage(), 0, null);
        }
        for (int hop = 0; hop <= 3; hop++) {
            if (uri.getScheme() == null || !uri.getScheme().matches("(?i)https?") || uri.getHost() == null) {
                throw new ChannelApiFailure("media URL is not http(s): " + uri, 0, null);
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).GET();
            if (token != null && sameOrigin(uri, URI.create(apiUrl))) {
                request.header("Authorization", "Bearer " + token);
            }
            HttpResponse<InputStream> response;
            try {
                response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            }
            catch (IOException e) {
                throw new ChannelApiFailure("media host " + uri.getHost() + " not reachable (" + e.getMessage() + ")", 0,
                        null);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ChannelApiFailure("interrupted", 0, null);
            }
            try (InputStream body = response.body()) {
                int status = response.statusCode();
                if (status / 100 == 3 && response.headers().firstValue("Location").isPresent()) {
                    uri = uri.resolve(response.headers().firstValue("Location").get());
                    continue;
                }
                if (status != 200) {
                    throw new ChannelApiFailure("media download answered HTTP " + status, status, null);
                }
                if (response.headers().firstValueAsLong("Content-Length").orElse(0) > maxBytes) {
                    throw new ChannelApiFailure("larger than " + maxBytes + " bytes", 413, null);
                }
                byte[] bytes = body.readNBytes((int) Math.min(maxBytes + 1, Integer.MAX_VALUE - 16));
                if (bytes.length > maxBytes) {
                    throw new ChannelApiFailure("larger than " + maxBytes + " bytes", 413, null);
                }
                String type = response.headers().firstValue("Content-Type").map(t -> t.split(";")[0].strip()
                        .toLowerCase(Locale.ROOT)).filter(t -> !t.isEmpty() && !t.equals("application/octet-stream"))
                        .orElse(null);
                return new Media(bytes, type);
            }
            catch (IOException e) {
                throw new ChannelApiFailure("media download broke off: " + e.getMessage(), 0, null);
            }
        }
        throw new ChannelApiFailure("media download: more than 3 redirects", 0, null);
    }

    /** Same scheme, host and port: the only place the token may go. */
    static boolean sameOrigin(URI a, URI b) {
        return a.getScheme() != null && a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost() != null
                && a.getHost().equalsIgnoreCase(b.getHost()) && port(a) == port(b);
    }

    private static int port(URI uri) {
        return uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
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
