package io.ticketflow.bench;

import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/** Writes a run's figures as JSON (everything) and Markdown (the headline table) into the results folder. */
final class Report {

    private Report() {
    }

    static Path write(Map<String, Object> results, Path folder, String label) throws IOException {
        Files.createDirectories(folder);
        String stamp = LocalDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HHmm"));
        Path json = folder.resolve(stamp + "-" + label + ".json");
        Es.JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), results);
        Files.writeString(folder.resolve(stamp + "-" + label + ".md"), summary(results));
        return json;
    }

    /** The headline figures against the targets of issue 8. */
    @SuppressWarnings("unchecked")
    static String summary(Map<String, Object> results) {
        Map<String, Object> machine = map(results.get("machine"));
        Map<String, Object> t = map(results.get("throughput"));
        List<Object> latencies = results.get("latency") instanceof List<?> list ? (List<Object>) list : List.of();
        Map<String, Object> m = map(results.get("memory"));
        Map<String, Object> c = map(results.get("correctness"));
        Map<String, Object> b = map(results.get("baseline"));
        StringBuilder s = new StringBuilder();
        s.append("## Ticketflow end-to-end benchmark\n\n");
        s.append("- date: ").append(machine.get("date")).append(", commit ").append(machine.get("commit")).append('\n');
        s.append("- machine: ").append(machine.get("cpus")).append(" CPUs (").append(machine.get("cpuModel"))
                .append("), ").append(machine.get("memoryMib")).append(" MiB, load average at start ")
                .append(machine.get("loadAverageAtStart")).append('\n');
        s.append("- command: `").append(results.get("command")).append("`\n\n");
        s.append("| figure | measured | target |\n|---|---|---|\n");
        row(s, "mails/s sustained (burst of " + t.get("mails") + ", until all searchable)", t.get("mailsPerSecond"), "≥ 400");
        row(s, "mails/s between 10 % and 90 % searchable", t.get("mailsPerSecond10to90"), "");
        row(s, "Ticketflow CPU ms per mail", t.get("ticketflowCpuMsPerMail"), "≤ 3");
        if (t.get("ticketflowJitCpuMsPerMail") != null) {
            row(s, "of which Ticketflow JIT compiler threads", t.get("ticketflowJitCpuMsPerMail"), "");
        }
        row(s, "Elasticsearch CPU ms per mail", t.get("elasticsearchCpuMsPerMail"), "≤ 3");
        if (t.get("elasticsearchJitCpuMsPerMail") != null) {
            row(s, "of which ES JIT compiler threads / kernel (system) time", t.get("elasticsearchJitCpuMsPerMail")
                    + " / " + t.get("elasticsearchSystemCpuMsPerMail"), "");
        }
        if (t.get("benchCpuMsPerMail") != null) {
            row(s, "bench process CPU ms per mail (GreenMail, delivery, searchable checks)", t.get("benchCpuMsPerMail"), "");
            if (t.get("benchCpuMsPerMailByThread") != null) {
                row(s, "of which by thread (live threads, 0.05 and up)", map(t.get("benchCpuMsPerMailByThread")), "");
            }
            row(s, "machine over the burst: busy share / iowait share (all processes, all cores)",
                    t.get("machineBusyShare") + " / " + t.get("machineIowaitShare"), "");
            row(s, "core ms per mail: all cores / idle (incl. iowait) / other processes", t.get("machineCoreMsPerMail")
                    + " / " + t.get("machineIdleMsPerMail") + " / " + t.get("otherProcessesCpuMsPerMail"), "");
        }
        if (t.get("ticketflowGcCpuMsPerMail") != null) {
            row(s, "GC threads (and VM Thread) Ticketflow / ES", t.get("ticketflowGcCpuMsPerMail") + " / "
                    + t.get("elasticsearchGcCpuMsPerMail"), "");
        }
        Map<String, Object> perMail = map(t.get("elasticsearchPerMail"));
        if (!perMail.isEmpty()) {
            row(s, "ES work per mail: index ops / realtime GETs / searches / refreshes (internal) / merges",
                    perMail.get("indexOps") + " / " + perMail.get("realtimeGets") + " / " + perMail.get("searches")
                            + " / " + perMail.get("refreshes") + " (" + perMail.get("internalRefreshes") + ") / "
                            + perMail.get("merges"), "");
            row(s, "ES shard-level bulk requests per mail / index ops per shard bulk",
                    perMail.get("shardBulks") + " / " + perMail.get("indexOpsPerShardBulk"), "");
        }
        Map<String, Object> byIndex = map(t.get("elasticsearchPerMailByIndex"));
        if (!byIndex.isEmpty()) {
            StringBuilder parts = new StringBuilder();
            byIndex.forEach((kind, v) -> parts.append(parts.isEmpty() ? "" : ", ").append(kind).append(' ')
                    .append(map(v).get("indexOps")).append(" / ").append(map(v).get("gets")));
            row(s, "ES index ops / realtime GETs per mail, per index", parts, "");
            StringBuilder refreshes = new StringBuilder();
            byIndex.forEach((kind, v) -> {
                if (map(v).get("refreshesPer100") != null) {
                    refreshes.append(refreshes.isEmpty() ? "" : ", ").append(kind).append(' ')
                            .append(map(v).get("refreshesPer100")).append(" / ").append(map(v).get("mergesPer100"));
                }
            });
            row(s, "ES refreshes / merges per 100 mails, per index", refreshes, "");
        }
        for (Object latency : latencies) {
            Map<String, Object> l = map(latency);
            row(s, "delivery→searchable p50 / p99 / max at " + l.get("rate") + " mails/s (poll delay "
                    + l.get("pollDelayMs") + " ms)", l.get("p50Ms") + " / " + l.get("p99Ms") + " / " + l.get("maxMs")
                    + " ms", "p99 ≤ 1500 ms (with IDLE)");
            row(s, "Ticketflow / ES CPU ms per mail at " + l.get("rate") + " mails/s",
                    l.get("ticketflowCpuMsPerMail") + " / " + l.get("elasticsearchCpuMsPerMail"), "");
        }
        row(s, "Ticketflow peak heap used (MiB, -Xmx" + m.get("ticketflowHeapMax") + ")", m.get("ticketflowPeakHeapMib"),
                "≤ 512");
        row(s, "Ticketflow peak RSS (MiB)", m.get("ticketflowPeakRssMib"), "");
        row(s, "Elasticsearch peak RSS (MiB)", m.get("elasticsearchPeakRssMib"), "");
        if (!b.isEmpty()) {
            row(s, "ES bulk of the same documents alone (mails/s)", b.get("mailsPerSecond"), "");
            row(s, "ES bulk of the message documents alone (mails/s)", b.get("messagesOnlyMailsPerSecond"), "");
            Object tf = t.get("mailsPerSecond");
            if (tf instanceof Number n && b.get("mailsPerSecond") instanceof Number limit) {
                row(s, "Ticketflow rate as a fraction of the bulk rate",
                        String.format("%.1f %%", 100 * n.doubleValue() / limit.doubleValue()), "≥ 15 %");
            }
        }
        if (!c.isEmpty()) {
            row(s, "correctness: missing / duplicated / replies on wrong ticket / merged threads",
                    c.get("missing") + " / " + c.get("duplicated") + " / " + c.get("repliesOnWrongTicket") + " of "
                            + c.get("replies") + " / " + c.get("threadsMergedWrongly"), "0 / 0 / 0 / 0");
        }
        List<String> failures = (List<String>) results.getOrDefault("failures", List.of());
        s.append('\n').append(failures.isEmpty() ? "All checks passed.\n" : "FAILED: " + failures + "\n");
        return s.toString();
    }

    private static void row(StringBuilder s, String name, Object value, String target) {
        if (value != null) {
            s.append("| ").append(name).append(" | ").append(value).append(" | ").append(target).append(" |\n");
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }
}
