package io.ticketflow.classify;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.*;
import java.util.*;
import opennlp.tools.langdetect.LanguageDetectorModel;
public class LangAB {
    public static void main(String[] a) throws Exception {
        LanguageDetectorModel model;
        try (InputStream in = LangAB.class.getResourceAsStream("/langdetect-183.bin")) { model = new LanguageDetectorModel(in); }
        LanguageScorer now = LanguageScorer.of(model.getMaxentModel());
        LanguageScorerOld old = LanguageScorerOld.of(model.getMaxentModel());
        List<String> texts = new ArrayList<>();
        try (var folders = Files.list(Path.of("classifiers"))) {
            for (Path folder : folders.sorted().toList()) for (LabelledText t : TrainingData.read(folder.resolve(ClassifierRegistry.DATA_FILE))) texts.add(t.text());
        }
        try (var files = Files.walk(Path.of(a[0]))) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) texts.add(new String(Files.readAllBytes(f), StandardCharsets.UTF_8));
        }
        texts = texts.stream().map(t -> t.length() > 300 ? t.substring(0, 300) : t).toList();
        int same = 0, skipped = 0;
        for (String t : texts) {
            var x = now.best(t); var y = old.best(t);
            if (x == null || y == null) { if ((x == null) != (y == null)) throw new AssertionError("null differs " + t); skipped++; continue; }
            if (!x.language().equals(y.language()) || Double.doubleToRawLongBits(x.confidence()) != Double.doubleToRawLongBits(y.confidence())
                || Double.doubleToRawLongBits(x.runnerUp()) != Double.doubleToRawLongBits(y.runnerUp())) throw new AssertionError("differs: " + t + " " + x + " " + y);
            same++;
        }
        System.out.println("bit-identical " + same + " (null both " + skipped + ")");
        var bean = ManagementFactory.getThreadMXBean();
        int rounds = Integer.parseInt(a[1]); long ta = 0, tb = 0, n = 0; double sink = 0;
        for (int r = 0; r < rounds; r++) for (String t : texts) {
            if (r % 2 == 0) { long t0 = bean.getCurrentThreadCpuTime(); var x = now.best(t); long t1 = bean.getCurrentThreadCpuTime(); var y = old.best(t); long t2 = bean.getCurrentThreadCpuTime();
            if (x != null) sink += x.confidence() + y.confidence();
            if (r >= rounds / 2) { ta += t1 - t0; tb += t2 - t1; n++; } } else { long t0 = bean.getCurrentThreadCpuTime(); var y = old.best(t); long t1 = bean.getCurrentThreadCpuTime(); var x = now.best(t); long t2 = bean.getCurrentThreadCpuTime();
            if (x != null) sink += x.confidence() + y.confidence();
            if (r >= rounds / 2) { tb += t1 - t0; ta += t2 - t1; n++; } }
        }
        long tn = 0; int m = 0;
        for (int r = 0; r < rounds; r++) for (String t : texts) { long t0 = bean.getCurrentThreadCpuTime(); sink += LanguageNormalizer.normalize(t).length(); long t1 = bean.getCurrentThreadCpuTime(); if (r >= rounds / 2) { tn += t1 - t0; m++; } }
        System.out.printf("normalize alone %.1f us%n", tn / 1e3 / m);
        System.out.printf("%d texts (first 300 chars), second half of %d rounds interleaved: now %.1f us, before %.1f us per text (%s)%n", texts.size(), rounds, ta / 1e3 / n, tb / 1e3 / n, sink > 0);
    }
}
