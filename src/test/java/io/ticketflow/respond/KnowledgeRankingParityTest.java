package io.ticketflow.respond;

import static org.assertj.core.api.Assertions.assertThat;

import io.ticketflow.classify.LanguageDetection;
import io.ticketflow.store.KnowledgeIndex;
import io.ticketflow.store.KnowledgeIndex.Article;
import io.ticketflow.store.KnowledgeIndex.Match;
import io.ticketflow.store.TestStores;
import io.ticketflow.testing.ElasticsearchNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The in-process search ranks like the Elasticsearch index it replaces: the shipped articles on a real node and in
 * memory, asked with every message of the labelled set (in its detected language, and once more with no language,
 * which searches all four), give the same articles in the same order with the same scores. A difference in analysis,
 * statistics blending or similarity shows up here as a different score long before it changes a suggestion.
 */
@ExtendWith(ElasticsearchNode.class)
class KnowledgeRankingParityTest {

    private static final int TOP = 8;

    @Test
    void inProcessSearchGivesTheElasticsearchRankingAndScores() throws Exception {
        List<Article> articles = KnowledgeArticles.read(Path.of("config", "knowledge"));
        ArticleSearch inProcess = ArticleSearch.of(articles);
        LanguageDetection languages = new LanguageDetection(20);
        List<String> texts = new ArrayList<>();
        KnowledgeSuggestionBench.labelled().forEach(l -> texts.add(l.text()));
        // a subject and a long mail cut where KnowledgeBase cuts, repeated words, only stop words, another language
        texts.add(("Password reset link\n" + "The reset link you sent does not work, I tried the reset link twice. ".repeat(20))
                .substring(0, KnowledgeBase.QUERY_CHARS));
        texts.add("the and of to it");
        texts.add("Non riesco ad accedere, la password non funziona");
        try (TestStores stores = new TestStores("kbparity")) {
            KnowledgeIndex index = new KnowledgeIndex(stores.client, stores.indices);
            index.replaceAll(articles);
            int compared = 0;
            int withHits = 0;
            double largestDifference = 0;
            for (String text : texts) {
                String detected = languages.detect(text);
                for (String language : new String[] { detected.equals(io.ticketflow.vocabulary.Classification.UNDETERMINED) ? null : detected, null }) {
                    List<Match> expected = index.search(text, language, 0.0, TOP);
                    List<Match> actual = inProcess.search(text, language, 0.0, TOP);
                    String what = language + ": " + text;
                    assertThat(ids(actual)).as(what).containsExactlyElementsOf(ids(expected));
                    for (int i = 0; i < expected.size(); i++) {
                        largestDifference = Math.max(largestDifference,
                                Math.abs(actual.get(i).score() - expected.get(i).score()));
                        assertThat(actual.get(i).score()).as(what + " score of " + expected.get(i).article().id())
                                .isCloseTo(expected.get(i).score(), Offset.offset(
                                        1e-4 * Math.max(1, expected.get(i).score())));
                    }
                    compared++;
                    withHits += expected.isEmpty() ? 0 : 1;
                }
            }
            System.out.printf(Locale.ROOT, "knowledge parity: %d searches compared (%d with hits), %d articles, "
                    + "largest score difference %.2g%n", compared, withHits, articles.size(), largestDifference);
            assertThat(withHits).as("searches with hits").isGreaterThan(texts.size());
        }
    }

    private static List<String> ids(List<Match> matches) {
        return matches.stream().map(m -> m.article().id()).toList();
    }
}
