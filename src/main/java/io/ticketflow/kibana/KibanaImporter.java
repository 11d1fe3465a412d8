package io.ticketflow.kibana;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Sends saved objects to Kibana's import API ({@code POST [/s/<space>]/api/saved_objects/_import?overwrite=true}) as
 * a multipart upload, the way the Saved Objects UI does, and reads Kibana's answer.
 */
public class KibanaImporter {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final Duration timeout;

    public KibanaImporter(Duration connectTimeout, Duration timeout) {
        this.http = HttpClient.newBuilder().connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.timeout = timeout;
    }

    /** Credentials for a Kibana with security on: an API key, or user and password (basic). */
    public record Credentials(String authorizationHeader) {
        public static Credentials apiKey(String key) {
            return new Credentials("ApiKey " + key);
        }

        public static Credentials basic(String user, String password) {
            return new Credentials("Basic " + java.util.Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
    }

    /** One object Kibana did not import, with Kibana's reason (conflict, missing_references, unsupported_type ...). */
    public record ImportError(String type, String id, String title, String reason, String detail) {
    }

    /** Kibana's answer: {@code success}, {@code successCount} and the per-object errors. */
    public record ImportResult(boolean success, int successCount, List<ImportError> errors) {
    }

    /** Kibana answered, but not with an import result (bad request, no permission, unknown space ...). */
    public static class KibanaRefusedException extends IOException {
        private final int status;

        public KibanaRefusedException(int status, String message) {
            super(message);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    /** Kibana could not be reached at all: nothing was imported. */
    public static class KibanaUnreachableException extends IOException {
        public KibanaUnreachableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public static URI importUri(URI kibana, String space) {
        String base = kibana.toString().replaceAll("/+$", "");
        String spacePath = space == null || space.isBlank() || space.equals("default") ? "" : "/s/" + space;
        return URI.create(base + spacePath + "/api/saved_objects/_import?overwrite=true");
    }

    public ImportResult importObjects(URI kibana, String space, SavedObjectsFile file, Optional<Credentials> credentials)
            throws IOException, InterruptedException {
        String boundary = "ticketflow-" + UUID.randomUUID();
        URI uri = importUri(kibana, space);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("kbn-xsrf", "true")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(multipart(boundary, file.bytes())));
        credentials.ifPresent(c -> request.header("Authorization", c.authorizationHeader()));
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        }
        catch (ConnectException | HttpConnectTimeoutException e) {
            throw new KibanaUnreachableException("Kibana is not reachable at " + kibana + " (" + describe(e)
                    + "); is it running? Pass its address with --url", e);
        }
        catch (HttpTimeoutException e) {
            throw new KibanaUnreachableException("Kibana at " + kibana + " did not answer within " + timeout.toSeconds()
                    + " s", e);
        }
        catch (IOException e) {
            throw new KibanaUnreachableException("Kibana at " + kibana + " could not be reached: " + describe(e), e);
        }
        if (response.statusCode() / 100 == 3) {
            throw new KibanaRefusedException(response.statusCode(), "Kibana answered HTTP " + response.statusCode()
                    + ", a redirect to " + response.headers().firstValue("Location").orElse("another address")
                    + "; pass the address Kibana is served at with --url (https, base path)");
        }
        return readAnswer(uri, space, response.statusCode(), response.body());
    }

    /** The multipart body Kibana expects: one part named {@code file} whose file name ends in {@code .ndjson}. */
    public static byte[] multipart(String boundary, byte[] ndjson) {
        ByteArrayOutputStream body = new ByteArrayOutputStream(ndjson.length + 256);
        body.writeBytes(("--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"file\"; filename=\"ticketflow.ndjson\"\r\n"
                + "Content-Type: application/ndjson\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        body.writeBytes(ndjson);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return body.toByteArray();
    }

    private static ImportResult readAnswer(URI uri, String space, int status, String body) throws IOException {
        JsonNode json = parseOrNull(body);
        if (status != 200) {
            String message = json != null && json.hasNonNull("message") ? json.get("message").asText()
                    : abbreviate(body);
            String hint = switch (status) {
                case 401 -> " (set TICKETFLOW_KIBANA_API_KEY, or TICKETFLOW_KIBANA_USER and TICKETFLOW_KIBANA_PASSWORD)";
                case 403 -> " (the user needs the Saved Objects Management privilege in this space)";
                case 404 -> space == null || space.isBlank() ? " (is this Kibana? " + uri + " does not exist)"
                        : " (does the space '" + space + "' exist?)";
                default -> "";
            };
            throw new KibanaRefusedException(status, "Kibana answered HTTP " + status + ": " + message + hint);
        }
        if (json == null || !json.has("success")) {
            throw new KibanaRefusedException(status,
                    "Kibana answered HTTP 200 but not with an import result: " + abbreviate(body));
        }
        List<ImportError> errors = new ArrayList<>();
        for (JsonNode e : json.path("errors")) {
            JsonNode error = e.path("error");
            StringBuilder detail = new StringBuilder();
            for (JsonNode ref : error.path("references")) {
                detail.append(detail.isEmpty() ? "missing " : ", ").append(ref.path("type").asText()).append(' ')
                        .append(ref.path("id").asText());
            }
            if (error.hasNonNull("message")) {
                detail.append(detail.isEmpty() ? "" : "; ").append(error.get("message").asText());
            }
            errors.add(new ImportError(e.path("type").asText(), e.path("id").asText(), e.path("title").asText(""),
                    error.path("type").asText("unknown"), detail.toString()));
        }
        return new ImportResult(json.path("success").asBoolean(false), json.path("successCount").asInt(0),
                List.copyOf(errors));
    }

    private static JsonNode parseOrNull(String body) {
        try {
            return body == null || body.isBlank() ? null : JSON.readTree(body);
        }
        catch (IOException e) {
            return null;
        }
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        if (message == null && e.getCause() != null) {
            message = e.getCause().toString();
        }
        return message == null ? e.getClass().getSimpleName() : message;
    }

    private static String abbreviate(String body) {
        String oneLine = body == null ? "" : body.replaceAll("\\s+", " ").trim();
        return oneLine.length() > 300 ? oneLine.substring(0, 300) + " ..." : oneLine;
    }
}
