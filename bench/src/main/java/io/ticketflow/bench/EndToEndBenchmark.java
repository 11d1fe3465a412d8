package io.ticketflow.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.ticketflow.embedded.EmbeddedElasticsearch;
import io.ticketflow.embedded.EmbeddedElasticsearchSettings;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The end-to-end benchmark: a real Elasticsearch node, a real IMAP server (GreenMail, in this JVM) and Ticketflow as
 * its own JVM ({@code java -jar target/ticketflow.jar run} with its normal configuration plus the mailbox and ES
 * settings on the command line), so the CPU of Ticketflow and of Elasticsearch is measured separately from
 * /proc. Phases:
 * <ol>
 * <li>warm-up: a few hundred mails, so the JIT has compiled the hot path;</li>
 * <li>throughput: the whole corpus lands in the mailbox at once; measured until every mail is a searchable ticket
 * message (NRT {@code _count} of the messages alias);</li>
 * <li>latency: a second corpus delivered at a fixed rate; each mail's delivery→searchable time by polling for its
 * Message-ID;</li>
 * <li>correctness: every mail exactly once, every reply on its parent's ticket, every new thread on a ticket of its
 * own (so speed can never come from skipping work);</li>
 * <li>baseline: the documents Ticketflow left in ES, bulk-indexed alone into fresh indices with the same mappings:
 * the limit of this machine.</li>
 * </ol>
 * Only stable interfaces are used: IMAP delivery to the support mailbox, the index aliases {@code <prefix>-messages},
 * {@code -tickets}, {@code -raw}, the ES REST API and the launcher's command line.
 */
public final class EndToEndBenchmark {

    static final List<String> OPTIONS = List.of("count", "seed", "corpus", "warmup", "rate", "latency-seconds", "jar",
            "es-url", "es-heap", "es-jvm-opts", "heap", "poll-delay-ms", "jvm-opts", "profile", "skip-latency",
            "skip-baseline", "results", "work", "label", "prefix", "stall-seconds", "start-seconds", "after-success",
            "protocol", "profile-es", "profile-sampling", "profile-bench", "jvm-defaults");

    private static final String STREAM_PROVIDER = "jakarta.mail.util.StreamProvider";

    private final Args args;
    private final Path work;
    private final String prefix;
    private final Map<String, Object> results = new LinkedHashMap<>();
    private final List<String> failures = new ArrayList<>();

    private Es es;
    private ProcessMeter esMeter;
    private ProcessMeter tfMeter;
    /** This process (GreenMail, delivery, searchability checks): its CPU by thread over the burst. */
    private final ProcessMeter benchMeter = new ProcessMeter("bench", ProcessHandle.current().pid());
    /** Where the node writes its JFR recordings ({@code --profile-es}): a folder its (service) user may write. */
    private Path esLogs;
    private GreenMailUser supportMailbox;
    /** Where Ticketflow's acknowledgements go: counted, not stored (nothing reads them). */
    private SmtpSink smtpSink;
    private Session session;

    EndToEndBenchmark(Args args) {
        this.args = args;
        this.work = Path.of(args.get("work", "target/bench")).toAbsolutePath();
        this.prefix = args.get("prefix", "bench");
    }

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv, OPTIONS);
        int exit = new EndToEndBenchmark(args).run();
        System.exit(exit);
    }

    int run() throws Exception {
        // jakarta.mail looks its stream provider up with a ServiceLoader scan of the classpath on every header block
        // it parses (GreenMail parses each stored, moved and fetched mail); named here it is one class lookup
        if (System.getProperty(STREAM_PROVIDER) == null) {
            System.setProperty(STREAM_PROVIDER, "org.eclipse.angus.mail.util.MailStreamProvider");
        }
        Files.createDirectories(work);
        Machine machine = Machine.describe();
        results.put("machine", machine.toMap());
        results.put("command", "bench/run e2e " + String.join(" ", args.raw()));
        int count = args.getInt("count", 2000);
        long seed = args.getLong("seed", 42);
        List<Corpus.Entry> corpus = args.get("corpus", null) != null ? Corpus.read(Path.of(args.get("corpus", null)))
                : generated(seed, count);
        List<Corpus.Entry> warmup = generated(seed + 1000, args.getInt("warmup", 3000));
        // one or more fixed arrival rates, e.g. --rate 5,50: below and at the target load
        List<Integer> rates = args.has("skip-latency") ? List.of()
                : Stream.of(args.get("rate", "50").split(",")).map(String::strip).map(Integer::parseInt).toList();
        int latencySeconds = args.getInt("latency-seconds", 30);
        List<List<Corpus.Entry>> pacedSets = new ArrayList<>();
        for (int i = 0; i < rates.size(); i++) {
            pacedSets.add(generated(seed + 2000 + i, rates.get(i) * latencySeconds));
        }
        List<Corpus.Entry> paced = pacedSets.stream().flatMap(List::stream).toList();

        EmbeddedElasticsearch embedded = null;
        GreenMail greenMail = null;
        Process ticketflow = null;
        try {
            String esUrl = args.get("es-url", null);
            if (esUrl == null) {
                Path node = work.resolve("es-node");
                deleteRecursively(node);
                String esJvmOptions = ((shippedJvmOptions() ? ShippedJvmOptions.elasticsearch(Path.of("config")) : "")
                        + " " + args.get("es-jvm-opts", "")).strip();
                results.put("elasticsearchJvmOptions", esJvmOptions);
                embedded = EmbeddedElasticsearch.start(EmbeddedElasticsearchSettings
                        .of(work.resolve("es-install"), node).withHeap(args.get("es-heap", "512m"))
                        .withJvmOptions(esJvmOptions));
                esUrl = embedded.url();
                esMeter = new ProcessMeter("elasticsearch", Long.parseLong(
                        Files.readString(embedded.dataDir().resolve("elasticsearch.pid")).strip()));
                esLogs = embedded.dataDir().resolve("logs");
            }
            es = new Es(esUrl);
            deleteIndices();
            greenMail = startMailServer();
            ticketflow = startTicketflow(esUrl, greenMail);
            tfMeter = new ProcessMeter("ticketflow", ticketflow.pid());
            log("Ticketflow pid %d, Elasticsearch pid %s, corpus %d mails, warm-up %d, paced %d at %s/s", ticketflow.pid(),
                    esMeter == null ? "(external, not measured)" : esMeter.pid(), corpus.size(), warmup.size(),
                    paced.size(), rates);

            long base = 0;
            results.put("warmup", throughput("warm-up", warmup, base));
            base += warmup.size();
            results.put("idle", idle());
            results.put("throughput", throughput("throughput", corpus, base));
            base += corpus.size();
            List<Map<String, Object>> latencies = new ArrayList<>();
            for (int i = 0; i < rates.size(); i++) {
                latencies.add(latency(pacedSets.get(i), rates.get(i), base));
                base += pacedSets.get(i).size();
            }
            results.put("latency", latencies);
            results.put("memory", memory());
            results.put("correctness", correctness(List.of(warmup, corpus, paced)));
            results.put("ticketflowStats", ticketflowStats(base));
            stop(ticketflow);
            ticketflow = null;
            if (!args.has("skip-baseline")) {
                startEsProfile("baseline");
                results.put("baseline", BulkBaseline.run(es, esMeter, prefix, base));
                stopEsProfile("baseline");
            }
            if (args.has("profile")) {
                results.put("profile", JfrSummary.summarize(work.resolve("ticketflow.jfr")));
            }
            if (profilingEs()) {
                Map<String, Object> esProfile = new LinkedHashMap<>();
                esProfile.put("throughput", EsJfrSummary.summarize(esJfr("throughput")));
                if (!args.has("skip-baseline")) {
                    esProfile.put("baseline", EsJfrSummary.summarize(esJfr("baseline")));
                }
                results.put("elasticsearchProfile", esProfile);
            }
        }
        finally {
            if (ticketflow != null) {
                stop(ticketflow);
            }
            if (greenMail != null) {
                greenMail.stop();
            }
            if (smtpSink != null) {
                smtpSink.close();
            }
            if (embedded != null) {
                embedded.close();
            }
        }
        results.put("failures", failures);
        Path written = Report.write(results, Path.of(args.get("results", "bench/results")), args.get("label", "e2e"));
        log("results: %s", written);
        System.out.println(Report.summary(results));
        return failures.isEmpty() ? 0 : 1;
    }

    // --- set-up --------------------------------------------------------------------------------------------------

    private static List<Corpus.Entry> generated(long seed, int count) {
        List<Corpus.Entry> entries = new ArrayList<>();
        new MailGenerator(MailGenerator.Options.of(seed, count)).generate(m -> entries.add(new Corpus.Entry(
                m.fileName(), m.bytes(), m.messageId(), m.parentId(), m.rootId(), m.kind())));
        return entries;
    }

    private void deleteIndices() {
        // an external node: start from empty indices (wildcard deletes are refused by default)
        es.get("/" + prefix + "-*?expand_wildcards=all").fieldNames().forEachRemaining(index -> es.delete("/" + index));
    }

    private GreenMail startMailServer() throws Exception {
        GreenMail greenMail = new GreenMail(new ServerSetup[] {
                new ServerSetup(freePort(), "127.0.0.1", ServerSetup.PROTOCOL_IMAP),
                new ServerSetup(freePort(), "127.0.0.1", ServerSetup.PROTOCOL_POP3) });
        greenMail.start();
        supportMailbox = greenMail.setUser("support@ticketflow.local", "support@ticketflow.local", "support");
        IndexedMessages.install(greenMail.getManagers().getImapHostManager().getInbox(supportMailbox));
        smtpSink = SmtpSink.start();
        session = Session.getInstance(new Properties());
        return greenMail;
    }

    /** The product's shipped JVM options first (--jvm-opts and --es-jvm-opts come after them and win), unless
     *  {@code --jvm-defaults none} asks for the JVMs' own defaults (the neutral run of rounds up to 10). */
    private boolean shippedJvmOptions() {
        String mode = args.get("jvm-defaults", "shipped");
        if (!mode.equals("shipped") && !mode.equals("none")) {
            throw new IllegalArgumentException("--jvm-defaults is shipped or none, not " + mode);
        }
        return mode.equals("shipped");
    }

    private Process startTicketflow(String esUrl, GreenMail greenMail) throws Exception {
        Path jar = Path.of(args.get("jar", "target/ticketflow.jar")).toAbsolutePath();
        if (!Files.exists(jar)) {
            throw new IOException(jar + " is missing: build it with ./mvnw -B -DskipTests package (bench/run does)");
        }
        int httpPort = freePort();
        // imap (IDLE, move after success) or pop3 (polled every poll-delay-ms, RETR one by one, delete after success)
        String protocol = args.get("protocol", "imap");
        boolean pop3 = protocol.equals("pop3");
        if (!pop3 && !protocol.equals("imap")) {
            throw new IllegalArgumentException("--protocol is imap or pop3, not " + protocol);
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + args.get("heap", "512m"), "-Xlog:gc:file=" + work.resolve("ticketflow-gc.log") + ":uptime"));
        if (shippedJvmOptions()) {
            command.addAll(ShippedJvmOptions.ticketflow(Path.of("config")));
        }
        if (args.get("jvm-opts", null) != null) {
            command.addAll(List.of(args.get("jvm-opts", "").trim().split("\\s+")));
        }
        command.addAll(List.of("-jar", jar.toString(), "run",
                "--ticketflow.elasticsearch.url=" + esUrl,
                "--ticketflow.elasticsearch.index-prefix=" + prefix,
                "--ticketflow.intake.mailboxes[0].name=support",
                "--ticketflow.intake.mailboxes[0].protocol=" + protocol,
                "--ticketflow.intake.mailboxes[0].host=127.0.0.1",
                "--ticketflow.intake.mailboxes[0].port=" + (pop3 ? greenMail.getPop3() : greenMail.getImap()).getPort(),
                "--ticketflow.intake.mailboxes[0].username=support@ticketflow.local",
                "--ticketflow.intake.mailboxes[0].password=support",
                "--ticketflow.intake.mailboxes[0].poll-delay-ms=" + args.get("poll-delay-ms", "1000"),
                // move, as in docs/ingestion.md's example: GreenMail looks up each fetched message by a scan of the
                // folder, so with after-success: flag the thousands of handled mails left in INBOX make the
                // in-process server, not Ticketflow, the bottleneck (a production server indexes by UID)
                "--ticketflow.intake.mailboxes[0].after-success=" + args.get("after-success", pop3 ? "delete" : "move"),
                "--ticketflow.intake.mailboxes[0].move-to=Processed",
                // every generated mail is a real customer's first or next mail: the global breaker (10 min, 10000
                // automatic mails) would stop acknowledging and the benchmark would measure less work
                "--ticketflow.respond.loop-protection.global.max=" + Integer.MAX_VALUE,
                // the generated customers share a few domains per language: the per-domain breaker would trip too
                "--ticketflow.respond.loop-protection.per-domain.max=" + Integer.MAX_VALUE,
                "--ticketflow.respond.loop-protection.per-source.max=" + Integer.MAX_VALUE,
                "--ticketflow.smtp.host=127.0.0.1",
                "--ticketflow.smtp.port=" + smtpSink.port(),
                "--server.port=" + httpPort,
                "--ticketflow.embedded.home=" + work.resolve("home")));
        results.put("ticketflowCommand", String.join(" ", command));
        // its own working folder (its data/ stays there) seeing the repository's admin files: the normal configuration
        Path app = work.resolve("app");
        Files.createDirectories(app);
        for (String folder : List.of("config", "classifiers", "routes")) {
            Path link = app.resolve(folder);
            if (Files.isDirectory(Path.of(folder)) && !Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                Files.createSymbolicLink(link, Path.of(folder).toAbsolutePath());
            }
        }
        Files.createDirectories(app.resolve("routes"));
        Process process = new ProcessBuilder(command).directory(app.toFile()).redirectErrorStream(true)
                .redirectOutput(work.resolve("ticketflow.log").toFile()).start();
        try {
            awaitHealthy(process, httpPort);
        }
        catch (Exception | Error e) {
            // a Ticketflow left running would hold the bench home's mailbox lock and take the next run's mail
            stop(process);
            throw e;
        }
        return process;
    }

    private void awaitHealthy(Process process, int port) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health")).build();
        // --start-seconds: a shared, loaded machine can take longer than the default to start the application
        int startSeconds = args.getInt("start-seconds", 180);
        long deadline = System.nanoTime() + Duration.ofSeconds(startSeconds).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("Ticketflow exited with " + process.exitValue() + ", see " + work.resolve("ticketflow.log"));
            }
            try {
                HttpResponse<String> r = http.send(health, HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && es.exists("/" + prefix + "-messages")) {
                    return;
                }
            }
            catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(500);
        }
        throw new IOException("Ticketflow did not become healthy in " + startSeconds + " s, see "
                + work.resolve("ticketflow.log"));
    }

    // --- phases --------------------------------------------------------------------------------------------------

    /** Delivers all mails at once and waits until {@code base + mails} messages are searchable. */
    private Map<String, Object> throughput(String phase, List<Corpus.Entry> mails, long base) throws Exception {
        List<MimeMessage> messages = new ArrayList<>(mails.size());
        for (Corpus.Entry mail : mails) {
            messages.add(new MimeMessage(session, new ByteArrayInputStream(mail.bytes())));
        }
        boolean profile = args.has("profile") && phase.equals("throughput");
        if (profile) {
            // only the measured phase, not start-up and warm-up; --profile-sampling max: a Java sample every 1 ms
            // (JFR's method-profiling option: normal 20 ms, high 10 ms, max 1 ms) for more samples per burst
            String sampling = args.get("profile-sampling", null);
            if (sampling == null) {
                jcmd(tfMeter.pid(), "JFR.start", "name=bench", "settings=profile");
            }
            else {
                jcmd(tfMeter.pid(), "JFR.start", "name=bench", "settings=profile", "method-profiling=" + sampling);
            }
        }
        if (phase.equals("throughput")) {
            startEsProfile(phase);
        }
        // --profile-bench: this process's own JFR recording over the burst (the harness's share of the 2 cores)
        jdk.jfr.Recording benchRecording = args.has("profile-bench") && phase.equals("throughput")
                ? new jdk.jfr.Recording(jdk.jfr.Configuration.getConfiguration("profile")) : null;
        if (benchRecording != null) {
            benchRecording.start();
        }
        Map<String, Double> benchThreadsBefore = benchMeter.cpuSecondsByThreadName();
        EsCounters esBefore = EsCounters.read(es);
        IndexCounters indicesBefore = IndexCounters.read(es, prefix);
        double esSystemBefore = esMeter == null ? Double.NaN : esMeter.systemCpuSeconds();
        Map<String, Double> esThreadsBefore = esMeter == null ? Map.of() : esMeter.cpuSecondsByThreadName();
        Map<String, Double> tfThreadsBefore = tfMeter.cpuSecondsByThreadName();
        Cpu before = cpu();
        long start = System.nanoTime();
        for (MimeMessage message : messages) {
            supportMailbox.deliver(message);
        }
        double deliverySeconds = seconds(start);
        log("%s: %d mails delivered in %.1f s, waiting until they are searchable", phase, mails.size(), deliverySeconds);
        long target = base + mails.size();
        long stall = Duration.ofSeconds(args.getInt("stall-seconds", 120)).toNanos();
        long lastProgress = System.nanoTime();
        long seen = es.count(prefix + "-messages");
        long ownCounts = 1;
        double at10 = -1;
        double at90 = -1;
        while (seen < target) {
            Thread.sleep(200);
            long now = es.count(prefix + "-messages");
            ownCounts++;
            if (now > seen) {
                lastProgress = System.nanoTime();
            }
            seen = now;
            double progress = (double) (seen - base) / mails.size();
            if (at10 < 0 && progress >= 0.1) {
                at10 = seconds(start);
            }
            if (at90 < 0 && progress >= 0.9) {
                at90 = seconds(start);
                log("%s: 90 %% after %.1f s", phase, at90);
            }
            if (System.nanoTime() - lastProgress > stall) {
                failures.add(phase + ": stalled at " + (seen - base) + " of " + mails.size() + " searchable messages");
                break;
            }
        }
        double elapsed = seconds(start);
        Cpu after = cpu();
        EsCounters esAfter = EsCounters.read(es);
        IndexCounters indicesAfter = IndexCounters.read(es, prefix);
        Map<String, Double> benchThreadsAfter = benchMeter.cpuSecondsByThreadName();
        if (profile) {
            jcmd(tfMeter.pid(), "JFR.stop", "name=bench", "filename=" + work.resolve("ticketflow.jfr"));
        }
        if (benchRecording != null) {
            benchRecording.stop();
            benchRecording.dump(work.resolve("bench.jfr"));
            benchRecording.close();
        }
        if (phase.equals("throughput")) {
            stopEsProfile(phase);
        }
        long done = seen - base;
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("mails", mails.size());
        r.put("searchable", done);
        r.put("deliverySeconds", round(deliverySeconds));
        r.put("seconds", round(elapsed));
        r.put("mailsPerSecond", round(done / elapsed));
        if (at10 >= 0 && at90 > at10) {
            r.put("mailsPerSecond10to90", round(0.8 * mails.size() / (at90 - at10)));
        }
        r.putAll(after.minus(before).perMail(done));
        Map<String, Object> tfByThread = threadCpu(tfThreadsBefore, tfMeter.cpuSecondsByThreadName(), done);
        r.put("ticketflowCpuMsPerMailByThread", tfByThread);
        // Ticketflow's JIT compiler threads: its own warm-up, not work a mail costs (as for ES below)
        r.put("ticketflowJitCpuMsPerMail", jitMs(tfByThread));
        r.put("ticketflowGcCpuMsPerMail", gcMs(tfByThread));
        // the bench process by thread (threads that ended, e.g. one per SMTP connection, are missing)
        r.put("benchCpuMsPerMailByThread", threadCpu(benchThreadsBefore, benchThreadsAfter, done));
        if (esMeter != null) {
            r.put("elasticsearchSystemCpuMsPerMail", round((esMeter.systemCpuSeconds() - esSystemBefore) * 1000 / done));
            Map<String, Object> byThread = threadCpu(esThreadsBefore, esMeter.cpuSecondsByThreadName(), done);
            r.put("elasticsearchCpuMsPerMailByThread", byThread);
            // the JIT compiler threads ("C1/C2 CompilerThread"): warm-up of the node, not work a mail costs
            r.put("elasticsearchJitCpuMsPerMail", jitMs(byThread));
            r.put("elasticsearchGcCpuMsPerMail", gcMs(byThread));
        }
        r.put("elasticsearchPerMail", esAfter.minus(esBefore).perMail(done, ownCounts));
        r.put("elasticsearchPerMailByIndex", indicesAfter.minus(indicesBefore).perMail(done));
        log("%s: %d mails searchable in %.1f s = %.1f mails/s; CPU ms/mail: ticketflow %s, elasticsearch %s", phase, done,
                elapsed, done / elapsed, r.get("ticketflowCpuMsPerMail"), r.get("elasticsearchCpuMsPerMail"));
        return r;
    }

    /** The JIT compiler threads' ("C1/C2 CompilerThread") share of a {@link #threadCpu} split. */
    private static double jitMs(Map<String, Object> byThread) {
        return round(byThread.entrySet().stream()
                .filter(e -> e.getKey().contains("CompilerThre")).mapToDouble(e -> (Double) e.getValue()).sum());
    }

    /**
     * The garbage collector's share of a {@link #threadCpu} split: its worker and concurrent threads ("GC Thread#",
     * G1's "G1 Conc#", "G1 Refine#", "G1 Main Marker", "G1 Service") and the "VM Thread", where the serial collector
     * runs its collections (with G1 or Parallel it only runs safepoint operations, little).
     */
    private static double gcMs(Map<String, Object> byThread) {
        return round(byThread.entrySet().stream()
                .filter(e -> e.getKey().startsWith("GC Thread") || e.getKey().startsWith("G# ")
                        || e.getKey().equals("VM Thread"))
                .mapToDouble(e -> (Double) e.getValue()).sum());
    }

    /** CPU ms per mail by thread name (the largest first, those under 0.05 ms left out). */
    private static Map<String, Object> threadCpu(Map<String, Double> before, Map<String, Double> after, long mails) {
        Map<String, Object> r = new LinkedHashMap<>();
        after.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), (e.getValue() - before.getOrDefault(e.getKey(), 0.0)) * 1000 / mails))
                .filter(e -> e.getValue() >= 0.05).sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> r.put(e.getKey(), round(e.getValue())));
        return r;
    }

    /** What both processes burn with nothing to do (polling, ES housekeeping): the floor under every figure. */
    private Map<String, Object> idle() throws InterruptedException {
        Cpu before = cpu();
        Thread.sleep(10_000);
        Cpu used = cpu().minus(before);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("seconds", round(used.nanos() / 1e9));
        r.put("ticketflowCoresBusy", round(used.ticketflow() / (used.nanos() / 1e9)));
        r.put("elasticsearchCoresBusy", round(used.elasticsearch() / (used.nanos() / 1e9)));
        log("idle: Ticketflow %s cores, Elasticsearch %s cores", r.get("ticketflowCoresBusy"),
                r.get("elasticsearchCoresBusy"));
        return r;
    }

    /** {@code --profile-es}: a JFR recording of the embedded node (it runs on this JDK) over one phase. */
    private boolean profilingEs() {
        return args.has("profile-es") && esMeter != null;
    }

    private void startEsProfile(String phase) throws IOException, InterruptedException {
        if (profilingEs()) {
            // a sample every millisecond (not 10): the node's Java threads are on CPU only a fraction of the burst
            jcmd(esMeter.pid(), "JFR.start", "name=es-" + phase, "settings=profile", "method-profiling=max");
        }
    }

    private void stopEsProfile(String phase) throws IOException, InterruptedException {
        if (profilingEs()) {
            jcmd(esMeter.pid(), "JFR.stop", "name=es-" + phase, "filename=" + esJfr(phase));
        }
    }

    private Path esJfr(String phase) {
        return esLogs.resolve("elasticsearch-" + phase + ".jfr");
    }

    private void jcmd(long pid, String... command) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid)));
        line.addAll(List.of(command));
        Process p = new ProcessBuilder(line).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0 || out.contains("Could not") || out.contains("rror")) {
            failures.add("jcmd " + String.join(" ", command) + ": " + out.strip());
        }
    }

    /** Delivers at a fixed rate; measures each mail's time from delivery to searchable by its Message-ID. */
    private Map<String, Object> latency(List<Corpus.Entry> mails, int rate, long base) throws Exception {
        List<MimeMessage> messages = new ArrayList<>(mails.size());
        for (Corpus.Entry mail : mails) {
            messages.add(new MimeMessage(session, new ByteArrayInputStream(mail.bytes())));
        }
        Map<String, Long> deliveredAt = new ConcurrentHashMap<>();
        Map<String, Long> searchableAt = new ConcurrentHashMap<>();
        Cpu before = cpu();
        long start = System.nanoTime();
        Thread poller = new Thread(() -> pollSearchable(deliveredAt, searchableAt, mails.size()), "searchable-poller");
        poller.start();
        for (int i = 0; i < messages.size(); i++) {
            long due = start + (long) (i * 1e9 / rate);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            supportMailbox.deliver(messages.get(i));
            deliveredAt.put(mails.get(i).messageId(), System.nanoTime());
        }
        log("latency: %d mails delivered at %d/s, waiting for the last ones", mails.size(), rate);
        long stall = Duration.ofSeconds(args.getInt("stall-seconds", 120)).toNanos();
        long lastProgress = System.nanoTime();
        int seen = -1;
        while (poller.isAlive() && System.nanoTime() - lastProgress < stall) {
            poller.join(1000);
            if (searchableAt.size() > seen) {
                seen = searchableAt.size();
                lastProgress = System.nanoTime();
            }
        }
        poller.interrupt();
        double elapsed = seconds(start);
        Cpu after = cpu();
        List<Double> latencies = new ArrayList<>();
        for (Map.Entry<String, Long> e : deliveredAt.entrySet()) {
            Long searchable = searchableAt.get(e.getKey());
            if (searchable != null) {
                latencies.add((searchable - e.getValue()) / 1e6);
            }
        }
        latencies.sort(Comparator.naturalOrder());
        writeTimes(mails, deliveredAt, searchableAt, rate);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("rate", rate);
        r.put("mails", mails.size());
        r.put("searchable", latencies.size());
        r.put("seconds", round(elapsed));
        r.put("p50Ms", round(percentile(latencies, 0.50)));
        r.put("p90Ms", round(percentile(latencies, 0.90)));
        r.put("p99Ms", round(percentile(latencies, 0.99)));
        r.put("maxMs", round(latencies.isEmpty() ? Double.NaN : latencies.get(latencies.size() - 1)));
        r.put("pollDelayMs", Integer.parseInt(args.get("poll-delay-ms", "1000")));
        r.putAll(after.minus(before).perMail(latencies.size()));
        if (latencies.size() < mails.size()) {
            failures.add("latency: only " + latencies.size() + " of " + mails.size() + " mails became searchable");
        }
        log("latency at %d/s: p50 %s ms, p99 %s ms, max %s ms", rate, r.get("p50Ms"), r.get("p99Ms"), r.get("maxMs"));
        return r;
    }

    /**
     * Each mail's delivery and searchable time (epoch ms, in delivery order) in {@code latency-<rate>.tsv} of the
     * work folder, to set beside Ticketflow's per-poll times (DEBUG lines of io.ticketflow.source.mail.PollTimes).
     */
    private void writeTimes(List<Corpus.Entry> mails, Map<String, Long> deliveredAt, Map<String, Long> searchableAt,
            int rate) throws IOException {
        long epochNanos = System.currentTimeMillis() * 1_000_000 - System.nanoTime();
        StringBuilder tsv = new StringBuilder("messageId\tdeliveredMs\tsearchableMs\n");
        for (Corpus.Entry mail : mails) {
            Long delivered = deliveredAt.get(mail.messageId());
            Long searchable = searchableAt.get(mail.messageId());
            tsv.append(mail.messageId()).append('\t').append(delivered == null ? "" : (delivered + epochNanos) / 1_000_000)
                    .append('\t').append(searchable == null ? "" : (searchable + epochNanos) / 1_000_000).append('\n');
        }
        Files.writeString(work.resolve("latency-" + rate + ".tsv"), tsv);
    }

    private void pollSearchable(Map<String, Long> deliveredAt, Map<String, Long> searchableAt, int total) {
        while (searchableAt.size() < total && !Thread.currentThread().isInterrupted()) {
            List<String> pending = deliveredAt.keySet().stream().filter(id -> !searchableAt.containsKey(id)).limit(1000)
                    .toList();
            if (!pending.isEmpty()) {
                ObjectNode query = Es.JSON.createObjectNode();
                query.put("size", pending.size());
                query.putArray("_source").add("messageId");
                ArrayNode ids = query.putObject("query").putObject("terms").putArray("messageId");
                pending.forEach(ids::add);
                JsonNode hits = es.post("/" + prefix + "-messages/_search", query).path("hits").path("hits");
                long now = System.nanoTime();
                hits.forEach(h -> searchableAt.putIfAbsent(h.path("_source").path("messageId").asText(), now));
            }
            try {
                Thread.sleep(50);
            }
            catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Every mail exactly once; replies on their parent's ticket; new threads on tickets of their own. */
    private Map<String, Object> correctness(List<List<Corpus.Entry>> sets) {
        Map<String, List<String>> ticketsById = new HashMap<>();
        ObjectNode query = Es.JSON.createObjectNode();
        query.putArray("_source").add("messageId").add("ticket");
        query.putObject("query").putObject("term").put("direction", "inbound");
        es.scan(prefix + "-messages", query, hit -> ticketsById.computeIfAbsent(
                hit.path("_source").path("messageId").asText(), k -> new ArrayList<>())
                .add(hit.path("_source").path("ticket").asText()));
        int expected = 0;
        int missing = 0;
        int duplicated = 0;
        int replies = 0;
        int misthreaded = 0;
        Map<String, String> rootOfTicket = new HashMap<>();
        int merged = 0;
        List<String> examples = new ArrayList<>();
        for (List<Corpus.Entry> set : sets) {
            for (Corpus.Entry mail : set) {
                expected++;
                List<String> tickets = ticketsById.getOrDefault(mail.messageId(), List.of());
                if (tickets.isEmpty()) {
                    missing++;
                    example(examples, "missing " + mail.messageId());
                }
                else if (tickets.size() > 1) {
                    duplicated++;
                    example(examples, "stored " + tickets.size() + " times: " + mail.messageId());
                }
                if (tickets.isEmpty()) {
                    continue;
                }
                String ticket = tickets.get(0);
                if (mail.parentId() != null) {
                    replies++;
                    List<String> parent = ticketsById.getOrDefault(mail.parentId(), List.of());
                    if (parent.isEmpty() || !parent.get(0).equals(ticket)) {
                        misthreaded++;
                        example(examples, mail.kind() + " " + mail.messageId() + " on ticket " + ticket
                                + ", its parent on " + parent);
                    }
                }
                if (mail.rootId() != null) {
                    String root = rootOfTicket.putIfAbsent(ticket, mail.rootId());
                    if (root != null && !root.equals(mail.rootId())) {
                        merged++;
                        example(examples, "ticket " + ticket + " holds threads " + root + " and " + mail.rootId());
                    }
                }
            }
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("expected", expected);
        r.put("storedInboundMessages", ticketsById.values().stream().mapToInt(List::size).sum());
        r.put("missing", missing);
        r.put("duplicated", duplicated);
        r.put("replies", replies);
        r.put("repliesOnWrongTicket", misthreaded);
        r.put("threadsMergedWrongly", merged);
        r.put("tickets", es.count(prefix + "-tickets"));
        r.put("rawOutcomes", rawOutcomes());
        Map<String, Object> outbox = termCounts("outbox", "state");
        r.put("outboxStates", outbox);
        // every acknowledgement Ticketflow marked sent was accepted by the SMTP server (a retry may send one twice)
        r.put("acknowledgementsReceivedOverSmtp", smtpSink.messages());
        long sent = ((Number) outbox.getOrDefault("sent", 0L)).longValue();
        if (smtpSink.messages() < sent) {
            failures.add("SMTP: " + smtpSink.messages() + " messages received, " + sent + " marked sent in the outbox");
        }
        r.put("examples", examples);
        // acknowledgements are part of the work measured: a tripped loop breaker would have skipped them
        try {
            if (Files.readString(work.resolve("ticketflow.log")).contains("Automatic mail breaker OPEN")) {
                failures.add("a loop breaker opened: acknowledgements were skipped, less work was measured");
            }
        }
        catch (IOException e) {
            failures.add("cannot read ticketflow.log: " + e.getMessage());
        }
        if (missing + duplicated + misthreaded + merged > 0) {
            failures.add("correctness: " + missing + " missing, " + duplicated + " duplicated, " + misthreaded
                    + " replies on the wrong ticket, " + merged + " threads merged wrongly");
        }
        log("correctness: %d expected, %d missing, %d duplicated, %d of %d replies on the wrong ticket, %d merged",
                expected, missing, duplicated, misthreaded, replies, merged);
        return r;
    }

    private Map<String, Object> rawOutcomes() {
        return termCounts("raw", "outcome");
    }

    /** Documents of an index per value of a keyword field. */
    private Map<String, Object> termCounts(String kind, String field) {
        ObjectNode query = Es.JSON.createObjectNode().put("size", 0);
        query.putObject("aggs").putObject("values").putObject("terms").put("field", field).put("missing", "none");
        Map<String, Object> counts = new LinkedHashMap<>();
        es.post("/" + prefix + "-" + kind + "/_refresh", null);
        es.post("/" + prefix + "-" + kind + "/_search", query).path("aggregations").path("values").path("buckets")
                .forEach(b -> counts.put(b.path("key").asText(), b.path("doc_count").asLong()));
        return counts;
    }

    private static void example(List<String> examples, String text) {
        if (examples.size() < 20) {
            examples.add(text);
        }
    }

    private Map<String, Object> memory() throws IOException {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("ticketflowHeapMax", args.get("heap", "512m"));
        r.put("ticketflowPeakHeapMib", round(GcLog.peakHeapMib(work.resolve("ticketflow-gc.log"))));
        r.put("ticketflowPeakRssMib", round(tfMeter.peakRssMib()));
        if (esMeter != null) {
            r.put("elasticsearchPeakRssMib", round(esMeter.peakRssMib()));
        }
        return r;
    }

    /** Document counts per index, so the baseline knows what Ticketflow wrote per mail. */
    private Map<String, Object> ticketflowStats(long mails) {
        Map<String, Object> r = new LinkedHashMap<>();
        es.post("/" + prefix + "-*/_refresh", null);
        for (String kind : BulkBaseline.KINDS) {
            if (es.exists("/" + prefix + "-" + kind)) {
                r.put(kind + "Docs", es.count(prefix + "-" + kind));
            }
        }
        r.put("mails", mails);
        return r;
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    private Cpu cpu() {
        return new Cpu(tfMeter.cpuSeconds(), esMeter == null ? Double.NaN : esMeter.cpuSeconds(), System.nanoTime(),
                CpuStat.read());
    }

    private record Cpu(double ticketflow, double elasticsearch, long nanos, CpuStat machine) {
        Cpu minus(Cpu o) {
            return new Cpu(ticketflow - o.ticketflow, elasticsearch - o.elasticsearch, nanos - o.nanos,
                    machine.minus(o.machine));
        }

        Map<String, Object> perMail(long mails) {
            Map<String, Object> r = new LinkedHashMap<>();
            double wall = nanos / 1e9;
            r.put("ticketflowCpuSeconds", round(ticketflow));
            r.put("elasticsearchCpuSeconds", round(elasticsearch));
            r.put("ticketflowCpuMsPerMail", round(ticketflow * 1000 / mails));
            r.put("elasticsearchCpuMsPerMail", round(elasticsearch * 1000 / mails));
            r.put("ticketflowCoresBusy", round(ticketflow / wall));
            r.put("elasticsearchCoresBusy", round(elasticsearch / wall));
            // where the rest of the machine went: this process (GreenMail, generator, checks), everything else
            // (other processes on the machine), and the cores left idle
            double coreMs = Runtime.getRuntime().availableProcessors() * wall * 1000 / mails;
            double busyMs = machine.busyShare() * coreMs;
            r.put("benchCpuMsPerMail", round(machine.benchSeconds() * 1000 / mails));
            r.put("machineBusyShare", round(machine.busyShare()));
            r.put("machineIowaitShare", round(machine.iowaitShare()));
            r.put("machineCoreMsPerMail", round(coreMs));
            r.put("machineIdleMsPerMail", round(coreMs - busyMs));
            r.put("otherProcessesCpuMsPerMail", round(busyMs - (ticketflow + elasticsearch + machine.benchSeconds())
                    * 1000 / mails));
            return r;
        }
    }

    private static void stop(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    static double percentile(List<Double> sorted, double p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(p * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    static void log(String format, Object... values) {
        System.out.printf("[bench %tT] %s%n", System.currentTimeMillis(), String.format(format, values));
    }
}
