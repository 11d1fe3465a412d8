package io.ticketflow.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Elasticsearch's own counters (node stats), to show what one mail costs inside ES: index operations, realtime GETs,
 * searches, refreshes (a realtime GET of a document written since the last refresh forces an internal refresh, which
 * writes a tiny segment that must later be merged), merges, translog flushes, and the shard-level bulk requests that
 * carried the index operations (each costs a translog fsync and a request's overhead: the fewer per mail, the larger
 * the bulks).
 */
record EsCounters(long indexOps, long gets, long searches, long refreshes, long externalRefreshes, long merges,
        long mergedDocs, long flushes, long shardBulks) {

    static EsCounters read(Es es) {
        long[] v = new long[9];
        for (JsonNode node : es.get("/_nodes/stats/indices").path("nodes")) {
            JsonNode i = node.path("indices");
            v[0] += i.path("indexing").path("index_total").asLong();
            v[1] += i.path("get").path("total").asLong();
            v[2] += i.path("search").path("query_total").asLong();
            v[3] += i.path("refresh").path("total").asLong();
            v[4] += i.path("refresh").path("external_total").asLong();
            v[5] += i.path("merges").path("total").asLong();
            v[6] += i.path("merges").path("total_docs").asLong();
            v[7] += i.path("flush").path("total").asLong();
            v[8] += i.path("bulk").path("total_operations").asLong();
        }
        return new EsCounters(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8]);
    }

    EsCounters minus(EsCounters o) {
        return new EsCounters(indexOps - o.indexOps, gets - o.gets, searches - o.searches, refreshes - o.refreshes,
                externalRefreshes - o.externalRefreshes, merges - o.merges, mergedDocs - o.mergedDocs,
                flushes - o.flushes, shardBulks - o.shardBulks);
    }

    /** Per mail; {@code ownSearches} (the benchmark's own polling) is taken out of the search count. */
    Map<String, Object> perMail(long mails, long ownSearches) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("indexOps", per(indexOps, mails));
        r.put("realtimeGets", per(gets, mails));
        r.put("searches", per(searches - ownSearches, mails));
        r.put("refreshes", per(refreshes, mails));
        r.put("internalRefreshes", per(refreshes - externalRefreshes, mails));
        r.put("merges", per(merges, mails));
        r.put("mergedDocs", per(mergedDocs, mails));
        r.put("flushes", flushes);
        r.put("shardBulks", per(shardBulks, mails));
        r.put("indexOpsPerShardBulk", EndToEndBenchmark.round((double) indexOps / Math.max(1, shardBulks)));
        return r;
    }

    private static double per(long value, long mails) {
        return EndToEndBenchmark.round((double) value / Math.max(1, mails));
    }
}
