package io.ticketflow.security;

import io.ticketflow.store.AuditEntry;
import io.ticketflow.store.AuditLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API tokens the service accepts: the entries of the tokens file, re-read whenever its content changes (no
 * restart), plus the local admin token of this run when {@code local-admin-token} is on. A file that cannot be read
 * keeps the last good entries and logs why. Creations and revocations found in the file go to the audit log once
 * (deterministic ids), whichever instance sees them first.
 */
public class ApiTokens implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ApiTokens.class);
    static final String LOCAL_ADMIN = "local-admin";

    private final TokenFile file;
    private final AuditLog audit;
    private final TokenSecrets.Issued local;
    private final ScheduledExecutorService checker;
    private volatile Map<String, ApiToken> byId = Map.of();
    private byte[] lastDigest;

    ApiTokens(ApiSecurityProperties properties, AuditLog audit) {
        this.file = new TokenFile(Path.of(properties.tokensFile()));
        this.audit = audit;
        this.local = properties.localAdminToken()
                ? TokenSecrets.issue(LOCAL_ADMIN, Role.ADMIN, "ticketflow run", Instant.now(), null) : null;
        reload();
        if (local != null) {
            audit.record("token.created." + local.entry().id(), AuditEntry.of(LOCAL_ADMIN, "local", List.of("admin"),
                    "token.created", "done").about(null, LOCAL_ADMIN, "role=admin, this run only, printed at start"));
        }
        long every = Math.max(100, properties.reloadCheck().toMillis());
        this.checker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "api-tokens-reload");
            t.setDaemon(true);
            return t;
        });
        checker.scheduleWithFixedDelay(this::reloadQuietly, every, every, TimeUnit.MILLISECONDS);
    }

    /** The entry a bearer token belongs to, if it is one of ours, matches and is neither expired nor revoked. */
    Optional<ApiToken> authenticate(String token) {
        String id = TokenSecrets.idOf(token);
        if (id == null) {
            return Optional.empty();
        }
        ApiToken entry = local != null && local.entry().id().equals(id) ? local.entry() : byId.get(id);
        if (entry == null) {
            return Optional.empty();
        }
        return TokenSecrets.matches(entry, token) && entry.isActive(Instant.now()) ? Optional.of(entry) : Optional.empty();
    }

    /** True if some token from the file can be used now (the run-only local token does not count). */
    boolean anyActive() {
        Instant now = Instant.now();
        return byId.values().stream().anyMatch(t -> t.isActive(now));
    }

    /** The admin token of this run, if one was issued (printed in the "where to look" box). */
    public Optional<String> localAdminToken() {
        return Optional.ofNullable(local).map(TokenSecrets.Issued::token);
    }

    Path path() {
        return file.path();
    }

    private void reloadQuietly() {
        try {
            reload();
        }
        catch (RuntimeException e) {
            log.error("Checking the tokens file {} failed: {}", file.path(), e.toString());
        }
    }

    /** Re-reads the file if its content changed since the last read. */
    synchronized void reload() {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file.path());
        }
        catch (NoSuchFileException e) {
            bytes = new byte[0];
        }
        catch (IOException e) {
            log.error("Cannot read the tokens file {} ({}); keeping the {} tokens read before", file.path(), e,
                    byId.size());
            return;
        }
        byte[] digest = TokenSecrets.sha256(bytes);
        if (Arrays.equals(digest, lastDigest)) {
            return;
        }
        List<ApiToken> entries;
        try {
            entries = TokenFile.parse(bytes);
        }
        catch (IOException e) {
            log.error("The tokens file {} is not valid ({}); keeping the {} tokens read before", file.path(),
                    e.getMessage(), byId.size());
            lastDigest = digest;
            return;
        }
        Map<String, ApiToken> next = new HashMap<>();
        for (ApiToken t : entries) {
            if (t.id() != null && Role.of(t.role()).isPresent()) {
                next.put(t.id(), t);
            }
            else {
                log.warn("Ignoring token entry {} in {}: it has no id or an unknown role '{}' (roles: {})", t.name(),
                        file.path(), t.role(), Role.labels());
            }
        }
        auditChanges(next);
        boolean first = lastDigest == null;
        byId = Map.copyOf(next);
        lastDigest = digest;
        if (!first || !next.isEmpty()) {
            log.info("API tokens {}: {} entries, {} active", first ? "loaded" : "reloaded", next.size(),
                    next.values().stream().filter(t -> t.isActive(Instant.now())).count());
        }
    }

    private void auditChanges(Map<String, ApiToken> next) {
        for (ApiToken t : next.values()) {
            if (t.created() != null && !byId.containsKey(t.id())) {
                audit.record("token.created." + t.id(), AuditEntry.of(actorOf(t.createdBy()), "cli", List.of(),
                        "token.created", "done").at(t.created()).about(null, t.name(), summary(t)));
            }
            ApiToken before = byId.get(t.id());
            if (t.revoked() != null && (before == null || before.revoked() == null)) {
                audit.record("token.revoked." + t.id(), AuditEntry.of(actorOf(t.revokedBy()), "cli", List.of(),
                        "token.revoked", "done").at(t.revoked()).about(null, t.name(), summary(t)));
            }
        }
    }

    private static String summary(ApiToken t) {
        return "role=" + t.role() + ", id=" + t.id() + (t.expires() == null ? "" : ", expires=" + t.expires());
    }

    private static String actorOf(String who) {
        return who == null || who.isBlank() ? "unknown" : who;
    }

    @Override
    public void close() {
        checker.shutdownNow();
    }
}
