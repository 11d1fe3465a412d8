package io.ticketflow.store;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.GetResponse;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.DependsOn;
import org.springframework.stereotype.Component;

/**
 * Secrets Ticketflow generates for itself when the admin set none, kept in the counters index so every instance on the
 * same Elasticsearch uses the same one and a restart keeps it. The first instance to create the document wins; the
 * others read it. Anyone who can read the counters index can read these secrets: protect Elasticsearch accordingly, or
 * set the secret in the configuration.
 */
@Component
@DependsOn("indexTemplates")
public class SecretStore {

    private static final Logger log = LoggerFactory.getLogger(SecretStore.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ElasticsearchClient client;
    private final Indices indices;

    public SecretStore(ElasticsearchClient client, Indices indices) {
        this.client = client;
        this.indices = indices;
    }

    /** The stored secret of this name, generated (32 random bytes, base64) on first use. */
    @SuppressWarnings("rawtypes")
    public String getOrCreate(String name) {
        String id = "secret-" + name;
        String existing = read(id);
        if (existing != null) {
            return existing;
        }
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String secret = Base64.getEncoder().encodeToString(bytes);
        try {
            client.create(c -> c.index(indices.counters()).id(id).document(Map.of("name", id, "secret", secret)));
            log.warn("No ticketflow.identity.secret configured: generated one and stored it in {}/{}. "
                    + "Set TICKETFLOW_SECRET to manage it yourself.", indices.counters(), id);
            return secret;
        }
        catch (Exception e) {
            if (!StoreErrors.isConflict(e)) {
                throw StoreErrors.failure("store secret " + name, e);
            }
            return read(id);
        }
    }

    @SuppressWarnings("rawtypes")
    private String read(String id) {
        GetResponse<Map> got = StoreErrors.call("read secret " + id,
                () -> client.get(g -> g.index(indices.counters()).id(id), Map.class));
        return got.found() && got.source() != null ? (String) got.source().get("secret") : null;
    }
}
