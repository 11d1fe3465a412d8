package io.ticketflow.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The limit: the documents Ticketflow left in Elasticsearch, bulk-indexed alone (no parsing, no threading, no
 * per-message round trips) into fresh indices with the same mappings and settings, by two client threads in batches
 * of about 5 MB. Ticketflow's rate divided by this one says how close the pipeline is to what ES can do here.
 */
final class BulkBaseline {

    /** The index kinds written per mail (counters is one document for all mails). */
    static final List<String> KINDS = List.of("raw", "messages", "tickets", "message-ids", "events", "outbox");

    private static final int BATCH_BYTES = 5 * 1024 * 1024;

    private BulkBaseline() {
    }

    static Map<String, Object> run(Es es, ProcessMeter esMeter, String prefix, long mails) throws Exception {
        Map<String, Object> r = new LinkedHashMap<>();
        Map<String, Object> perKind = new LinkedHashMap<>();
        double totalSeconds = 0;
        double totalCpu = 0;
        long totalDocs = 0;
        for (String kind : KINDS) {
            String source = prefix + "-" + kind;
            if (!es.exists("/" + source)) {
                continue;
            }
            String target = "baseline-" + kind;
            createLike(es, source, target);
            List<String> batches = batches(es, source, target);
            long docs = es.count(source);
            double cpuBefore = esMeter == null ? Double.NaN : esMeter.cpuSeconds();
            long start = System.nanoTime();
            ExecutorService clients = Executors.newFixedThreadPool(2);
            List<Future<?>> sent = new ArrayList<>();
            for (String batch : batches) {
                sent.add(clients.submit(() -> es.bulk(batch)));
            }
            for (Future<?> f : sent) {
                f.get();
            }
            clients.shutdown();
            es.post("/" + target + "/_refresh", null);
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpu = esMeter == null ? Double.NaN : esMeter.cpuSeconds() - cpuBefore;
            if (es.count(target) != docs) {
                throw new IllegalStateException("baseline " + target + " has " + es.count(target) + " of " + docs);
            }
            Map<String, Object> k = new LinkedHashMap<>();
            k.put("docs", docs);
            k.put("seconds", EndToEndBenchmark.round(seconds));
            k.put("docsPerSecond", EndToEndBenchmark.round(docs / seconds));
            k.put("elasticsearchCpuSeconds", EndToEndBenchmark.round(cpu));
            perKind.put(kind, k);
            totalSeconds += seconds;
            totalCpu += cpu;
            totalDocs += docs;
            es.delete("/" + target);
        }
        r.put("mails", mails);
        r.put("docs", totalDocs);
        r.put("seconds", EndToEndBenchmark.round(totalSeconds));
        r.put("mailsPerSecond", EndToEndBenchmark.round(mails / totalSeconds));
        r.put("elasticsearchCpuMsPerMail", EndToEndBenchmark.round(totalCpu * 1000 / mails));
        @SuppressWarnings("unchecked")
        Map<String, Object> messages = (Map<String, Object>) perKind.get("messages");
        if (messages != null) {
            r.put("messagesOnlyMailsPerSecond", EndToEndBenchmark.round(mails / (double) messages.get("seconds")));
        }
        r.put("perIndex", perKind);
        EndToEndBenchmark.log("baseline: bulk of all %d documents = %.1f mails/s (messages alone %s mails/s)", totalDocs,
                mails / totalSeconds, r.get("messagesOnlyMailsPerSecond"));
        return r;
    }

    private static void createLike(Es es, String source, String target) {
        es.delete("/" + target + "?ignore_unavailable=true");
        JsonNode mappings = es.get("/" + source + "/_mapping").elements().next().path("mappings");
        JsonNode settings = es.get("/" + source + "/_settings").elements().next().path("settings").path("index");
        ObjectNode body = Es.JSON.createObjectNode();
        ObjectNode index = body.putObject("settings").putObject("index");
        index.put("number_of_shards", settings.path("number_of_shards").asText("1"));
        index.put("number_of_replicas", 0);
        if (settings.has("codec")) {
            index.put("codec", settings.path("codec").asText());
        }
        body.set("mappings", mappings);
        es.put("/" + target, body);
    }

    private static List<String> batches(Es es, String source, String target) {
        List<String> batches = new ArrayList<>();
        StringBuilder batch = new StringBuilder();
        es.scan(source, null, hit -> {
            batch.append("{\"index\":{\"_index\":\"").append(target).append("\",\"_id\":")
                    .append(hit.path("_id").toString()).append("}}\n").append(hit.path("_source").toString())
                    .append('\n');
            if (batch.length() > BATCH_BYTES) {
                batches.add(batch.toString());
                batch.setLength(0);
            }
        });
        if (batch.length() > 0) {
            batches.add(batch.toString());
        }
        return batches;
    }
}
