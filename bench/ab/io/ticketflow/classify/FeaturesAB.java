package io.ticketflow.classify;

import io.ticketflow.bench.MailGenerator;
import io.ticketflow.parse.MessageParser;
import io.ticketflow.vocabulary.ParsedMessage;
import io.ticketflow.vocabulary.RawMessage;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.*;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Round 10 tfcpu2: a mail's known feature ids the previous way (every normalizer pattern, feature strings, HashMap of
 * names) and the new one (digit and literal prefilter, features as chars looked up in FeatureIndex), on the texts
 * ClassifierSet gets for 500 generated mails; first proves the ids equal for every mail, then times both alternating.
 */
public class FeaturesAB {
    private static final Pattern TOKEN = Pattern.compile("_[a-z]+|[\\p{L}\\p{M}]+(?:['’][\\p{L}]+)?|\\p{N}+|[?!€$£]");

    public static void main(String[] a) throws Exception {
        MessageParser parser = new MessageParser();
        List<String> texts = MailGenerator.generate(MailGenerator.Options.of(11, 500)).stream()
                .map(m -> parser.parse(RawMessage.of(m.bytes(), "imap", "support")))
                .map(p -> MessageClassifier.textOf(p.subject(), p.newContent() == null || p.newContent().isBlank() ? p.text() : p.newContent()))
                .toList();
        ClassifierSet set = new ClassifierRegistry(Path.of("classifiers"), ChronoUnit.FOREVER.getDuration()).classifierSet();
        // the previous joint index: a HashMap of the names
        Map<String, Integer> joint = new HashMap<>();
        java.util.TreeSet<String> names = new java.util.TreeSet<>();
        var field = ClassifierSet.class.getDeclaredField("joint");
        field.setAccessible(true);
        FeatureIndex index = (FeatureIndex) field.get(set);
        var namesField = FeatureIndex.class.getDeclaredField("names");
        namesField.setAccessible(true);
        for (String n : (String[]) namesField.get(index)) joint.put(n, joint.size());
        long features = 0;
        for (String t : texts) {
            int[] x = set.known(DocClassifier.Features.tokensOf(t));
            int[] y = previous(t, joint);
            if (!Arrays.equals(x, y)) throw new AssertionError("differs: " + t);
            if (!TextNormalizer.normalize(t).equals(TextNormalizer.normalizeUnfiltered(t))) throw new AssertionError("normalize differs: " + t);
            features += x.length;
        }
        System.out.printf("%d mails: known ids and normalized text identical (%d known features, vocabulary %d)%n", texts.size(), features, joint.size());
        var bean = ManagementFactory.getThreadMXBean();
        int rounds = Integer.parseInt(a[0]);
        long[] t = new long[4]; long n = 0, sink = 0;
        for (int r = 0; r < rounds; r++) for (String text : texts) {
            for (int order = 0; order < 2; order++) {
                boolean now = (order == 0) == (r % 2 == 0);
                long t0 = bean.getCurrentThreadCpuTime();
                String norm = now ? TextNormalizer.normalize(text) : TextNormalizer.normalizeUnfiltered(text);
                long t1 = bean.getCurrentThreadCpuTime();
                int[] ids = now ? set.known(DocClassifier.Features.tokensOf(text)) : previous(text, joint);
                long t2 = bean.getCurrentThreadCpuTime();
                sink += norm.length() + ids.length;
                if (r >= rounds / 2) { t[now ? 0 : 2] += t1 - t0; t[now ? 1 : 3] += t2 - t1; }
            }
            if (r >= rounds / 2) n++;
        }
        System.out.printf("second half of %d rounds, alternating, µs per mail (thread CPU):%n  normalize alone: previous %.1f, now %.1f%n"
                + "  tokens + features + known ids (includes a normalize): previous %.1f, now %.1f   (%d)%n",
                rounds, t[2] / 1e3 / n, t[0] / 1e3 / n, t[3] / 1e3 / n, t[1] / 1e3 / n, sink % 7);
    }

    /** As before round 10: every pattern, tokens, feature strings, HashMap lookups, sorted. */
    static int[] previous(String text, Map<String, Integer> joint) {
        Matcher m = TOKEN.matcher(TextNormalizer.normalizeUnfiltered(text));
        List<String> out = new ArrayList<>();
        while (m.find()) out.add(m.group());
        String[] tokens = out.isEmpty() ? new String[] { "_empty" } : out.toArray(String[]::new);
        List<String> features = new ArrayList<>(tokens.length * 12);
        for (int i = 0; i < tokens.length; i++) {
            String token = tokens[i];
            features.add("w=" + token);
            features.add("b=" + (i == 0 ? "^" : tokens[i - 1]) + "_" + token);
            if (token.charAt(0) != '_') {
                String word = "<" + token + ">";
                for (int k = 3; k <= 5; k++) for (int start = 0; start + k <= word.length(); start++) features.add("c=" + word.substring(start, start + k));
            }
        }
        features.add("b=" + tokens[tokens.length - 1] + "_$");
        int[] ids = new int[features.size()];
        int k = 0;
        for (String f : features) { Integer id = joint.get(f); if (id != null) ids[k++] = id; }
        int[] known = Arrays.copyOf(ids, k);
        Arrays.sort(known);
        return known;
    }
}
