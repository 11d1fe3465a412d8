package io.ticketflow.classify;

import io.ticketflow.bench.MailGenerator;
import io.ticketflow.parse.MessageParser;
import io.ticketflow.vocabulary.RawMessage;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.*;

/**
 * Round 12 classify: a mail's feature look-ups in the joint vocabulary with FeatureIndex as of round 11 (int slots, a
 * hash array, String names) and now (hash and index in one long slot, names' chars in one array); the features of the
 * texts ClassifierSet gets for 500 generated mails. First proves every look-up gives the same index, then times both
 * alternating mail by mail (the features are made once per mail, outside the timing).
 */
public class IndexAB {
    public static void main(String[] a) throws Exception {
        MessageParser parser = new MessageParser();
        List<String> texts = MailGenerator.generate(MailGenerator.Options.of(11, 500)).stream()
                .map(m -> parser.parse(RawMessage.of(m.bytes(), "imap", "support")))
                .map(p -> MessageClassifier.textOf(p.subject(), p.newContent() == null || p.newContent().isBlank() ? p.text() : p.newContent()))
                .toList();
        ClassifierSet set = new ClassifierRegistry(Path.of("classifiers"), ChronoUnit.FOREVER.getDuration()).classifierSet();
        var field = ClassifierSet.class.getDeclaredField("joint");
        field.setAccessible(true);
        FeatureIndex now = (FeatureIndex) field.get(set);
        var namesField = FeatureIndex.class.getDeclaredField("names");
        namesField.setAccessible(true);
        FeatureIndexR11 before = new FeatureIndexR11(Arrays.asList((String[]) namesField.get(now)));
        // each mail's features as one char array and their ends
        List<char[]> chars = new ArrayList<>();
        List<int[]> ends = new ArrayList<>();
        long found = 0, all = 0;
        for (String t : texts) {
            StringBuilder sb = new StringBuilder();
            List<Integer> e = new ArrayList<>();
            TicketTextFeatures.forEach(DocClassifier.Features.tokensOf(t), (c, n) -> { sb.append(c, 0, n); e.add(sb.length()); });
            char[] c = sb.toString().toCharArray();
            int[] end = e.stream().mapToInt(Integer::intValue).toArray();
            chars.add(c);
            ends.add(end);
            int from = 0;
            for (int to : end) {
                char[] f = Arrays.copyOfRange(c, from, to);
                int x = now.indexOf(c, from, to), y = before.indexOf(f, f.length);
                if (x != y || x != now.indexOf(f, f.length)) throw new AssertionError("differs: " + new String(f));
                found += x >= 0 ? 1 : 0; all++;
                from = to;
            }
        }
        System.out.printf("%d mails: %d feature look-ups, %d found, same index in both%n", texts.size(), all, found);
        var bean = ManagementFactory.getThreadMXBean();
        int rounds = Integer.parseInt(a[0]);
        long[] t = new long[2]; long n = 0, sink = 0;
        char[] buf = new char[256];
        for (int r = 0; r < rounds; r++) for (int m = 0; m < texts.size(); m++) {
            char[] c = chars.get(m);
            int[] end = ends.get(m);
            for (int order = 0; order < 2; order++) {
                boolean isNow = (order == 0) == (r % 2 == 0);
                long t0 = bean.getCurrentThreadCpuTime();
                int from = 0;
                for (int to : end) {
                    // as ClassifierSet calls it: the feature's chars at the start of a reused buffer
                    int len = to - from;
                    if (len > buf.length) buf = new char[len * 2];
                    System.arraycopy(c, from, buf, 0, len);
                    sink += isNow ? now.indexOf(buf, len) : before.indexOf(buf, len);
                    from = to;
                }
                long t1 = bean.getCurrentThreadCpuTime();
                if (r >= rounds / 2) t[isNow ? 0 : 1] += t1 - t0;
            }
            if (r >= rounds / 2) n++;
        }
        System.out.printf("second half of %d rounds, alternating, µs per mail (thread CPU): feature look-ups: previous %.1f, now %.1f   (%d)%n",
                rounds, t[1] / 1e3 / n, t[0] / 1e3 / n, sink % 7);
    }
}
