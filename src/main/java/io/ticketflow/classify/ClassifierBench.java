package io.ticketflow.classify;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Wall time and this thread's CPU time per classification (language and every classifier of a folder) on one thread,
 * over the classifiers' own training texts. On a busy machine the wall time includes waiting for a core; the CPU time
 * is what one classification costs.
 */
public final class ClassifierBench {

    private ClassifierBench() {
    }

    /** Prints the figures to out; false when the folder has no trained classifier. */
    public static boolean run(Path classifiers, int repeat, boolean embeddings, PrintStream out) {
        MessageClassifier classifier = new MessageClassifier(new LanguageDetection(20),
                new ClassifierRegistry(classifiers, ChronoUnit.FOREVER.getDuration()));
        Map<String, DocClassifier> loaded = classifier.registry().classifiers();
        if (loaded.isEmpty()) {
            return false;
        }
        Set<String> distinct = new LinkedHashSet<>();
        for (String name : loaded.keySet()) {
            Path data = classifiers.resolve(name).resolve(ClassifierRegistry.DATA_FILE);
            if (Files.exists(data)) {
                TrainingData.read(data).forEach(t -> distinct.add(t.text()));
            }
        }
        List<String> texts = new ArrayList<>(distinct);
        if (texts.isEmpty()) {
            texts.add("Our shop is down since 08:00, customers cannot pay order #12345. Please help urgently.");
        }
        out.printf("classifiers %s, one thread, %d repetitions%n", loaded.keySet(), repeat);
        Consumer<String> classify = t -> classifier.classify("Subject", t);
        for (int i = 0; i < 2; i++) { // warm-up: JIT
            texts.forEach(classify);
        }
        measure("short messages (starter data)", classify, texts, repeat, out);
        // a typical longer mail: about 1500 characters of several paragraphs
        List<String> longer = new ArrayList<>();
        for (int i = 0; i + 10 <= texts.size(); i += 10) {
            longer.add(String.join("\n\n", texts.subList(i, i + 10)));
        }
        if (!longer.isEmpty()) {
            measure("long messages (~" + longer.get(0).length() + " chars)", classify, longer, repeat, out);
        }
        if (embeddings) {
            // what a model with embeddings adds for each message whose sparse confidence is below its embed-below
            SentenceEmbedder embedder = SentenceEmbedder.shared();
            measure("sentence embedding, short messages", embedder::embed, texts, repeat, out);
            if (!longer.isEmpty()) {
                measure("sentence embedding, long messages", embedder::embed, longer, Math.max(1, repeat / 4), out);
            }
        }
        return true;
    }

    private static void measure(String what, Consumer<String> action, List<String> texts, int repeat, PrintStream out) {
        CallCost cost = CallCost.of(texts, 1, repeat, action);
        out.printf("%s, %d runs:%n  wall %s%n  cpu  %s%n", what, cost.calls(), cost.wall(), cost.cpu());
    }
}
