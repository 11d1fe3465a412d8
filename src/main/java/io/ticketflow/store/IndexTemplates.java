package io.ticketflow.store;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.VersionType;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.elasticsearch.core.search.ResponseBody;
import co.elastic.clients.json.JsonData;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.annotation.PostConstruct;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Installs the versioned index templates (classpath {@code elasticsearch/templates/<kind>.json}) and, for every alias
 * that does not exist yet, creates {@code <alias>-v<version>} as its write index; an alias whose index is older than
 * its template is upgraded to a new index version. Safe to run from several instances
 * at once: template puts are idempotent and a concurrent index creation is ignored.
 */
@Component
public class IndexTemplates {

    private static final Logger log = LoggerFactory.getLogger(IndexTemplates.class);
    private static final Pattern VERSION_SUFFIX = Pattern.compile("-v(\\d+)$");
    private static final int COPY_PAGE = 500;

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
        KeywordLimits.cap(template.path("template").path("mappings"));
        int version = template.path("version").asInt(1);
        template.putArray("index_patterns").add(alias + "-v*");
        ((ObjectNode) template.with("template").with("settings")).put("number_of_replicas", properties.replicas());
        byte[] body = json.writeValueAsBytes(template);
        client.indices().putIndexTemplate(t -> t.name(alias).withJson(new ByteArrayInputStream(body)));
        String index = alias + "-v" + version;
        if (client.indices().existsAlias(a -> a.name(alias)).value()) {
            upgradeIfOlder(alias, index, version);
            applyDynamicSettings(alias, template);
            applyTemplateFields(alias, template);
            return;
        }
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

    /** The template settings {@link #applyDynamicSettings} carries over to an existing index. */
    private static final List<String> DYNAMIC_SETTINGS = List.of("refresh_interval", "search.idle.after",
            "merge.policy.segments_per_tier");

    /**
     * Dynamic settings an existing index follows from its template at every start, without a new index version. The
     * refresh interval: indices read only by id (raw, message-ids, counters ...) refresh rarely, since every refresh
     * makes a segment to merge later; realtime GETs see their writes anyway, and the few searches on them refresh
     * first. Search idle: a shard with no explicit interval that nobody searched for this long skips its scheduled
     * refreshes; a search on it then waits for the next refresh (within the 1 s interval), so it still sees every
     * write. Segments per tier: how many segments of a size an index keeps before merging them; small indices
     * written all the time merge less.
     */
    private void applyDynamicSettings(String alias, ObjectNode template) throws IOException {
        JsonNode settings = template.path("template").path("settings");
        // a setting the template leaves out keeps the index's own (removing one does not reset an existing index)
        List<String> present = DYNAMIC_SETTINGS.stream().filter(k -> settings.path(k).isValueNode()).toList();
        if (present.isEmpty()) {
            return;
        }
        client.indices().putSettings(p -> p.index(alias).settings(s -> {
            present.forEach(k -> s.otherSettings("index." + k, JsonData.of(settings.path(k).asText())));
            return s;
        }));
    }

    /**
     * The template's fields for an index made before the template had them all: a new field and the keyword limits of
     * {@link KeywordLimits} ({@code ignore_above} is one of the few mapping parameters an existing field can change) are
     * taken by a mapping update, so no new index version (and no copy of every document) is needed for either. A
     * template whose mapping changed in a way an index cannot follow must raise its version; should one not have, the
     * index keeps working on its old mapping and the start says so.
     */
    private void applyTemplateFields(String alias, ObjectNode template) throws IOException {
        JsonNode properties = template.path("template").path("mappings").path("properties");
        if (properties.isEmpty()) {
            return;
        }
        byte[] body = json.writeValueAsBytes(json.createObjectNode().set("properties", properties));
        try {
            client.indices().putMapping(p -> p.index(alias).withJson(new ByteArrayInputStream(body)));
        }
        catch (ElasticsearchException e) {
            log.warn("The mapping of {} could not take its template's fields ({}); it keeps its own until the index is "
                    + "upgraded (a keyword value longer than 32766 bytes is refused there meanwhile)", alias, e.getMessage());
        }
    }

    /**
     * A template newer than the index behind its alias: create the new index version, copy the documents over (with
     * their versions, so the ticket-number counter carries on) and move the alias in one atomic step. The old index is
     * kept, unused, for rollback. There is no reindex module on the minimal distribution, so the copy is done here,
     * page by page; documents written into the old index by an instance still running the old version while the copy
     * runs are not carried over: upgrade with the old instances stopped (docs/store.md).
     */
    private void upgradeIfOlder(String alias, String index, int version) throws IOException {
        Set<String> current = client.indices().getAlias(a -> a.name(alias)).result().keySet();
        int newest = current.stream().mapToInt(IndexTemplates::versionOf).max().orElse(0);
        if (newest >= version) {
            return;
        }
        try {
            client.indices().create(c -> c.index(index));
        }
        catch (ElasticsearchException e) {
            if (!"resource_already_exists_exception".equals(e.error().type())) {
                throw e;
            }
        }
        long copied = 0;
        for (String old : current) {
            copied += copy(old, index);
        }
        client.indices().updateAliases(u -> {
            for (String old : current) {
                u.actions(a -> a.remove(r -> r.index(old).alias(alias).mustExist(false)));
            }
            return u.actions(a -> a.add(x -> x.index(index).alias(alias).isWriteIndex(true)));
        });
        log.warn("Upgraded {}: {} documents copied from {} into {}; the alias now points at {} only (old index kept)",
                alias, copied, current, index, index);
    }

    @SuppressWarnings("rawtypes")
    private long copy(String from, String to) throws IOException {
        long copied = 0;
        // the scroll sees only refreshed documents: without this, writes of the last second would be left behind
        client.indices().refresh(r -> r.index(from));
        ResponseBody<Map> page = client.search(s -> s.index(from).size(COPY_PAGE).version(true)
                .scroll(t -> t.time("2m")).sort(o -> o.doc(d -> d)), Map.class);
        String scrollId = page.scrollId();
        try {
            while (!page.hits().hits().isEmpty()) {
                List<Hit<Map>> hits = page.hits().hits();
                BulkResponse response = client.bulk(b -> {
                    for (Hit<Map> hit : hits) {
                        b.operations(op -> op.index(i -> i.index(to).id(hit.id()).document(hit.source())
                                .version(hit.version()).versionType(VersionType.External)));
                    }
                    return b;
                });
                // 409: the document is there already (a second instance copying, or a re-run): keep it
                List<String> failed = response.items().stream().filter(i -> i.error() != null && i.status() != 409)
                        .map(i -> i.id() + ": " + i.error().reason()).toList();
                if (!failed.isEmpty()) {
                    throw new IllegalStateException("copying " + from + " into " + to + " failed for " + failed);
                }
                copied += hits.size();
                String id = scrollId;
                page = client.scroll(r -> r.scrollId(id).scroll(t -> t.time("2m")), Map.class);
                scrollId = page.scrollId();
            }
        }
        finally {
            String id = scrollId;
            if (id != null) {
                client.clearScroll(c -> c.scrollId(id));
            }
        }
        return copied;
    }

    private static int versionOf(String index) {
        Matcher m = VERSION_SUFFIX.matcher(index);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
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
