package io.ticketflow.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Index operations, realtime GETs, refreshes and merges per index (kind: {@code raw}, {@code messages}, {@code outbox},
 * ...) with the time ES says it spent on each, so a run shows which documents are written and read how often per
 * mail and which index's refreshes and merges cost what, not only the node's total. Versioned indices
 * ({@code <prefix>-<kind>-v<N>}) are counted under their kind. The times are ES's own (wall clock of the operation,
 * not CPU), good for a share between indices rather than as CPU figures.
 */
record IndexCounters(Map<String, long[]> byKind) {

    /** The counters read per index, in the order of {@link #perMail}. */
    private static final String[][] FIELDS = {
            { "indexing", "index_total" }, { "get", "total" }, { "refresh", "total" }, { "merges", "total" },
            { "indexing", "index_time_in_millis" }, { "get", "time_in_millis" },
            { "refresh", "total_time_in_millis" }, { "merges", "total_time_in_millis" } };

    static IndexCounters read(Es es, String prefix) {
        Map<String, long[]> kinds = new TreeMap<>();
        JsonNode indices = es.get("/" + prefix + "-*/_stats/indexing,get,refresh,merge?expand_wildcards=all")
                .path("indices");
        for (Iterator<Map.Entry<String, JsonNode>> it = indices.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> index = it.next();
            String kind = index.getKey().substring(prefix.length() + 1).replaceFirst("-v\\d+$", "");
            JsonNode total = index.getValue().path("total");
            long[] v = kinds.computeIfAbsent(kind, k -> new long[FIELDS.length]);
            for (int i = 0; i < FIELDS.length; i++) {
                v[i] += total.path(FIELDS[i][0]).path(FIELDS[i][1]).asLong();
            }
        }
        return new IndexCounters(kinds);
    }

    IndexCounters minus(IndexCounters before) {
        Map<String, long[]> d = new TreeMap<>();
        byKind.forEach((kind, v) -> {
            long[] b = before.byKind.getOrDefault(kind, new long[FIELDS.length]);
            long[] diff = new long[FIELDS.length];
            for (int i = 0; i < FIELDS.length; i++) {
                diff[i] = v[i] - b[i];
            }
            d.put(kind, diff);
        });
        return new IndexCounters(d);
    }

    /**
     * {kind: {indexOps, gets, refreshes, merges, indexMs, getMs, refreshMs, mergeMs}} per mail (refreshes and merges
     * per 100 mails, they are rare), kinds with neither writes nor reads nor refreshes left out.
     */
    Map<String, Object> perMail(long mails) {
        Map<String, Object> r = new LinkedHashMap<>();
        byKind.forEach((kind, v) -> {
            if (v[0] != 0 || v[1] != 0 || v[2] != 0) {
                Map<String, Object> k = new LinkedHashMap<>();
                k.put("indexOps", per(v[0], mails));
                k.put("gets", per(v[1], mails));
                k.put("refreshesPer100", per(100 * v[2], mails));
                k.put("mergesPer100", per(100 * v[3], mails));
                k.put("indexMs", per(v[4], mails));
                k.put("getMs", per(v[5], mails));
                k.put("refreshMs", per(v[6], mails));
                k.put("mergeMs", per(v[7], mails));
                r.put(kind, k);
            }
        });
        return r;
    }

    private static double per(long value, long mails) {
        return EndToEndBenchmark.round((double) value / Math.max(1, mails));
    }
}
