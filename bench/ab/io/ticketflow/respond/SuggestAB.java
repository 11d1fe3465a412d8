package io.ticketflow.respond;

import io.ticketflow.bench.MailGenerator;
import io.ticketflow.classify.LanguageDetection;
import io.ticketflow.parse.MessageParser;
import io.ticketflow.store.KnowledgeIndex.Match;
import io.ticketflow.vocabulary.Classification;
import io.ticketflow.vocabulary.ParsedMessage;
import io.ticketflow.vocabulary.RawMessage;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.*;

/**
 * Round 11 tfcpu3: the in-process article search of 500 generated mails (the text and language KnowledgeBase.suggest
 * searches with) with a query per occurrence of a word and with one per distinct word; first proves the matches and
 * scores equal, then times both alternating.
 */
public class SuggestAB {
    public static void main(String[] a) throws Exception {
        ArticleSearch search = ArticleSearch.of(KnowledgeArticles.read(Path.of("config", "knowledge")));
        LanguageDetection languages = new LanguageDetection(20);
        MessageParser parser = new MessageParser();
        List<String[]> asks = new ArrayList<>();
        for (var mail : MailGenerator.generate(MailGenerator.Options.of(11, 500))) {
            ParsedMessage p = parser.parse(RawMessage.of(mail.bytes(), "imap", "support"));
            String content = p.newContent() == null || p.newContent().isBlank() ? p.text() : p.newContent();
            String text = ((p.subject() == null ? "" : p.subject()) + "\n" + (content == null ? "" : content)).strip();
            text = text.length() > KnowledgeBase.QUERY_CHARS ? text.substring(0, KnowledgeBase.QUERY_CHARS) : text;
            String l = languages.detect(p.newContent() == null || p.newContent().isBlank() ? p.subject() : p.newContent());
            asks.add(new String[] { text, l.equals(Classification.UNDETERMINED) ? null : l });
        }
        int hits = 0;
        for (String[] q : asks) {
            List<Match> x = search.search(q[0], q[1], 0.0, 3, true), y = search.search(q[0], q[1], 0.0, 3, false);
            if (x.size() != y.size()) throw new AssertionError(q[0]);
            for (int i = 0; i < x.size(); i++) if (x.get(i).article() != y.get(i).article() || x.get(i).score() != y.get(i).score()) throw new AssertionError(q[0]);
            hits += x.size();
        }
        System.out.printf("%d searches: matches and scores identical (%d matches)%n", asks.size(), hits);
        var bean = ManagementFactory.getThreadMXBean();
        int rounds = Integer.parseInt(a.length > 0 ? a[0] : "20");
        long shared = 0, each = 0, n = 0, sink = 0;
        for (int r = 0; r < rounds; r++) for (String[] q : asks) for (int side = 0; side < 2; side++) {
            boolean share = (side == 0) == (r % 2 == 0);
            long t0 = bean.getCurrentThreadCpuTime();
            sink += search.search(q[0], q[1], 0.0, 3, share).size();
            long t1 = bean.getCurrentThreadCpuTime();
            if (r >= rounds / 2) { if (share) shared += t1 - t0; else { each += t1 - t0; n++; } }
        }
        System.out.printf("%d searches, second half of %d rounds interleaved: a query per occurrence %.1f us, per distinct word %.1f us (%d)%n",
                asks.size(), rounds, each / 1e3 / n, shared / 1e3 / n, sink);
    }
}
