package io.ticketflow.store;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch._types.query_dsl.MultiMatchQuery;
import co.elastic.clients.elasticsearch._types.query_dsl.TextQueryType;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.context.annotation.DependsOn;
import org.springframework.stereotype.Component;

/**
 * The knowledge-base articles (index kind {@code knowledge}): a copy of the files in {@code config/knowledge/}, made
 * to search them. Suggestions are searched in-process (respond's {@code ArticleSearch}, same analysis and scoring); this
 * copy is written on every load for people who look at the articles in Elasticsearch and as the ranking the in-process
 * search is checked against ({@link #search}, not on the mail path). The files are the truth: {@link #replaceAll} makes the index hold exactly them (documents of
 * deleted files are deleted; there is no delete-by-query on the minimal distribution, so it lists the ids first).
 */
@Component
@DependsOn("indexTemplates")
public class KnowledgeIndex {

    /** The languages the index has stop words for (subfields {@code title.eng} ...); others use the plain fields. */
    public static final Set<String> ANALYSED_LANGUAGES = Set.of("eng", "deu", "spa", "fra");
    private static final int MAX_ARTICLES = 10_000;

    private final ElasticsearchClient client;
    private final Indices indices;

    public KnowledgeIndex(ElasticsearchClient client, Indices indices) {
        this.client = client;
        this.indices = indices;
    }

    /** One article as indexed. */
    public record Article(String id, String title, String language, String queue, List<String> tags, String url,
            String summary, String body, String file, String fingerprint) {
    }

    /** One search result with its relevance score (BM25: higher is better, not bounded). */
    public record Match(Article article, double score) {
    }

    /**
     * Makes the index hold exactly these articles, visible to searches when this returns. Unchanged articles (same
     * fingerprint) are not written again: every start and every instance calls this, and each overwrite leaves a
     * deleted document behind that shifts the relevance scores until segments merge.
     */
    public void replaceAll(List<Article> articles) {
        Map<String, String> indexed = new HashMap<>();
        StoreErrors.call("list knowledge articles", () -> {
            client.indices().refresh(r -> r.index(indices.knowledge()));
            client.search(s -> s.index(indices.knowledge()).size(MAX_ARTICLES)
                    .source(src -> src.filter(f -> f.includes("fingerprint"))), Article.class)
                    .hits().hits().forEach(h -> indexed.put(h.id(), h.source() == null ? null : h.source().fingerprint()));
            return null;
        });
        Set<String> keep = new HashSet<>();
        articles.forEach(a -> keep.add(a.id()));
        List<Article> changed = articles.stream().filter(a -> !a.fingerprint().equals(indexed.get(a.id()))).toList();
        List<String> stale = indexed.keySet().stream().filter(id -> !keep.contains(id)).toList();
        if (changed.isEmpty() && stale.isEmpty()) {
            return;
        }
        BulkResponse response = StoreErrors.call("index knowledge articles", () -> client.bulk(b -> {
            for (Article a : changed) {
                b.operations(op -> op.index(i -> i.index(indices.knowledge()).id(a.id()).document(a)));
            }
            for (String id : stale) {
                b.operations(op -> op.delete(d -> d.index(indices.knowledge()).id(id)));
            }
            return b.refresh(Refresh.True);
        }));
        List<String> failed = response.items().stream().filter(i -> i.error() != null && i.status() != 404)
                .map(i -> i.id() + ": " + i.error().reason()).toList();
        if (!failed.isEmpty()) {
            throw new IllegalStateException("indexing knowledge articles failed for " + failed);
        }
    }

    /**
     * The best articles in {@code language} for the text, scoring at least {@code minScore}, best first. The text's
     * words are matched across title, tags and body as one field ({@code cross_fields}: a word found in the title and
     * the body counts once), title and tags weighing double: they say what the article is about. Without a language
     * every article is scored with its own language's stop words.
     */
    public List<Match> search(String text, String language, double minScore, int max) {
        if (text == null || text.isBlank() || max <= 0) {
            return List.of();
        }
        List<String> languages = language != null && !language.isBlank() ? List.of(language)
                : List.copyOf(ANALYSED_LANGUAGES);
        var response = StoreErrors.call("search knowledge articles", () -> client.search(s -> s
                .index(indices.knowledge()).size(max).minScore(minScore)
                .query(q -> q.bool(b -> {
                    for (String l : languages) {
                        b.should(sh -> sh.bool(one -> one.must(m -> m.multiMatch(words(text, l)))
                                .filter(f -> f.term(t -> t.field("language").value(l)))));
                    }
                    return b.minimumShouldMatch("1");
                })), Article.class));
        return response.hits().hits().stream().filter(h -> h.source() != null && h.score() != null)
                .map(h -> new Match(h.source(), h.score())).toList();
    }

    private static MultiMatchQuery words(String text, String language) {
        String suffix = ANALYSED_LANGUAGES.contains(language) ? "." + language : "";
        return MultiMatchQuery.of(mm -> mm.query(text)
                .fields("title" + suffix + "^2", "tags" + suffix + "^2", "body" + suffix)
                .type(TextQueryType.CrossFields));
    }
}
