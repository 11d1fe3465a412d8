package io.ticketflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package graph of src/main/java points one way (see docs/architecture.md): a package may use packages of a lower
 * layer only, never one of its own layer or above, and there is no cycle, also among sub-packages. The graph is read
 * from the sources themselves: import lines and qualified names in code (comments and strings do not count), so a
 * new upward arrow fails here before it becomes a habit.
 */
class ArchitectureTest {

    /**
     * The layers, lowest first. A package belongs to the layer of the longest prefix listed; packages of the last layer
     * are entry points that nothing else may use. The root package holds only the Spring application class, which
     * the command launcher starts.
     */
    static final List<List<String>> LAYERS = List.of(
            List.of("vocabulary", "config"),
            List.of("parse", "screen", "classify", "route"),
            List.of("ticket"),
            List.of("sla"),
            List.of("store"),
            List.of("thread"),
            List.of("lifecycle"),
            List.of("respond"),
            List.of("followup"),
            // integration.webhooks hears the event log (store) only; integration sits with the intake it feeds
            List.of("intake", "integration"),
            List.of("security"),
            List.of("source", "api", "embedded", "kibana"),
            List.of(""),
            List.of("cli"));

    static final int MAX_LINES = 400;


    private static final Path MAIN = Path.of("src/main/java");
    private static final String ROOT = "io.ticketflow";
    private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);
    private static final Pattern REFERENCE = Pattern.compile("\\bio\\.ticketflow((?:\\.[a-z]\\w*)*)\\.[A-Z]");
    private static final Pattern COMMENTS_AND_STRINGS = Pattern
            .compile("\"\"\"[\\s\\S]*?\"\"\"|\"(?:\\\\.|[^\"\\\\\\n])*\"|'(?:\\\\.|[^'\\\\])'|//[^\\n]*|/\\*[\\s\\S]*?\\*/");

    private static final Map<String, Map<String, Set<String>>> graph = new TreeMap<>();
    private static final Map<Path, Integer> lines = new TreeMap<>();

    @BeforeAll
    static void readSources() throws IOException {
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String text = Files.readString(file);
                lines.put(file, (int) text.lines().count());
                Matcher pkg = PACKAGE.matcher(text);
                assertThat(pkg.find()).as("package line of %s", file).isTrue();
                String from = relative(pkg.group(1));
                Map<String, Set<String>> arrows = graph.computeIfAbsent(from, k -> new TreeMap<>());
                Matcher ref = REFERENCE.matcher(COMMENTS_AND_STRINGS.matcher(text).replaceAll(" "));
                while (ref.find()) {
                    String to = ref.group(1).isEmpty() ? "" : ref.group(1).substring(1);
                    if (!to.equals(from)) {
                        arrows.computeIfAbsent(to, k -> new TreeSet<>()).add(file.getFileName().toString());
                    }
                }
            }
        }
    }

    @Test
    void everyPackageHasALayer() {
        assertThat(graph.keySet()).allSatisfy(p -> assertThat(layer(p)).as("layer of package '%s'", p).isNotNegative());
    }

    @Test
    void arrowsPointOnlyToLowerLayers() {
        List<String> upward = new ArrayList<>();
        graph.forEach((from, arrows) -> arrows.forEach((to, files) -> {
            boolean sameGroup = group(from).equals(group(to));
            if (!sameGroup && layer(to) >= layer(from)) {
                upward.add(display(from) + " -> " + display(to) + " in " + files);
            }
        }));
        assertThat(upward).as("arrows to the same or a higher layer (see docs/architecture.md)").isEmpty();
    }

    @Test
    void noPackageCycles() {
        List<List<String>> cycles = stronglyConnected().stream().filter(c -> c.size() > 1).toList();
        assertThat(cycles).as("package cycles").isEmpty();
    }

    @Test
    void noMainSourceFileIsOverTheLimit() {
        Map<Path, Integer> long_ = new LinkedHashMap<>();
        lines.forEach((file, count) -> {
            if (count > MAX_LINES) {
                long_.put(file, count);
            }
        });
        assertThat(long_).as("main source files over %d lines: split them by what they do", MAX_LINES).isEmpty();
    }

    @Test
    void theCheckSeesTheArrowsThatExist() {
        // guards against a check that passes because it reads nothing
        assertThat(graph.get("intake")).containsKeys("store", "parse", "vocabulary");
        assertThat(graph.get("store")).doesNotContainKey("intake");
    }

    private static String relative(String pkg) {
        return pkg.equals(ROOT) ? "" : pkg.substring(ROOT.length() + 1);
    }

    private static String display(String pkg) {
        return pkg.isEmpty() ? "(root)" : pkg;
    }

    /** The listed prefix a package belongs to ("parse.mime" → "parse"). */
    static String group(String pkg) {
        String best = null;
        for (List<String> layer : LAYERS) {
            for (String prefix : layer) {
                boolean matches = prefix.isEmpty() ? pkg.isEmpty() : pkg.equals(prefix) || pkg.startsWith(prefix + ".");
                if (matches && (best == null || prefix.length() > best.length())) {
                    best = prefix;
                }
            }
        }
        return best;
    }

    static int layer(String pkg) {
        String g = group(pkg);
        for (int i = 0; i < LAYERS.size(); i++) {
            if (LAYERS.get(i).contains(g)) {
                return i;
            }
        }
        return -1;
    }

    /** Tarjan's algorithm over the package graph. */
    private static List<List<String>> stronglyConnected() {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new TreeSet<>();
        List<List<String>> result = new ArrayList<>();
        int[] counter = { 0 };
        for (String v : graph.keySet()) {
            if (!index.containsKey(v)) {
                connect(v, index, low, stack, onStack, result, counter);
            }
        }
        return result;
    }

    private static void connect(String v, Map<String, Integer> index, Map<String, Integer> low, Deque<String> stack,
            Set<String> onStack, List<List<String>> result, int[] counter) {
        index.put(v, counter[0]);
        low.put(v, counter[0]++);
        stack.push(v);
        onStack.add(v);
        for (String w : graph.getOrDefault(v, Map.of()).keySet()) {
            if (!index.containsKey(w)) {
                connect(w, index, low, stack, onStack, result, counter);
                low.put(v, Math.min(low.get(v), low.get(w)));
            }
            else if (onStack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            List<String> component = new ArrayList<>();
            String w;
            do {
                w = stack.pop();
                onStack.remove(w);
                component.add(display(w));
            } while (!w.equals(v));
            result.add(component);
        }
    }
}
