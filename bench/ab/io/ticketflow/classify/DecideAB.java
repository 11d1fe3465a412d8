package io.ticketflow.classify;

import io.ticketflow.bench.MailGenerator;
import io.ticketflow.parse.MessageParser;
import io.ticketflow.vocabulary.RawMessage;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.util.*;
import opennlp.tools.langdetect.LanguageDetectorModel;

/**
 * Round 11 tfcpu3: language detection's answer from the exact double rows (best, then the MIN_LEAD test) and from
 * the 16-bit rows with a bound (decide), on the samples detection scores for 500 generated mails. First proves the
 * answers equal, then times both alternating, warm (the same texts again and again) and cold (a 64 MB sweep between
 * items evicts the model's rows from the caches, as the rest of a mail's work does in the burst).
 */
public class DecideAB {
    public static void main(String[] a) throws Exception {
        MessageParser parser = new MessageParser();
        List<String> texts = MailGenerator.generate(MailGenerator.Options.of(11, 500)).stream()
                .map(m -> parser.parse(RawMessage.of(m.bytes(), "imap", "support")))
                .map(p -> p.newContent() == null || p.newContent().isBlank() ? p.subject() : p.newContent())
                .map(t -> t.length() > LanguageDetection.SAMPLE_CHARS ? t.substring(0, LanguageDetection.SAMPLE_CHARS) : t)
                .toList();
        LanguageScorer scorer;
        try (InputStream in = DecideAB.class.getResourceAsStream("/langdetect-183.bin")) {
            scorer = LanguageScorer.of(new LanguageDetectorModel(in).getMaxentModel());
        }
        int settled = 0;
        for (String t : texts) {
            if (!Objects.equals(exact(scorer, t), scorer.decide(t, 1.3))) throw new AssertionError("differs: " + t);
            String[] names = new String[103];
            Arrays.fill(names, "x");
            settled += scorer.coarseSums(t).decide(names, Math.log(1.3)) != null ? 1 : 0;
        }
        System.out.printf("%d samples: answers identical; %d settled by the 16-bit rows alone%n", texts.size(), settled);
        int rounds = Integer.parseInt(a.length > 0 ? a[0] : "20");
        run("warm", scorer, texts, rounds, null);
        run("cold", scorer, texts, Math.max(2, rounds / 4), new byte[64 << 20]);
    }

    private static String exact(LanguageScorer scorer, String t) {
        LanguageScorer.Best best = scorer.best(t);
        return best == null ? null : best.confidence() >= 1.3 * best.runnerUp() ? best.language() : "";
    }

    private static void run(String name, LanguageScorer scorer, List<String> texts, int rounds, byte[] sweep) {
        var bean = ManagementFactory.getThreadMXBean();
        long before = 0, now = 0, n = 0, sink = 0;
        for (int r = 0; r < rounds; r++) {
            for (String t : texts) {
                for (int side = 0; side < 2; side++) {
                    boolean old = (side == 0) == (r % 2 == 0);
                    if (sweep != null) {
                        for (int i = 0; i < sweep.length; i += 64) sweep[i]++;
                    }
                    long t0 = bean.getCurrentThreadCpuTime();
                    String x = old ? exact(scorer, t) : scorer.decide(t, 1.3);
                    long t1 = bean.getCurrentThreadCpuTime();
                    sink += x == null ? 0 : x.length();
                    if (r >= rounds / 2) {
                        if (old) before += t1 - t0; else now += t1 - t0;
                        if (old) n++;
                    }
                }
            }
        }
        System.out.printf("%s: %d samples, second half of %d rounds interleaved: exact rows %.1f us, 16-bit rows %.1f us per sample (%d)%n",
                name, texts.size(), rounds, before / 1e3 / n, now / 1e3 / n, sink);
    }
}
