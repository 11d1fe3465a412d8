package io.ticketflow.respond;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The knowledge base and L0 self-service (docs/responding.md, "Knowledge base").
 *
 * @param enabled     suggest articles in acknowledgements (and accept "solved" replies to tickets that had some)
 * @param directory   where the articles are ({@code *.md} with front matter)
 * @param minScore    an article is suggested only from this relevance score on (BM25 of the message's new content
 *                    against title, tags and text; measured in docs/responding.md)
 * @param relativeScore  and only articles scoring at least this share of the best one's score: a clear best answer
 *                    is not diluted by weaker ones
 * @param maxSuggestions at most this many articles per acknowledgement
 * @param solvedWords a customer reply whose new content is just one of these (any case, trailing punctuation
 *                    ignored) closes a ticket that had suggestions as solved by the customer
 */
@ConfigurationProperties("ticketflow.knowledge")
public record KnowledgeProperties(Boolean enabled, Path directory, Double minScore, Double relativeScore,
        Integer maxSuggestions, List<String> solvedWords) {

    public KnowledgeProperties {
        enabled = enabled == null || enabled;
        directory = directory == null ? Path.of("config", "knowledge") : directory;
        minScore = minScore == null ? 12.0 : minScore;
        relativeScore = relativeScore == null ? 0.8 : Math.max(0, Math.min(1, relativeScore));
        maxSuggestions = maxSuggestions == null ? 3 : Math.max(0, Math.min(10, maxSuggestions));
        solvedWords = (solvedWords == null || solvedWords.isEmpty() ? List.of("solved", "resolved", "gelöst", "erledigt",
                "resuelto", "solucionado", "résolu") : solvedWords).stream()
                .map(w -> w.strip().toLowerCase(Locale.ROOT)).filter(w -> !w.isEmpty()).toList();
    }

    public static KnowledgeProperties defaults() {
        return new KnowledgeProperties(null, null, null, null, null, null);
    }
}
