package io.ticketflow.respond;

import static org.assertj.core.api.Assertions.assertThat;

import io.ticketflow.bench.MailGenerator;
import io.ticketflow.parse.MessageParser;
import io.ticketflow.store.KnowledgeIndex.Match;
import io.ticketflow.vocabulary.ParsedMessage;
import io.ticketflow.vocabulary.RawMessage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * A word is one query instance in every search, rewritten once ({@link ArticleSearch}, {@link BlendedTerms}): the
 * same articles in the same order with the same scores (to the bit) as with a query per occurrence rewritten for its
 * search alone, on the labelled knowledge messages and generated benchmark mail, in every analysed language and in all
 * of them at once, and with searches on several threads at once.
 */
class ArticleSearchSharedWordsTest {

    @Test
    void sharingRepeatedWordsChangesNoSuggestionNorScore() throws Exception {
        ArticleSearch search = ArticleSearch.of(KnowledgeArticles.read(Path.of("config", "knowledge")));
        List<String> texts = new ArrayList<>();
        KnowledgeSuggestionBench.labelled().forEach(l -> texts.add(l.text()));
        MessageParser parser = new MessageParser();
        for (var mail : MailGenerator.generate(MailGenerator.Options.of(11, 300))) {
            ParsedMessage p = parser.parse(RawMessage.of(mail.bytes(), "imap", "support"));
            String content = p.newContent() == null || p.newContent().isBlank() ? p.text() : p.newContent();
            String text = ((p.subject() == null ? "" : p.subject()) + "\n" + (content == null ? "" : content)).strip();
            texts.add(text.length() > KnowledgeBase.QUERY_CHARS ? text.substring(0, KnowledgeBase.QUERY_CHARS) : text);
        }
        texts.add("reset reset reset password password the the link link link, Passwort Passwort zurücksetzen");
        texts.add("the and of to it the and");
        int repeated = 0;
        int withHits = 0;
        for (String text : texts) {
            repeated += text.split("\\W+").length > Arrays.stream(text.toLowerCase().split("\\W+")).distinct().count() ? 1 : 0;
            for (String language : new String[] { null, "eng", "deu", "spa", "fra" }) {
                List<Match> shared = search.search(text, language, 0.0, 8, true);
                List<Match> each = search.search(text, language, 0.0, 8, false);
                assertThat(shared).as(language + ": " + text).hasSameSizeAs(each);
                for (int i = 0; i < each.size(); i++) {
                    assertThat(shared.get(i).article().id()).isEqualTo(each.get(i).article().id());
                    assertThat(Double.doubleToRawLongBits(shared.get(i).score()))
                            .as(language + ": " + text).isEqualTo(Double.doubleToRawLongBits(each.get(i).score()));
                }
                withHits += each.isEmpty() ? 0 : 1;
            }
        }
        assertThat(repeated).isGreaterThan(texts.size() / 2);
        assertThat(withHits).isGreaterThan(texts.size());
    }

    @Test
    void wordsSharedByEverySearchOnManyThreadsChangeNoSuggestionNorScore() throws Exception {
        ArticleSearch search = ArticleSearch.of(KnowledgeArticles.read(Path.of("config", "knowledge")));
        List<String> texts = new ArrayList<>();
        KnowledgeSuggestionBench.labelled().forEach(l -> texts.add(l.text()));
        Map<String, List<Match>> reference = new HashMap<>();
        for (String text : texts) {
            reference.put(text, search.search(text, null, 0.0, 8, false));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> runs = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                List<String> order = new ArrayList<>(texts);
                Collections.shuffle(order, new Random(t));
                runs.add(pool.submit(() -> {
                    int compared = 0;
                    for (String text : order) {
                        List<Match> shared = search.search(text, null, 0.0, 8, true);
                        List<Match> each = reference.get(text);
                        assertThat(shared).as(text).hasSameSizeAs(each);
                        for (int i = 0; i < each.size(); i++) {
                            assertThat(shared.get(i).article().id()).isEqualTo(each.get(i).article().id());
                            assertThat(Double.doubleToRawLongBits(shared.get(i).score())).as(text)
                                    .isEqualTo(Double.doubleToRawLongBits(each.get(i).score()));
                            compared++;
                        }
                    }
                    return compared;
                }));
            }
            for (Future<Integer> run : runs) {
                assertThat(run.get()).isGreaterThan(texts.size());
            }
        }
        finally {
            pool.shutdown();
        }
    }
}

