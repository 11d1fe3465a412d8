package io.ticketflow.config.oauth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Access tokens of the OAuth2 mail accounts: fetched from the token endpoint (client credentials or refresh token),
 * kept until shortly before they expire and renewed then, by a background check every few seconds as well as on use,
 * so a connect never waits for an expired token. The state of each account (expiry, last refresh, last error) is what
 * the health endpoint shows.
 */
public class MailTokens {

    private static final Logger log = LoggerFactory.getLogger(MailTokens.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, MailOAuth2Properties.Account> accounts;
    private final Function<String, String> environment;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final Map<String, State> states = new ConcurrentHashMap<>();
    private final ScheduledExecutorService refresher;

    /** The account's token as last fetched, and what went wrong last. */
    public record State(String accessToken, Instant expiresAt, Instant lastRefresh, String lastError, Instant lastErrorAt) {
        static final State NONE = new State(null, null, null, null, null);
    }

    public MailTokens(MailOAuth2Properties properties, Function<String, String> environment, Clock clock,
            Duration checkEvery) {
        this.accounts = properties.accounts();
        this.environment = environment;
        this.clock = clock;
        // a wrong preset fails the start with the setting's name, not the first connect
        accounts.forEach((name, account) -> {
            OAuth2Provider provider = OAuth2Provider.of(account.provider());
            provider.tokenUri(name, account);
            provider.scope(name, account);
            if (account.clientId() == null || account.clientId().isBlank()) {
                throw new IllegalArgumentException("ticketflow.mail-oauth2.accounts." + name + ": client-id is required");
            }
        });
        refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mail-oauth2-refresh");
            t.setDaemon(true);
            return t;
        });
        if (!accounts.isEmpty()) {
            refresher.scheduleWithFixedDelay(this::refreshDue, 0, checkEvery.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    public boolean has(String account) {
        return accounts.containsKey(account);
    }

    public Set<String> accounts() {
        return accounts.keySet();
    }

    public State state(String account) {
        return states.getOrDefault(account, State.NONE);
    }

    /** A token valid for a while yet: the cached one, or a new one fetched now (throws with the endpoint's error). */
    public String token(String account) {
        State state = state(account);
        if (!due(account, state)) {
            return state.accessToken();
        }
        synchronized (this) {
            state = state(account);
            return due(account, state) ? refresh(account).accessToken() : state.accessToken();
        }
    }

    private boolean due(String account, State state) {
        if (state.accessToken() == null || state.expiresAt() == null) {
            return true;
        }
        Duration lifetime = Duration.between(state.lastRefresh(), state.expiresAt());
        Duration before = accounts.get(account).refreshBefore();
        if (before.compareTo(lifetime.dividedBy(2)) > 0) {
            before = lifetime.dividedBy(2);
        }
        return !clock.instant().isBefore(state.expiresAt().minus(before));
    }

    private void refreshDue() {
        for (String account : accounts.keySet()) {
            try {
                token(account);
            }
            catch (RuntimeException e) {
                // recorded in the state; health shows it
            }
        }
    }

    private State refresh(String account) {
        MailOAuth2Properties.Account a = accounts.get(account);
        OAuth2Provider provider = OAuth2Provider.of(a.provider());
        State before = state(account);
        try {
            Map<String, String> form = new LinkedHashMap<>();
            form.put("client_id", a.clientId());
            String secret = secret(a.clientSecretEnv(), a.clientSecretFile());
            if (secret != null) {
                form.put("client_secret", secret);
            }
            if (a.usesRefreshToken()) {
                form.put("grant_type", "refresh_token");
                form.put("refresh_token", secret(a.refreshTokenEnv(), a.refreshTokenFile()));
            }
            else {
                form.put("grant_type", "client_credentials");
            }
            form.put("scope", provider.scope(account, a));
            String body = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                    + URLEncoder.encode(e.getValue() == null ? "" : e.getValue(), StandardCharsets.UTF_8))
                    .collect(Collectors.joining("&"));
            HttpRequest request = HttpRequest.newBuilder(URI.create(provider.tokenUri(account, a)))
                    .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Accept", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode json = JSON.readTree(response.body().isBlank() ? "{}" : response.body());
            if (response.statusCode() != 200 || !json.hasNonNull("access_token")) {
                // the endpoint's error code and description, never the request (it holds the secrets)
                throw new IllegalStateException("token endpoint answered " + response.statusCode() + ": "
                        + json.path("error").asText("no access_token") + " " + json.path("error_description").asText(""));
            }
            Instant now = clock.instant();
            long expiresIn = json.path("expires_in").asLong(3600);
            State next = new State(json.get("access_token").asText(), now.plusSeconds(expiresIn), now,
                    before.lastError(), before.lastErrorAt());
            states.put(account, next);
            log.info("Mail OAuth2 {}: new access token, valid until {}", account, next.expiresAt());
            return next;
        }
        catch (IOException | RuntimeException e) {
            String error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
            states.put(account, new State(before.accessToken(), before.expiresAt(), before.lastRefresh(), error,
                    clock.instant()));
            log.warn("Mail OAuth2 {}: token refresh failed: {}", account, error);
            throw new IllegalStateException("mail OAuth2 account " + account + ": " + error, e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("mail OAuth2 account " + account + ": interrupted", e);
        }
    }

    private String secret(String env, String file) {
        if (env != null) {
            String value = environment.apply(env);
            if (value == null) {
                throw new IllegalStateException("environment variable " + env + " is not set");
            }
            return value;
        }
        if (file != null) {
            try {
                return Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
            }
            catch (IOException e) {
                throw new IllegalStateException("secret file " + file + " cannot be read (" + e.getClass().getSimpleName() + ")");
            }
        }
        return null;
    }

    @PreDestroy
    public void stop() {
        refresher.shutdownNow();
    }
}
