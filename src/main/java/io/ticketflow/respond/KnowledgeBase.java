package io.ticketflow.respond;

import io.ticketflow.config.ConfigFileException;
import io.ticketflow.store.KnowledgeIndex;
import io.ticketflow.store.KnowledgeIndex.Article;
import io.ticketflow.vocabulary.Classification;
import jakarta.annotation.PostConstruct;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The knowledge base for L0 self-service: the articles of {@code config/knowledge/} are indexed on start and again
 * when a file changes (the config reload timer), and a new ticket's acknowledgement suggests the best matching ones
 * for its message. An invalid edit is logged and the articles in use stay; at start it stops the application.
 * Suggestions are searched in-process ({@link ArticleSearch}, one per loaded version, swapped whole): no search
 * request per new ticket. The Elasticsearch copy ({@link KnowledgeIndex}) is still written on load, for people who
 * look at the articles there and as the ranking the in-process one is checked against; nothing searches it.
 */
@Component
public class KnowledgeBase {

    private static final Logger log = LoggerFactory.getLogger(KnowledgeBase.class);
    /** Enough of a message to find its topic; a long mail's tail only adds noise (and query clauses). */
    static final int QUERY_CHARS = 1000;
    private static final int SIGN_OFF_CHARS = 60;
    /** Punctuation, symbols and spaces around the first line's word (compiled once: every reply is checked). */
    private static final java.util.regex.Pattern AROUND_WORD =
            java.util.regex.Pattern.compile("^[\\p{P}\\p{S}\\s]+|[\\p{P}\\p{S}\\s]+$");

    private final KnowledgeIndex index;
    private final KnowledgeProperties properties;
    private volatile String fingerprint = "";
    private volatile String lastError;
    /** The articles in use; a reload replaces it whole, so a search sees one version (none before the first load). */
    private volatile ArticleSearch articles = ArticleSearch.of(List.of());

    public KnowledgeBase(KnowledgeIndex index, KnowledgeProperties properties) {
        this.index = index;
        this.properties = properties;
    }

    /** An article suggested for a message, with its score (kept on nothing but the bench and the logs). */
    public record Suggestion(String id, String title, String url, String summary, String text, double score) {
        Map<String, Object> asModel() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", id);
            m.put("title", title);
            m.put("url", url == null ? "" : url);
            m.put("summary", summary == null ? "" : summary);
            m.put("text", text == null ? "" : text);
            return m;
        }
    }

    @PostConstruct
    void start() {
        if (properties.enabled()) {
            String error = reload();
            if (error != null) {
                throw new ConfigFileException(List.of(error));
            }
        }
    }

    /** Re-reads and re-indexes the articles when a file was added, changed or deleted; null, or what is wrong. */
    public String reloadIfChanged() {
        if (!properties.enabled()) {
            return null;
        }
        return KnowledgeArticles.fingerprint(properties.directory()).equals(fingerprint) ? lastError : reload();
    }

    private synchronized String reload() {
        String next = KnowledgeArticles.fingerprint(properties.directory());
        try {
            List<Article> read = KnowledgeArticles.read(properties.directory());
            ArticleSearch loaded = ArticleSearch.of(read);
            if (index != null) {
                index.replaceAll(read);
            }
            if (articles.size() != read.size() || !fingerprint.isEmpty()) {
                log.info("Knowledge base: {} articles indexed from {} (in memory: {} KiB)", read.size(),
                        properties.directory(), loaded.bytes() / 1024);
            }
            articles = loaded;
            fingerprint = next;
            lastError = null;
            return null;
        }
        catch (ConfigFileException e) {
            String error = String.join("; ", e.problems());
            if (!error.equals(lastError)) {
                log.error("Knowledge base NOT reloaded, the articles in use stay: {}", error);
            }
            // remembered, so an unchanged bad file is not read again on every tick
            fingerprint = next;
            lastError = error;
            return error;
        }
    }

    public String lastError() {
        return lastError;
    }

    /**
     * The best articles for a message in its language (any language when it is undetermined): at most
     * {@code max-suggestions}, each scoring at least {@code min-score} and {@code relative-score} of the best; none
     * when nothing is close enough (a wrong suggestion costs the customer's trust).
     */
    public List<Suggestion> suggest(String subject, String newContent, String language) {
        ArticleSearch search = articles;
        if (!properties.enabled() || search.size() == 0) {
            return List.of();
        }
        String text = ((subject == null ? "" : subject) + "\n" + (newContent == null ? "" : newContent)).strip();
        text = text.length() > QUERY_CHARS ? text.substring(0, QUERY_CHARS) : text;
        // an undetermined language (short messages) searches every language: the words themselves then decide
        String lang = language == null || language.isBlank() || language.equals(Classification.UNDETERMINED) ? null
                : language.toLowerCase(Locale.ROOT);
        List<KnowledgeIndex.Match> found = search.search(text, lang, properties.minScore(), properties.maxSuggestions());
        double floor = found.isEmpty() ? 0 : found.get(0).score() * properties.relativeScore();
        return found.stream().filter(m -> m.score() >= floor)
                .map(m -> new Suggestion(m.article().id(), m.article().title(), m.article().url(), m.article().summary(),
                        m.article().body(), m.score()))
                .toList();
    }

    /** The suggestions as the templates see them ({@code suggestions}: id, title, url, summary, text). */
    public static List<Map<String, Object>> model(List<Suggestion> suggestions) {
        return suggestions == null ? List.of() : suggestions.stream().map(Suggestion::asModel).toList();
    }

    /**
     * Whether a reply's new content says "solved" and nothing else: its first line is one of the solved words (any
     * case, punctuation around it ignored), and anything after it is no longer than a sign-off ("Thanks, Jane").
     */
    public boolean isSolvedReply(String newContent) {
        if (newContent == null || newContent.isBlank()) {
            return false;
        }
        String content = newContent.strip();
        int nl = content.indexOf('\n');
        String first = AROUND_WORD.matcher((nl < 0 ? content : content.substring(0, nl)).strip()
                .toLowerCase(Locale.ROOT)).replaceAll("");
        String rest = nl < 0 ? "" : content.substring(nl + 1).strip();
        return properties.solvedWords().contains(first) && rest.length() <= SIGN_OFF_CHARS;
    }

    public boolean enabled() {
        return properties.enabled();
    }
}
