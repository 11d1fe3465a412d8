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
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A word a message repeats is one query instance, rewritten once ({@link ArticleSearch}, {@link BlendedTerms}): the
 * same articles in the same order with the same scores (to the bit) as with a query per occurrence, on the labelled
 * knowledge messages and generated benchmark mail, in every analysed language and in all of them at once.
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
}
