package io.ticketflow.bench;

import io.ticketflow.classify.CallCost;
import io.ticketflow.classify.ClassifierRegistry;
import io.ticketflow.classify.DocClassifier;
import io.ticketflow.classify.LanguageDetection;
import io.ticketflow.classify.MessageClassifier;
import io.ticketflow.classify.SentenceEmbedder;
import io.ticketflow.classify.SentenceEncoder;
import io.ticketflow.vocabulary.RawMessage;
import io.ticketflow.parse.MessageParser;
import io.ticketflow.vocabulary.ParsedMessage;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code bench/run classify}: what the classify stage costs per mail, on one thread, over the generated benchmark mail
 * (five languages, replies, attachments): {@code MessageClassifier.classify} with the classifiers of a folder
 * (language detection plus every model, the sentence embedding included where a model needs it), and the sentence
 * embedding alone by each encoder ({@code --embed-below 0,0.5,0.9}: instead, the stage at each run-time setting of
 * the cascade, {@code ticketflow.classify.embed-below}, with the share of mails embedded), and the default encoder's
 * embedding at several word-piece caps ({@code --pieces 64,48}). Prints this thread's CPU
 * time (what a mail costs, even on a busy machine) and the wall time.
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
        MessageClassifier.EmbeddingUse use = classifier.embeddingUse();
        System.out.printf(java.util.Locale.ROOT, "  sentence embedding computed for %.1f %% of the mails%n",
                100.0 * use.embedded() / Math.max(1, use.messages()));
        String curve = args.get("embed-below", "");
        if (!curve.isBlank()) {
            // the cascade's CPU curve: the stage with ticketflow.classify.embed-below at each value, nothing else
            for (String v : curve.split(",")) {
                MessageClassifier at = new MessageClassifier(new LanguageDetection(20), classifier.registry(),
                        Double.parseDouble(v.strip()));
                measure("classify at embed-below " + v.strip(), mails, repeat, at::classify);
                MessageClassifier.EmbeddingUse u = at.embeddingUse();
                System.out.printf(java.util.Locale.ROOT, "  sentence embedding computed for %.1f %% of the mails%n",
                        100.0 * u.embedded() / Math.max(1, u.messages()));
            }
            return;
        }
        previousWay(classifier, mails, repeat);
        LanguageDetection languages = new LanguageDetection(20);
        measure("language detection alone", mails, repeat, m -> languages.detect(languageText(m)));
        measure("features alone (normalise, tokens, n-grams)", mails, repeat,
                m -> DocClassifier.Features.of(MessageClassifier.textOf(m.subject(), body(m))));
        // every encoder a classifier can name (encoder=...), on the same texts
        for (SentenceEncoder encoder : SentenceEncoder.values()) {
            SentenceEmbedder embedder = SentenceEmbedder.of(encoder);
            measure("sentence embedding alone (" + encoder.key() + ")", mails, repeat,
                    m -> embedder.embed(MessageClassifier.textOf(m.subject(), m.newContent())));
        }
        pieceCaps(mails, repeat, args.get("pieces", "64,48,40,32"));
        languageSamples(mails, repeat, args.get("corpora", "../shared/corpora"));
    }

    /**
     * The default encoder's embedding alone read up to each word-piece cap ({@code --pieces 64,48}), the caps
     * interleaved mail by mail in rotating order, so that load changes hit all alike.
     */
    private static void pieceCaps(List<ParsedMessage> mails, int repeat, String caps) {
        int[] cap = java.util.Arrays.stream(caps.split(",")).map(String::strip).mapToInt(Integer::parseInt).toArray();
        SentenceEmbedder embedder = SentenceEmbedder.shared();
        List<String> texts = mails.stream().map(m -> MessageClassifier.textOf(m.subject(), m.newContent())).toList();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long[][] cpu = new long[cap.length][texts.size() * repeat];
        for (int r = -1, n = 0; r < repeat; r++) {
            for (String text : texts) {
                for (int j = 0; j < cap.length; j++) {
                    int c = (j + n) % cap.length;
                    long c0 = threads.getCurrentThreadCpuTime();
                    embedder.embed(text, cap[c]);
                    if (r >= 0) {
                        cpu[c][n] = threads.getCurrentThreadCpuTime() - c0;
                    }
                }
                n += r >= 0 ? 1 : 0;
            }
        }
        System.out.printf("sentence embedding alone (%s) by word-piece cap, interleaved, %d mails:%n",
                SentenceEncoder.DEFAULT.key(), texts.size() * repeat);
        for (int c = 0; c < cap.length; c++) {
            System.out.printf("  %3d pieces: cpu %s%n", cap[c], CallCost.stats(cpu[c]));
        }
    }

    /**
     * The same mails classified the way the stage did before issue 16: each model extracting nothing but scoring by its
     * own OpenNLP eval (a hash lookup per feature in its vocabulary and another in its parameters), language on 600
     * characters.
     */
    private static void previousWay(MessageClassifier classifier, List<ParsedMessage> mails, int repeat) {
        java.util.Map<String, DocClassifier> models = classifier.registry().classifiers();
        LanguageDetection languages = new LanguageDetection(20, 600);
        Consumer<ParsedMessage> previous = m -> {
            DocClassifier.Features features = DocClassifier.Features.of(MessageClassifier.textOf(m.subject(), body(m)));
            models.values().forEach(c -> c.predict(features));
            languages.detect(languageText(m));
        };
        // interleaved mail by mail, in alternating order, so that load changes and JIT hit both alike
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 2; i++) {
            mails.forEach(previous);
        }
        long[] now = new long[mails.size() * repeat];
        long[] before = new long[now.length];
        int n = 0;
        for (int r = 0; r < repeat; r++) {
            for (ParsedMessage m : mails) {
                if (n % 20 == 0) {
                    // the previous path's embedding cache holds a text's vector while the text lives: a collection
                    // (outside the measured calls) keeps it from answering for the same mail of an earlier repeat
                    System.gc();
                }
                boolean nowFirst = n % 2 == 0;
                long c0 = threads.getCurrentThreadCpuTime();
                (nowFirst ? (Consumer<ParsedMessage>) classifier::classify : previous).accept(m);
                long c1 = threads.getCurrentThreadCpuTime();
                (nowFirst ? previous : (Consumer<ParsedMessage>) classifier::classify).accept(m);
                long c2 = threads.getCurrentThreadCpuTime();
                now[n] = nowFirst ? c1 - c0 : c2 - c1;
                before[n++] = nowFirst ? c2 - c1 : c1 - c0;
            }
        }
        System.out.printf("interleaved, %d mails, cpu:%n  now      %s%n  previous %s (each model on its own, language on "
                + "600 characters)%n", n, CallCost.stats(now), CallCost.stats(before));
    }

    /** What the classify stage reads: the new content, or the whole text when there is none. */
    private static String body(ParsedMessage m) {
        return m.newContent() == null || m.newContent().isBlank() ? m.text() : m.newContent();
    }

    /** The text the language is detected on (MessageClassifier): the body, or the subject when there is none. */
    private static String languageText(ParsedMessage m) {
        String body = body(m);
        return body == null || body.isBlank() ? m.subject() : body;
    }

    /**
     * Language detection on samples of several lengths: agreement with the whole text, on the generated mails and on
     * the real mail of the shared corpora (MIME and reply-trimming sets, where present), and the CPU per mail.
     */
    private static void languageSamples(List<ParsedMessage> generated, int repeat, String corpora) {
        List<String> generatedTexts = generated.stream().map(ClassifyBenchmark::languageText).toList();
        List<String> real = realMail(Path.of(corpora));
        LanguageDetection whole = new LanguageDetection(20, Integer.MAX_VALUE);
        List<String> generatedWhole = generatedTexts.stream().map(whole::detect).toList();
        List<String> realWhole = real.stream().map(whole::detect).toList();
        System.out.printf("language sample vs whole text: generated mails %d, real mails %d (%s)%n", generatedTexts.size(),
                real.size(), corpora);
        for (int chars : new int[] { 100, 150, 200, 300, 400, 600 }) {
            LanguageDetection capped = new LanguageDetection(20, chars);
            System.out.printf(java.util.Locale.ROOT, "  first %4d chars: agree generated %.2f %%, real %.2f %%; ", chars,
                    agreement(generatedTexts, generatedWhole, capped), agreement(real, realWhole, capped));
            System.out.println("cpu " + measure(null, generated, repeat, m -> capped.detect(languageText(m))));
        }
    }

    private static double agreement(List<String> texts, List<String> expected, LanguageDetection detector) {
        int same = 0;
        for (int i = 0; i < texts.size(); i++) {
            same += detector.detect(texts.get(i)).equals(expected.get(i)) ? 1 : 0;
        }
        return texts.isEmpty() ? 100 : 100.0 * same / texts.size();
    }

    /** The parsed text of the real mail in the shared corpora (what the classify stage would read), where present. */
    private static List<String> realMail(Path corpora) {
        List<String> out = new java.util.ArrayList<>();
        MessageParser parser = new MessageParser();
        for (String folder : List.of("mime", "reply-trimming")) {
            Path dir = corpora.resolve(folder);
            if (!java.nio.file.Files.isDirectory(dir)) {
                continue;
            }
            try (var files = java.nio.file.Files.walk(dir)) {
                for (Path f : files.filter(java.nio.file.Files::isRegularFile).sorted().toList()) {
                    try {
                        ParsedMessage m = parser.parse(RawMessage.of(java.nio.file.Files.readAllBytes(f), "imap", "support"));
                        String text = languageText(m);
                        if (text != null && !text.isBlank()) {
                            out.add(text);
                        }
                    }
                    catch (RuntimeException | java.io.IOException e) {
                        // not a mail (expected trees, lists): skipped
                    }
                }
            }
            catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return out;
    }

    /** Prints the CPU and wall time per mail under the name what (null: prints nothing); the CPU figures. */
    private static String measure(String what, List<ParsedMessage> mails, int repeat, Consumer<ParsedMessage> action) {
        CallCost cost = CallCost.of(mails, 2, repeat, action); // two warm-ups: JIT, first model use
        if (what != null) {
            System.out.printf("%s, %d mails:%n  cpu  %s%n  wall %s%n", what, cost.calls(), cost.cpu(), cost.wall());
        }
        return cost.cpu();
    }
}
