package io.ticketflow.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where Elasticsearch's time goes, from a JFR recording of the node ({@code --profile-es}): Java threads on CPU
 * ({@code jdk.ExecutionSample}) by thread pool, by library of the top frame, by <em>activity</em> (the kind of work
 * a frame of the stack names: a refresh, a merge, a translog fsync, parsing a document, reading one back from the
 * translog ...) and by <em>request</em> (the frame nearest the root: a shard bulk, a
 * realtime get, a search, the scheduled refresh, a merge thread ...). GC and JIT threads are not sampled: their CPU
 * is the difference between the process's CPU and what the samples cover.
 */
final class EsJfrSummary {

    /** Library of the top frame, by package prefix; first match wins. */
    private static final List<String[]> LIBRARIES = List.of(
            new String[] { "org.apache.lucene.codecs", "lucene codecs" },
            new String[] { "org.apache.lucene.util.compress", "lucene compression" },
            new String[] { "org.apache.lucene.analysis", "lucene analysis" },
            new String[] { "org.apache.lucene.index", "lucene index" }, new String[] { "org.apache.lucene", "lucene" },
            new String[] { "org.elasticsearch.index.mapper", "es mapping" },
            new String[] { "org.elasticsearch.index.translog", "es translog" },
            new String[] { "org.elasticsearch.index.engine", "es engine" },
            new String[] { "org.elasticsearch.xcontent", "es xcontent" },
            new String[] { "com.fasterxml.jackson", "json" },
            new String[] { "org.elasticsearch.transport", "es transport" },
            new String[] { "org.elasticsearch.http", "es http" }, new String[] { "io.netty", "netty" },
            new String[] { "org.elasticsearch.action", "es actions" }, new String[] { "org.elasticsearch", "es other" },
            new String[] { "java.util.zip", "zip" }, new String[] { "sun.nio", "io" }, new String[] { "java.io", "io" },
            new String[] { "java.", "jdk" }, new String[] { "jdk.", "jdk" }, new String[] { "sun.", "jdk" });

    /**
     * Kinds of work, by a frame's class or method prefix, in priority order: the first entry that matches any frame
     * of the stack wins (a segment written by a refresh shows codec and indexing-chain frames above the flush).
     */
    private static final List<String[]> ACTIVITIES = List.of(
            new String[] { "org.elasticsearch.index.translog.TranslogWriter.sync", "translog fsync" },
            new String[] { "org.elasticsearch.index.translog.Translog.sync", "translog fsync" },
            new String[] { "org.elasticsearch.index.translog.Translog.ensureSynced", "translog fsync" },
            new String[] { "org.elasticsearch.index.engine.TranslogDirectoryReader", "get: doc from translog (re-parse)" },
            new String[] { "org.elasticsearch.index.translog.Translog.readOperation", "get: read from translog" },
            new String[] { "org.apache.lucene.index.IndexWriter.merge", "merge" },
            new String[] { "org.apache.lucene.index.SegmentMerger", "merge" },
            new String[] { "org.apache.lucene.index.IndexWriter.commit", "flush (commit)" },
            new String[] { "org.apache.lucene.index.DocumentsWriterPerThread.flush", "refresh: segment write" },
            new String[] { "org.apache.lucene.index.IndexWriter.getReader", "refresh: open reader" },
            new String[] { "org.apache.lucene.index.StandardDirectoryReader", "refresh: open reader" },
            new String[] { "org.apache.lucene.search.ReferenceManager", "refresh: other" },
            new String[] { "org.elasticsearch.index.engine.InternalEngine.refresh", "refresh: other" },
            new String[] { "org.elasticsearch.index.engine.InternalEngine.resolveDocVersion", "version lookup (write)" },
            new String[] { "org.elasticsearch.common.lucene.uid", "id lookup (get)" },
            new String[] { "org.elasticsearch.index.translog.TranslogWriter.add", "translog write" },
            new String[] { "org.elasticsearch.index.translog.Translog.add", "translog write" },
            new String[] { "org.apache.lucene.index.IndexingChain", "lucene: invert/store document" },
            new String[] { "org.apache.lucene.index.DocumentsWriter", "lucene: invert/store document" },
            new String[] { "org.elasticsearch.index.mapper", "parse/map document" },
            new String[] { "org.elasticsearch.index.get.ShardGetService", "get: load stored doc" },
            new String[] { "org.elasticsearch.search", "search" },
            new String[] { "org.elasticsearch.index.engine", "engine other" },
            new String[] { "org.elasticsearch.action.bulk", "bulk action other" },
            new String[] { "org.elasticsearch.action.get", "get action other" },
            new String[] { "org.elasticsearch.action", "other action" },
            new String[] { "org.elasticsearch.rest", "rest/http" },
            new String[] { "org.elasticsearch.http", "rest/http" }, new String[] { "io.netty", "rest/http" },
            new String[] { "org.elasticsearch.transport", "transport/tasks" },
            new String[] { "org.elasticsearch.tasks", "transport/tasks" },
            new String[] { "org.elasticsearch.cluster", "cluster" },
            new String[] { "org.elasticsearch.monitor", "monitoring" });

    /** The request a sample works for, by a frame's prefix; the match nearest the root wins. */
    private static final List<String[]> REQUESTS = List.of(
            new String[] { "org.elasticsearch.action.bulk.TransportShardBulkAction", "shard bulk" },
            new String[] { "org.elasticsearch.action.bulk", "bulk (coordinating)" },
            new String[] { "org.elasticsearch.action.get.TransportShardMultiGetAction", "mget (shard)" },
            new String[] { "org.elasticsearch.action.get.TransportGetAction", "get (shard)" },
            new String[] { "org.elasticsearch.action.get", "get/mget (coordinating)" },
            new String[] { "org.elasticsearch.action.search", "search" },
            new String[] { "org.elasticsearch.search", "search" },
            new String[] { "org.elasticsearch.index.shard.IndexShard.scheduledRefresh", "scheduled refresh" },
            new String[] { "org.elasticsearch.index.shard.IndexShard$", "shard housekeeping" },
            new String[] { "org.elasticsearch.index.engine.ElasticsearchConcurrentMergeScheduler", "merge thread" },
            new String[] { "org.apache.lucene.index.ConcurrentMergeScheduler", "merge thread" },
            new String[] { "org.elasticsearch.indices.IndexingMemoryController", "indexing buffer" },
            new String[] { "org.elasticsearch.action.admin", "admin/stats" },
            new String[] { "org.elasticsearch.rest", "rest layer" }, new String[] { "org.elasticsearch.http", "http" },
            new String[] { "io.netty", "http" },
            new String[] { "org.elasticsearch.monitor", "monitoring" },
            new String[] { "org.elasticsearch.cluster", "cluster" });

    private EsJfrSummary() {
    }

    static Map<String, Object> summarize(Path recording) throws Exception {
        if (!Files.exists(recording)) {
            return Map.of("error", "no recording at " + recording);
        }
        List<JfrSummary.Sample> samples = JfrSummary.samples(recording, "jdk.ExecutionSample");
        Map<String, Integer> byThread = new HashMap<>();
        Map<String, Integer> byLibrary = new HashMap<>();
        Map<String, Integer> byActivity = new HashMap<>();
        Map<String, Integer> byRequest = new HashMap<>();
        Map<String, Integer> selfMethods = new HashMap<>();
        for (JfrSummary.Sample s : samples) {
            byThread.merge(pool(s.thread()), 1, Integer::sum);
            if (s.frames().isEmpty()) {
                continue;
            }
            byLibrary.merge(match(LIBRARIES, s.frames().get(0), "other"), 1, Integer::sum);
            selfMethods.merge(s.frames().get(0), 1, Integer::sum);
            String request = null;
            for (String frame : s.frames()) {
                String q = match(REQUESTS, frame, null);
                if (q != null) {
                    request = q; // keeps the one nearest the root
                }
            }
            byActivity.merge(activity(s.frames()), 1, Integer::sum);
            byRequest.merge(request == null ? "(other)" : request, 1, Integer::sum);
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("recording", recording.toString());
        r.put("samples", samples.size());
        r.put("byThreadPool", JfrSummary.top(byThread, 15, samples.size()));
        r.put("byActivity", JfrSummary.top(byActivity, 30, samples.size()));
        r.put("byRequest", JfrSummary.top(byRequest, 20, samples.size()));
        r.put("byLibraryOfTopFrame", JfrSummary.top(byLibrary, 20, samples.size()));
        r.put("hottestMethods", JfrSummary.top(selfMethods, 30, samples.size()));
        return r;
    }

    /** {@code elasticsearch[node][write][T#2]} -> {@code write}; other threads by name without numbers. */
    private static String pool(String thread) {
        if (thread == null) {
            return "?";
        }
        int open = thread.indexOf("][");
        if (thread.startsWith("elasticsearch[") && open > 0) {
            int close = thread.indexOf(']', open + 2);
            return close > 0 ? thread.substring(open + 2, close) : thread;
        }
        return thread.replaceAll("[0-9]+", "#");
    }

    private static String activity(List<String> frames) {
        for (String[] entry : ACTIVITIES) {
            for (String frame : frames) {
                if (frame.startsWith(entry[0])) {
                    return entry[1];
                }
            }
        }
        return "(other)";
    }

    private static String match(List<String[]> table, String frame, String otherwise) {
        for (String[] entry : table) {
            if (frame.startsWith(entry[0])) {
                return entry[1];
            }
        }
        return otherwise;
    }
}
