package io.ticketflow.bench;

import io.ticketflow.classify.ClassifyProperties;
import io.ticketflow.classify.MessageClassifier;
import io.ticketflow.parse.MessageParser;
import io.ticketflow.respond.KnowledgeBase;
import io.ticketflow.respond.KnowledgeProperties;
import io.ticketflow.vocabulary.ParsedMessage;
import io.ticketflow.vocabulary.RawMessage;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code bench/run knowledge [--count 500] [--rounds 6] [--per-round 5000]}: what a new ticket's knowledge-base
 * suggestions cost Ticketflow now that they are searched in-process: the shipped articles, the generated corpus's
 * mails (subject and new content, their classified language), one thread; CPU time of that thread per suggestion,
 * so the figure holds on a shared machine better than wall time. No Elasticsearch.
 */
final class KnowledgeBenchmark {

    private record Query(String subject, String content, String language) {
    }

    private KnowledgeBenchmark() {
    }

    static void run(Args args) {
        MessageParser parser = new MessageParser();
        MessageClassifier classifier = new MessageClassifier(new ClassifyProperties(
                Path.of("classifiers").toAbsolutePath().toString(), null, null));
        List<Query> queries = MailGenerator.generate(MailGenerator.Options.of(args.getLong("seed", 11),
                args.getInt("count", 500))).stream().map(m -> parser.parse(RawMessage.of(m.bytes(), "imap", "support")))
                .map((ParsedMessage p) -> new Query(p.subject(), p.newContent() == null || p.newContent().isBlank()
                        ? p.text() : p.newContent(), classifier.classify(p).language())).toList();
        KnowledgeBase knowledge = new KnowledgeBase(null, new KnowledgeProperties(true,
                Path.of("config", "knowledge").toAbsolutePath(), null, null, null, null));
        String error = knowledge.reloadIfChanged();
        if (error != null) {
            throw new IllegalStateException(error);
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int perRound = args.getInt("per-round", 5000);
        long suggested = 0;
        for (int round = 1, rounds = args.getInt("rounds", 6); round <= rounds; round++) {
            long cpu = threads.getCurrentThreadCpuTime();
            long wall = System.nanoTime();
            for (int i = 0; i < perRound; i++) {
                Query q = queries.get(i % queries.size());
                suggested += knowledge.suggest(q.subject(), q.content(), q.language()).size();
            }
            System.out.printf(Locale.ROOT, "round %d: %.0f us CPU, %.0f us wall per mail's suggestions%s%n", round,
                    (threads.getCurrentThreadCpuTime() - cpu) / 1e3 / perRound, (System.nanoTime() - wall) / 1e3 / perRound,
                    round == 1 ? " (warm-up)" : "");
        }
        System.out.printf(Locale.ROOT, "%.2f suggestions per mail on average%n", (double) suggested / perRound
                / args.getInt("rounds", 6));
    }
}
