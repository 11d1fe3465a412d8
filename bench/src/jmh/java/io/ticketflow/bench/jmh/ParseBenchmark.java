package io.ticketflow.bench.jmh;

import io.ticketflow.classify.ClassifyProperties;
import io.ticketflow.classify.MessageClassifier;
import io.ticketflow.parse.MessageParser;
import io.ticketflow.screen.ScreenProperties;
import io.ticketflow.screen.Screener;
import io.ticketflow.vocabulary.Classification;
import io.ticketflow.vocabulary.ParsedMessage;
import io.ticketflow.vocabulary.RawMessage;
import io.ticketflow.vocabulary.ScreeningVerdict;
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
 * CPU-only stages on the benchmark corpus (5 % attachments, 30 % replies, five languages): parse (MIME, charsets,
 * HTML to text, reply splitting, attachment text), screen, and classify (language detection and the OpenNLP
 * classifiers of the repository's {@code classifiers/} folder). Each op is one mail, cycling through 500.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ParseBenchmark {

    private List<RawMessage> mails;
    private List<ParsedMessage> parsed;
    private MessageParser parser;
    private Screener screener;
    private MessageClassifier classifier;
    private int next;

    @Setup
    public void setUp() {
        mails = Mails.raw(11, 500);
        parser = new MessageParser();
        screener = new Screener(Mails.identity(), ScreenProperties.defaults());
        parsed = mails.stream().map(parser::parse).toList();
        classifier = new MessageClassifier(new ClassifyProperties(Path.of("classifiers").toAbsolutePath().toString(),
                null, null));
    }

    @Benchmark
    public Classification classify() {
        next = (next + 1) % parsed.size();
        return classifier.classify(parsed.get(next));
    }

    @Benchmark
    public ParsedMessage parse() {
        next = (next + 1) % mails.size();
        return parser.parse(mails.get(next));
    }

    @Benchmark
    public ScreeningVerdict screen() {
        next = (next + 1) % parsed.size();
        return screener.screen(parsed.get(next));
    }
}
