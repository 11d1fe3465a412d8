package io.ticketflow.classify;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Accuracy, macro-F1, per-label precision/recall and the most frequent confusions of a set of predictions against
 * their gold labels. Add pairs with {@link #add}; read figures at any time.
 */
public final class Evaluation {

    private final Map<String, Map<String, Integer>> confusion = new TreeMap<>();
    private int total;
    private int correct;

    public synchronized void add(String gold, String predicted) {
        confusion.computeIfAbsent(gold, g -> new TreeMap<>()).merge(predicted, 1, Integer::sum);
        total++;
        if (gold.equals(predicted)) {
            correct++;
        }
    }

    public synchronized void addAll(Evaluation other) {
        other.confusion.forEach((g, row) -> row.forEach((p, n) -> {
            for (int i = 0; i < n; i++) {
                add(g, p);
            }
        }));
    }

    public int total() {
        return total;
    }

    public double accuracy() {
        return total == 0 ? 0 : (double) correct / total;
    }

    /** Unweighted mean of the per-label F1 over every label seen as gold or predicted. */
    public double macroF1() {
        List<LabelScore> labels = perLabel();
        return labels.isEmpty() ? 0 : labels.stream().mapToDouble(LabelScore::f1).average().orElse(0);
    }

    public List<LabelScore> perLabel() {
        TreeSet<String> labels = new TreeSet<>(confusion.keySet());
        confusion.values().forEach(row -> labels.addAll(row.keySet()));
        List<LabelScore> out = new ArrayList<>();
        for (String label : labels) {
            int tp = cell(label, label);
            int goldCount = confusion.getOrDefault(label, Map.of()).values().stream().mapToInt(Integer::intValue).sum();
            int predictedCount = confusion.values().stream().mapToInt(row -> row.getOrDefault(label, 0)).sum();
            double p = predictedCount == 0 ? 0 : (double) tp / predictedCount;
            double r = goldCount == 0 ? 0 : (double) tp / goldCount;
            out.add(new LabelScore(label, goldCount, p, r, p + r == 0 ? 0 : 2 * p * r / (p + r)));
        }
        return out;
    }

    /** The most frequent (gold → predicted) mistakes, largest first. */
    public List<Confusion> topConfusions(int limit) {
        List<Confusion> all = new ArrayList<>();
        confusion.forEach((g, row) -> row.forEach((p, n) -> {
            if (!g.equals(p)) {
                all.add(new Confusion(g, p, n));
            }
        }));
        all.sort(Comparator.comparingInt(Confusion::count).reversed().thenComparing(Confusion::gold));
        return all.subList(0, Math.min(limit, all.size()));
    }

    private int cell(String gold, String predicted) {
        return confusion.getOrDefault(gold, Map.of()).getOrDefault(predicted, 0);
    }

    /** The human-readable report: summary line, per-label table, confusions. */
    public String report() {
        StringBuilder s = new StringBuilder();
        s.append(String.format("examples=%d accuracy=%.4f macro_f1=%.4f%n%n", total, accuracy(), macroF1()));
        s.append(String.format("%-32s %8s %9s %7s %7s%n", "label", "support", "precision", "recall", "f1"));
        for (LabelScore l : perLabel()) {
            s.append(String.format("%-32s %8d %9.3f %7.3f %7.3f%n", l.label(), l.support(), l.precision(), l.recall(), l.f1()));
        }
        List<Confusion> top = topConfusions(15);
        s.append(String.format("%nmost frequent confusions (gold -> predicted: count):%n"));
        if (top.isEmpty()) {
            s.append("  none\n");
        }
        top.forEach(c -> s.append(String.format("  %s -> %s: %d%n", c.gold(), c.predicted(), c.count())));
        return s.toString();
    }

    public String summaryLine() {
        return String.format(java.util.Locale.ROOT, "accuracy=%.4f macro_f1=%.4f", accuracy(), macroF1());
    }

    public record LabelScore(String label, int support, double precision, double recall, double f1) {
    }

    public record Confusion(String gold, String predicted, int count) {
    }
}
