package io.ticketflow.bench.jmh;

import io.ticketflow.classify.ClassifyProperties;
import io.ticketflow.classify.MessageClassifier;
import io.ticketflow.parse.MessageParser;
import io.ticketflow.respond.KnowledgeBase;
import io.ticketflow.respond.KnowledgeProperties;
import io.ticketflow.vocabulary.ParsedMessage;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The acknowledgement's knowledge-base suggestions, searched in-process over the shipped articles
 * ({@code config/knowledge/}), for the benchmark corpus's mails in their detected language: what a new ticket's
 * suggestions cost Ticketflow now that they are no longer an Elasticsearch search (no node needed). One op is one
 * mail's suggestions, cycling through 500.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class KnowledgeBenchmark {

    private record Query(String subject, String content, String language) {
    }

    private List<Query> queries;
    private KnowledgeBase knowledge;
    private int next;

    @Setup
    public void setUp() {
        MessageParser parser = new MessageParser();
        MessageClassifier classifier = new MessageClassifier(new ClassifyProperties(
                Path.of("classifiers").toAbsolutePath().toString(), null, null));
        queries = Mails.raw(11, 500).stream().map(parser::parse).map((ParsedMessage p) -> new Query(p.subject(),
                p.newContent() == null || p.newContent().isBlank() ? p.text() : p.newContent(),
                classifier.classify(p).language())).toList();
        // no Elasticsearch copy: the search is the in-process one either way
        knowledge = new KnowledgeBase(null, new KnowledgeProperties(true, Path.of("config", "knowledge").toAbsolutePath(),
                null, null, null, null));
        if (knowledge.reloadIfChanged() != null) {
            throw new IllegalStateException(knowledge.lastError());
        }
    }

    @Benchmark
    public List<KnowledgeBase.Suggestion> suggest() {
        next = (next + 1) % queries.size();
        Query q = queries.get(next);
        return knowledge.suggest(q.subject(), q.content(), q.language());
    }
}
