package io.ticketflow.store;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.annotation.PostConstruct;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Installs the versioned index templates (classpath {@code elasticsearch/templates/<kind>.json}) and, for every alias
 * that does not exist yet, creates {@code <alias>-v<version>} as its write index. Safe to run from several instances
 * at once: template puts are idempotent and a concurrent index creation is ignored.
 */
@Component
public class IndexTemplates {

    private static final Logger log = LoggerFactory.getLogger(IndexTemplates.class);

    private final ElasticsearchClient client;
    private final Indices indices;
    private final ElasticsearchProperties properties;
    private final ObjectMapper json = new ObjectMapper();

    public IndexTemplates(ElasticsearchClient client, Indices indices, ElasticsearchProperties properties) {
        this.client = client;
        this.indices = indices;
        this.properties = properties;
    }

    @PostConstruct
    public void install() {
        for (Indices.Kind kind : Indices.Kind.values()) {
            StoreErrors.call("install the " + kind + " index", () -> {
                install(kind);
                return null;
            });
        }
    }

    private void install(Indices.Kind kind) throws IOException {
        String alias = indices.alias(kind);
        ObjectNode template = load(kind);
        int version = template.path("version").asInt(1);
        template.putArray("index_patterns").add(alias + "-v*");
        ((ObjectNode) template.with("template").with("settings")).put("number_of_replicas", properties.replicas());
        byte[] body = json.writeValueAsBytes(template);
        client.indices().putIndexTemplate(t -> t.name(alias).withJson(new ByteArrayInputStream(body)));
        if (client.indices().existsAlias(a -> a.name(alias)).value()) {
            return;
        }
        String index = alias + "-v" + version;
        try {
            client.indices().create(c -> c.index(index).aliases(alias, a -> a.isWriteIndex(true)));
            log.info("Created index {} behind alias {}", index, alias);
        }
        catch (ElasticsearchException e) {
            if (!"resource_already_exists_exception".equals(e.error().type())) {
                throw e;
            }
        }
    }

    private ObjectNode load(Indices.Kind kind) throws IOException {
        String resource = "/elasticsearch/templates/" + kind.suffix.toLowerCase(Locale.ROOT) + ".json";
        try (InputStream in = IndexTemplates.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("index template resource missing: " + resource);
            }
            return (ObjectNode) json.readTree(in);
        }
    }
}
