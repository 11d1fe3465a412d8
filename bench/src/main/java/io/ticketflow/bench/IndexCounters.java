package io.ticketflow.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Index operations and realtime GETs per index (kind: {@code raw}, {@code messages}, {@code outbox}, ...), so a run
 * shows which documents are written and read how often per mail, not only the node's total. Versioned indices
 * ({@code <prefix>-<kind>-v<N>}) are counted under their kind.
 */
record IndexCounters(Map<String, long[]> byKind) {

    static IndexCounters read(Es es, String prefix) {
        Map<String, long[]> kinds = new TreeMap<>();
        JsonNode indices = es.get("/" + prefix + "-*/_stats/indexing,get?expand_wildcards=all").path("indices");
        for (Iterator<Map.Entry<String, JsonNode>> it = indices.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> index = it.next();
            String kind = index.getKey().substring(prefix.length() + 1).replaceFirst("-v\\d+$", "");
            JsonNode total = index.getValue().path("total");
            long[] v = kinds.computeIfAbsent(kind, k -> new long[2]);
            v[0] += total.path("indexing").path("index_total").asLong();
            v[1] += total.path("get").path("total").asLong();
        }
        return new IndexCounters(kinds);
    }

    IndexCounters minus(IndexCounters before) {
        Map<String, long[]> d = new TreeMap<>();
        byKind.forEach((kind, v) -> {
            long[] b = before.byKind.getOrDefault(kind, new long[2]);
            d.put(kind, new long[] {v[0] - b[0], v[1] - b[1]});
        });
        return new IndexCounters(d);
    }

    /** {kind: {indexOps, gets}} per mail, kinds with neither left out. */
    Map<String, Object> perMail(long mails) {
        Map<String, Object> r = new LinkedHashMap<>();
        byKind.forEach((kind, v) -> {
            if (v[0] != 0 || v[1] != 0) {
                Map<String, Object> k = new LinkedHashMap<>();
                k.put("indexOps", per(v[0], mails));
                k.put("gets", per(v[1], mails));
                r.put(kind, k);
            }
        });
        return r;
    }

    private static double per(long value, long mails) {
        return EndToEndBenchmark.round((double) value / Math.max(1, mails));
    }
}
