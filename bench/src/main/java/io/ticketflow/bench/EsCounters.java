package io.ticketflow.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/** Elasticsearch's own request counters (node stats), to show how many ES operations one mail costs. */
record EsCounters(long indexOps, long gets, long searches, long refreshes, long bulkRequests) {

    static EsCounters read(Es es) {
        long index = 0;
        long get = 0;
        long search = 0;
        long refresh = 0;
        long bulk = 0;
        for (JsonNode node : es.get("/_nodes/stats/indices").path("nodes")) {
            JsonNode i = node.path("indices");
            index += i.path("indexing").path("index_total").asLong();
            get += i.path("get").path("total").asLong();
            search += i.path("search").path("query_total").asLong();
            refresh += i.path("refresh").path("total").asLong();
            bulk += i.path("bulk").path("total_operations").asLong();
        }
        return new EsCounters(index, get, search, refresh, bulk);
    }

    EsCounters minus(EsCounters o) {
        return new EsCounters(indexOps - o.indexOps, gets - o.gets, searches - o.searches, refreshes - o.refreshes,
                bulkRequests - o.bulkRequests);
    }

    Map<String, Object> perMail(long mails) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("indexOps", EndToEndBenchmark.round((double) indexOps / mails));
        r.put("realtimeGets", EndToEndBenchmark.round((double) gets / mails));
        r.put("searches", EndToEndBenchmark.round((double) searches / mails));
        r.put("bulkRequests", EndToEndBenchmark.round((double) bulkRequests / mails));
        r.put("refreshesTotal", refreshes);
        return r;
    }
}
