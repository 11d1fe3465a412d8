package io.ticketflow.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where Ticketflow's time goes, from a JFR recording: {@code jfr print --events jdk.ExecutionSample} (threads on CPU)
 * and {@code jdk.NativeMethodSample} (threads in native code: mostly waiting on sockets) summarised by library of the
 * top frame, by pipeline stage (the nearest io.ticketflow frame), by hottest method, and by Ticketflow method
 * inclusive of what it calls.
 */
final class JfrSummary {

    /** Library of a frame, by package prefix; first match wins. */
    private static final List<String[]> LIBRARIES = List.of(
            new String[] { "org.apache.tika", "tika" }, new String[] { "org.apache.pdfbox", "tika" },
            new String[] { "org.apache.poi", "tika" }, new String[] { "org.apache.fontbox", "tika" },
            new String[] { "org.jsoup", "html" }, new String[] { "org.ccil.cowan.tagsoup", "html" },
            new String[] { "opennlp", "opennlp" },
            new String[] { "com.fasterxml.jackson", "json" }, new String[] { "co.elastic.clients.json", "json" },
            new String[] { "jakarta.json", "json" }, new String[] { "org.eclipse.parsson", "json" },
            new String[] { "co.elastic", "es-client" }, new String[] { "org.elasticsearch.client", "es-client" },
            new String[] { "org.apache.http", "http" }, new String[] { "sun.nio", "io" }, new String[] { "java.net", "io" },
            new String[] { "sun.net", "io" },
            new String[] { "jakarta.mail", "mail" }, new String[] { "org.eclipse.angus", "mail" },
            new String[] { "com.sun.mail", "mail" }, new String[] { "com.icegreen", "mail" },
            new String[] { "org.apache.camel", "camel" }, new String[] { "org.springframework", "spring" },
            new String[] { "freemarker", "templates" }, new String[] { "java.util.regex", "regex" },
            new String[] { "java.util.zip", "zip" }, new String[] { "sun.security", "crypto" },
            new String[] { "java.security", "crypto" }, new String[] { "io.ticketflow", "ticketflow" },
            new String[] { "java.", "jdk" }, new String[] { "jdk.", "jdk" }, new String[] { "sun.", "jdk" });

    private JfrSummary() {
    }

    static Map<String, Object> summarize(Path recording) throws Exception {
        if (!Files.exists(recording)) {
            return Map.of("error", "no recording at " + recording);
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("recording", recording.toString());
        r.put("onCpu", summarize(samples(recording, "jdk.ExecutionSample")));
        r.put("inNative", summarize(samples(recording, "jdk.NativeMethodSample")));
        return r;
    }

    /** One sample: thread name and frames, top first. */
    record Sample(String thread, List<String> frames) {
    }

    static List<Sample> samples(Path recording, String event) throws IOException, InterruptedException {
        Path jfr = Path.of(System.getProperty("java.home"), "bin", "jfr");
        Path out = Files.createTempFile("jfr-", ".txt");
        try {
            Process p = new ProcessBuilder(jfr.toString(), "print", "--stack-depth", "96", "--events", event,
                    recording.toString()).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (p.waitFor() != 0) {
                throw new IOException("jfr print failed: " + Files.readString(out));
            }
            return parse(Files.readAllLines(out));
        }
        finally {
            Files.deleteIfExists(out);
        }
    }

    static List<Sample> parse(List<String> lines) {
        List<Sample> samples = new ArrayList<>();
        String thread = null;
        List<String> frames = null;
        for (String line : lines) {
            String t = line.strip();
            if (t.startsWith("sampledThread = ")) {
                int q = t.indexOf('"');
                int end = t.indexOf('"', q + 1);
                thread = q >= 0 && end > q ? t.substring(q + 1, end) : t;
            }
            else if (t.startsWith("stackTrace = [")) {
                frames = new ArrayList<>();
            }
            else if (frames != null && t.equals("]")) {
                samples.add(new Sample(thread, frames));
                frames = null;
            }
            else if (frames != null && !t.equals("...")) {
                int paren = t.indexOf('(');
                frames.add(paren > 0 ? t.substring(0, paren) : t);
            }
        }
        return samples;
    }

    static Map<String, Object> summarize(List<Sample> samples) {
        Map<String, Integer> byThread = new HashMap<>();
        Map<String, Integer> byLibrary = new HashMap<>();
        Map<String, Integer> byStage = new HashMap<>();
        Map<String, Integer> selfMethods = new HashMap<>();
        Map<String, Integer> inclusive = new HashMap<>();
        for (Sample s : samples) {
            byThread.merge(s.thread() == null ? "?" : s.thread().replaceAll("[0-9]+", "#"), 1, Integer::sum);
            if (s.frames().isEmpty()) {
                continue;
            }
            byLibrary.merge(library(s.frames().get(0)), 1, Integer::sum);
            selfMethods.merge(s.frames().get(0), 1, Integer::sum);
            String stage = "(outside io.ticketflow)";
            Set<String> seen = new HashSet<>();
            for (String frame : s.frames()) {
                if (frame.startsWith("io.ticketflow.")) {
                    if (stage.startsWith("(")) {
                        String[] parts = frame.split("\\.");
                        stage = parts.length > 3 ? parts[2] + " (" + parts[3] + ")" : frame;
                    }
                    if (seen.add(frame)) {
                        inclusive.merge(frame, 1, Integer::sum);
                    }
                }
            }
            byStage.merge(stage, 1, Integer::sum);
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("samples", samples.size());
        r.put("byThread", top(byThread, 10, samples.size()));
        r.put("byLibraryOfTopFrame", top(byLibrary, 20, samples.size()));
        r.put("byNearestTicketflowClass", top(byStage, 20, samples.size()));
        r.put("hottestMethods", top(selfMethods, 25, samples.size()));
        r.put("ticketflowMethodsInclusive", top(inclusive, 25, samples.size()));
        return r;
    }

    private static String library(String frame) {
        for (String[] l : LIBRARIES) {
            if (frame.startsWith(l[0])) {
                return l[1];
            }
        }
        return "other";
    }

    /** The largest entries as "percent% (count)" strings, largest first. */
    static Map<String, String> top(Map<String, Integer> counts, int n, int total) {
        Map<String, String> r = new LinkedHashMap<>();
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(n)
                .forEach(e -> r.put(e.getKey(), String.format("%.1f%% (%d)", 100.0 * e.getValue() / Math.max(1, total),
                        e.getValue())));
        return r;
    }
}
