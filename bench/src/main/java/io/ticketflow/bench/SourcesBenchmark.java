package io.ticketflow.bench;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.ticketflow.embedded.EmbeddedElasticsearch;
import io.ticketflow.embedded.EmbeddedElasticsearchSettings;
import io.ticketflow.store.ElasticsearchProperties;
import io.ticketflow.store.IndexTemplates;
import io.ticketflow.store.Indices;
import io.ticketflow.store.RawMessageStore;
import io.ticketflow.vocabulary.RawMessage;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.http.HttpHost;
import org.elasticsearch.client.RestClient;

/**
 * {@code bench/run sources}: the throughput of the two bulk ways in, each as the command an admin runs, against a real
 * Elasticsearch node. {@code import}: {@code ticketflow import} of a generated mbox into empty indices. {@code replay}:
 * the same corpus stored as raw records whose processing never finished (state {@code received}, as after a crash or
 * an outage: written here with the store's own {@link RawMessageStore}, nothing processed), then
 * {@code ticketflow replay --since 2000-01-01} into empty ticket indices. Each phase reports the rate the command
 * printed, the rate from its 10 % to its 100 % line (without the start and the JIT's warm-up), the CPU of the command
 * and of Elasticsearch per message, and Elasticsearch's operations per message.
 */
final class SourcesBenchmark {

    static final List<String> OPTIONS = List.of("count", "seed", "work", "jar", "es-url", "es-heap", "heap", "label",
            "results", "skip-import", "skip-replay");

    private static final Pattern PROGRESS = Pattern.compile("^(import|replay)\\s+(\\d+)% (\\d+)/(\\d+)");

    private SourcesBenchmark() {
    }

    static void run(Args args) throws Exception {
        int count = args.getInt("count", 3000);
        long seed = args.getLong("seed", 7);
        Path work = Path.of(args.get("work", "target/bench-sources")).toAbsolutePath();
        Path jar = Path.of(args.get("jar", "target/ticketflow.jar")).toAbsolutePath();
        // fresh data each run; the unpacked distribution (es-install) is kept
        for (String folder : List.of("corpus", "es-node", "home-bench-import", "home-bench-replay", "app-bench-import",
                "app-bench-replay")) {
            EndToEndBenchmark.deleteRecursively(work.resolve(folder));
        }
        Files.createDirectories(work);
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("machine", Machine.describe().toMap());
        results.put("command", "bench/run sources " + String.join(" ", args.raw()));
        List<MailGenerator.Mail> mails = MailGenerator.generate(MailGenerator.Options.of(seed, count));
        Path mbox = work.resolve("corpus.mbox");
        Corpus.write(mails, work.resolve("corpus"), mbox);
        EmbeddedElasticsearch embedded = null;
        try {
            String esUrl = args.get("es-url", null);
            ProcessMeter esMeter = null;
            if (esUrl == null) {
                embedded = EmbeddedElasticsearch.start(EmbeddedElasticsearchSettings
                        .of(work.resolve("es-install"), work.resolve("es-node")).withHeap(args.get("es-heap", "512m")));
                esUrl = embedded.url();
                esMeter = new ProcessMeter("elasticsearch", Long.parseLong(
                        Files.readString(embedded.dataDir().resolve("elasticsearch.pid")).strip()));
            }
            Es es = new Es(esUrl);
            if (!args.has("skip-import")) {
                results.put("import", command(args, jar, work, es, esMeter, "bench-import", count,
                        List.of("import", mbox.toString())));
            }
            if (!args.has("skip-replay")) {
                long seeded = seedUnfinished(esUrl, "bench-replay", mails);
                EndToEndBenchmark.log("replay: %d raw records stored as received (unfinished)", seeded);
                results.put("replay", command(args, jar, work, es, esMeter, "bench-replay", count,
                        List.of("replay", "--since", "2000-01-01")));
            }
        }
        finally {
            if (embedded != null) {
                embedded.close();
            }
        }
        Path folder = Path.of(args.get("results", "bench/results"));
        Files.createDirectories(folder);
        String label = args.get("label", "sources");
        Path json = Report.write(results, folder, label);
        // the e2e summary does not apply: the file of figures is the JSON itself
        Files.writeString(Path.of(json.toString().replaceAll("\\.json$", ".md")), summary(results));
        System.out.println(summary(results));
    }

    /** Runs one command of the jar against the node, timing its progress lines. */
    private static Map<String, Object> command(Args args, Path jar, Path work, Es es, ProcessMeter esMeter,
            String prefix, int count, List<String> commandArgs) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + args.get("heap", "512m"), "-jar", jar.toString()));
        command.addAll(commandArgs);
        command.addAll(List.of("--ticketflow.elasticsearch.url=" + es.url(),
                "--ticketflow.elasticsearch.index-prefix=" + prefix,
                "--ticketflow.embedded.home=" + work.resolve("home-" + prefix)));
        String phase = commandArgs.get(0);
        EsCounters esBefore = EsCounters.read(es);
        double esCpuBefore = esMeter == null ? 0 : esMeter.cpuSeconds();
        long start = System.nanoTime();
        // its own working folder seeing the repository's admin files (as the e2e bench's): run in the bench folder,
        // the application's route scan walked into the node's data, which it may not read, and failed to start
        Path app = work.resolve("app-" + prefix);
        Files.createDirectories(app);
        for (String folder : List.of("config", "classifiers", "routes")) {
            Path link = app.resolve(folder);
            if (Files.isDirectory(Path.of(folder)) && !Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                Files.createSymbolicLink(link, Path.of(folder).toAbsolutePath());
            }
        }
        Process process = new ProcessBuilder(command).directory(app.toFile()).redirectErrorStream(true).start();
        ProcessMeter meter = new ProcessMeter(phase, process.pid());
        double[] cpu = { 0 };
        Thread sampler = new Thread(() -> {
            while (process.isAlive()) {
                try {
                    cpu[0] = meter.cpuSeconds();
                    Thread.sleep(100);
                }
                catch (Exception gone) {
                    return;
                }
            }
        });
        sampler.setDaemon(true);
        sampler.start();
        Map<Integer, Double> at = new LinkedHashMap<>();
        Map<Integer, Long> doneAt = new LinkedHashMap<>();
        String printedRate = null;
        String summary = null;
        List<String> tail = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                Matcher m = PROGRESS.matcher(line.strip());
                if (m.find()) {
                    int percent = Integer.parseInt(m.group(2));
                    at.putIfAbsent(percent, seconds(start));
                    doneAt.putIfAbsent(percent, Long.parseLong(m.group(3)));
                    if (percent == 100) {
                        printedRate = line.strip();
                    }
                }
                tail.add(line);
                if (tail.size() > 20) {
                    tail.remove(0);
                }
                if (line.startsWith("Imported ") || line.startsWith("Replayed ")) {
                    summary = line.strip();
                    break;
                }
            }
        }
        // done: a command whose context left a non-daemon thread behind would not exit on its own
        process.destroy();
        int exit = process.waitFor();
        double wall = seconds(start);
        sampler.join();
        EsCounters esDelta = EsCounters.read(es).minus(esBefore);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("command", String.join(" ", command));
        r.put("exit", summary != null ? 0 : exit);
        r.put("messages", count);
        r.put("summary", summary);
        r.put("printedAt100", printedRate);
        r.put("wallSecondsWithStart", EndToEndBenchmark.round(wall));
        Double t10 = at.get(10);
        Double t100 = at.get(100);
        if (t10 != null && t100 != null && t100 > t10) {
            r.put("messagesPerSecond10to100", EndToEndBenchmark.round((doneAt.get(100) - doneAt.get(10)) / (t100 - t10)));
        }
        r.put("commandCpuMsPerMessage", EndToEndBenchmark.round(cpu[0] * 1000 / count));
        if (esMeter != null) {
            r.put("elasticsearchCpuMsPerMessage", EndToEndBenchmark.round((esMeter.cpuSeconds() - esCpuBefore) * 1000 / count));
        }
        r.put("elasticsearchPerMessage", esDelta.perMail(count, 0));
        r.put("loadAverage", Machine.currentLoadAverage());
        if (exit != 0) {
            r.put("outputTail", tail);
        }
        EndToEndBenchmark.log("%s: %s", phase, r);
        return r;
    }

    /**
     * Stores every mail as a raw record whose processing never finished, in arrival order a second apart (the replay
     * runs them in that order, parents before replies), with the store's own classes and mapper.
     */
    private static long seedUnfinished(String url, String prefix, List<MailGenerator.Mail> mails) throws Exception {
        ElasticsearchProperties properties = new ElasticsearchProperties(url, prefix, 0, null);
        ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .setSerializationInclusion(JsonInclude.Include.NON_NULL);
        try (RestClient rest = RestClient.builder(HttpHost.create(url)).build()) {
            ElasticsearchClient client = new ElasticsearchClient(new RestClientTransport(rest, new JacksonJsonpMapper(mapper)));
            Indices indices = new Indices(properties);
            new IndexTemplates(client, indices, properties).install();
            RawMessageStore store = new RawMessageStore(client, indices);
            Instant first = Instant.parse("2026-01-05T08:00:00Z");
            ExecutorService threads = Executors.newFixedThreadPool(8);
            try {
                List<Future<?>> stored = new ArrayList<>();
                for (int i = 0; i < mails.size(); i++) {
                    RawMessage raw = new RawMessage(mails.get(i).bytes(), "imap", "support", 1L, (long) i + 1,
                            first.plusSeconds(i));
                    stored.add(threads.submit(() -> store.saveForProcessing(raw)));
                }
                for (Future<?> f : stored) {
                    f.get();
                }
                return stored.size();
            }
            finally {
                threads.shutdown();
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static String summary(Map<String, Object> results) {
        StringBuilder s = new StringBuilder("# bench/run sources\n\n").append(results.get("command")).append("\n\n");
        for (String phase : List.of("import", "replay")) {
            if (results.get(phase) instanceof Map<?, ?> r) {
                Map<String, Object> es = (Map<String, Object>) r.get("elasticsearchPerMessage");
                s.append("- ").append(phase).append(": ").append(r.get("summary")).append("; ")
                        .append(r.get("messagesPerSecond10to100")).append(" messages/s from 10 % to 100 % (printed: ")
                        .append(r.get("printedAt100")).append("); CPU ms per message: command ")
                        .append(r.get("commandCpuMsPerMessage")).append(", Elasticsearch ")
                        .append(r.get("elasticsearchCpuMsPerMessage")).append("; ES per message: index ops ")
                        .append(es.get("indexOps")).append(", realtime GETs ").append(es.get("realtimeGets"))
                        .append(", shard bulks ").append(es.get("shardBulks")).append("; load ")
                        .append(r.get("loadAverage")).append("; exit ").append(r.get("exit")).append('\n');
            }
        }
        return s.toString();
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
