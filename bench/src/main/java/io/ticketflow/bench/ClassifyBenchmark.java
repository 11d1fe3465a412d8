package io.ticketflow.bench;

import io.ticketflow.classify.ClassifierRegistry;
import io.ticketflow.classify.LanguageDetection;
import io.ticketflow.classify.MessageClassifier;
import io.ticketflow.classify.SentenceEmbedder;
import io.ticketflow.vocabulary.RawMessage;
import io.ticketflow.parse.MessageParser;
import io.ticketflow.vocabulary.ParsedMessage;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code bench/run classify}: what the classify stage costs per mail, on one thread, over the generated benchmark mail
 * (five languages, replies, attachments): {@code MessageClassifier.classify} with the classifiers of a folder
 * (language detection plus every model, the sentence embedding included where a model needs it), and the sentence
 * embedding alone. Prints this thread's CPU time (what a mail costs, even on a busy machine) and the wall time.
 */
final class ClassifyBenchmark {

    private ClassifyBenchmark() {
    }

    static void run(Args args) {
        int count = args.getInt("count", 500);
        int repeat = args.getInt("repeat", 5);
        Path classifiers = Path.of(args.get("classifiers", "classifiers"));
        MessageParser parser = new MessageParser();
        List<ParsedMessage> mails = MailGenerator.generate(MailGenerator.Options.of(args.getLong("seed", 11), count)).stream()
                .map(m -> parser.parse(RawMessage.of(m.bytes(), "imap", "support"))).toList();
        MessageClassifier classifier = new MessageClassifier(new LanguageDetection(20),
                new ClassifierRegistry(classifiers, java.time.temporal.ChronoUnit.FOREVER.getDuration()));
        System.out.printf("classifiers %s from %s; %d generated mails x %d, one thread; load average %.1f%n",
                classifier.registry().classifiers().keySet(), classifiers, count, repeat,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        measure("classify (language + classifiers)", mails, repeat, classifier::classify);
        SentenceEmbedder embedder = SentenceEmbedder.shared();
        measure("sentence embedding alone", mails, repeat,
                m -> embedder.embed(MessageClassifier.textOf(m.subject(), m.newContent())));
    }

    private static void measure(String what, List<ParsedMessage> mails, int repeat, Consumer<ParsedMessage> action) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 2; i++) {
            mails.forEach(action); // warm-up: JIT, first model use
        }
        long[] cpu = new long[mails.size() * repeat];
        long[] wall = new long[cpu.length];
        int n = 0;
        for (int r = 0; r < repeat; r++) {
            for (ParsedMessage m : mails) {
                long c = threads.getCurrentThreadCpuTime();
                long s = System.nanoTime();
                action.accept(m);
                wall[n] = System.nanoTime() - s;
                cpu[n++] = threads.getCurrentThreadCpuTime() - c;
            }
        }
        System.out.printf("%s, %d mails:%n  cpu  %s%n  wall %s%n", what, cpu.length, stats(cpu), stats(wall));
    }

    private static String stats(long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        return String.format(java.util.Locale.ROOT, "mean=%.3f ms p50=%.3f ms p90=%.3f ms p99=%.3f ms",
                Arrays.stream(s).average().orElse(0) / 1e6, s[s.length / 2] / 1e6, s[(int) (s.length * 0.9)] / 1e6,
                s[(int) (s.length * 0.99)] / 1e6);
    }
}
