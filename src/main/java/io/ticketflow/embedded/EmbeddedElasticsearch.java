package io.ticketflow.embedded;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real, single-node Elasticsearch server started from the distribution zip, for local runs and tests.
 * <p>
 * Why not just run {@code bin/elasticsearch}:
 * <ul>
 * <li><b>Root.</b> Elasticsearch refuses to run as root, and CI containers usually are root. When the uid is 0 the
 * node runs as the system user {@value ServiceUser#NAME} (created on demand, see {@link ServiceUser}); if a parent
 * folder of the install or data folder (such as {@code /root}) is closed to other users, the folder moves under
 * {@code /var/tmp/ticketflow-es/} instead.</li>
 * <li><b>Orphans.</b> The server must never outlive the JVM that started it, even when that JVM is killed with
 * {@code kill -9} (no shutdown hook runs then). So the server is started by a small {@code /bin/sh} watchdog that
 * polls the owner's pid every second and stops the server once the owner is gone. A shutdown hook stops it cleanly on
 * a normal exit, and a node left running by an earlier run on the same data folder is killed before starting.</li>
 * </ul>
 * The integ-test-zip distribution is minimal: {@code GET /} answers 405, so readiness is checked with
 * {@code /_cluster/health}.
 */
public final class EmbeddedElasticsearch implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedElasticsearch.class);

    static final String CLUSTER_NAME = "ticketflow-embedded";

    /** Where folders go when the configured ones are not reachable by the service user. */
    static final Path ROOT_FALLBACK_DIR = Path.of("/var/tmp/ticketflow-es");

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private static final int LOG_TAIL_LINES = 40;

    /**
     * Arguments: owner pid, pid file, then the Elasticsearch command. Runs the command in the background and stops
     * it (TERM, then KILL after 30 s) when the owner JVM is gone, or when the watchdog itself gets TERM/HUP. The
     * server pid (from the pid file) is signalled directly: runuser/su would KILL their child 2 s after a TERM.
     */
    private static final String WATCHDOG_SCRIPT = """
            owner=$1; pidfile=$2; shift 2
            "$@" &
            child=$!
            stop_es() {
              es=$(cat "$pidfile" 2>/dev/null)
              target=${es:-$child}
              kill -TERM $target 2>/dev/null
              n=0
              while kill -0 $target 2>/dev/null && [ $n -lt 30 ]; do sleep 1; n=$((n+1)); done
              es=${es:-$(cat "$pidfile" 2>/dev/null)}
              [ -n "$es" ] && kill -KILL $es 2>/dev/null
              kill -KILL $child 2>/dev/null
            }
            trap 'stop_es; exit 143' TERM HUP
            while kill -0 $child 2>/dev/null; do
              if ! kill -0 $owner 2>/dev/null; then
                echo "[watchdog] owner JVM $owner is gone, stopping Elasticsearch" >&2
                stop_es
                exit 0
              fi
              sleep 1
            done
            wait $child
            """;

    private final Process watchdog;

    private final NodeLayout layout;

    private final int httpPort;

    private final Thread shutdownHook;

    private final AtomicBoolean stopped = new AtomicBoolean();

    private EmbeddedElasticsearch(Process watchdog, NodeLayout layout, int httpPort) {
        this.watchdog = watchdog;
        this.layout = layout;
        this.httpPort = httpPort;
        this.shutdownHook = new Thread(this::stop, "embedded-elasticsearch-shutdown");
        Runtime.getRuntime().addShutdownHook(this.shutdownHook);
    }

    /**
     * Unpacks the distribution if needed, starts a node and waits until the cluster is at least yellow.
     * @param settings how to launch it
     * @return the running node; {@link #close()} it when done
     * @throws IOException if the node cannot be set up, does not start or does not become healthy in time (the message
     *         then contains the end of the node's log)
     */
    public static EmbeddedElasticsearch start(EmbeddedElasticsearchSettings settings) throws IOException {
        Instant begin = Instant.now();
        boolean root = ServiceUser.currentUserIsRoot();
        Path installDir = usableDirectory(settings.installDir(), ROOT_FALLBACK_DIR.resolve("install"), root);
        Path nodeDir = usableDirectory(settings.dataDir(), fallbackNodeDir(settings.dataDir()), root);

        Path zip = ElasticsearchDistribution.locateZip(settings.distributionZip(), settings.version());
        Path esHome = ElasticsearchDistribution.unpackOnce(zip, installDir);
        NodeLayout layout = new NodeLayout(nodeDir);
        killLeftoverNode(layout.pidFile());
        layout.create(esHome);
        if (root) {
            handOverToServiceUser(esHome, nodeDir, settings.javaHome());
        }

        int httpPort = freePort();
        int transportPort = freePort();
        List<String> command = elasticsearchCommand(settings, esHome, layout, httpPort, transportPort);
        Process watchdog = startWatchdog(root ? ServiceUser.runAs(command) : command, esHome, layout);
        EmbeddedElasticsearch node = new EmbeddedElasticsearch(watchdog, layout, httpPort);
        try {
            node.awaitHealthy(settings.startupTimeout());
        }
        catch (IOException | RuntimeException ex) {
            node.close();
            throw ex;
        }
        log.info("Elasticsearch {} is up at {} after {} ms (data in {})", settings.version(), node.url(),
                Duration.between(begin, Instant.now()).toMillis(), nodeDir);
        return node;
    }

    /** The base URL, {@code http://127.0.0.1:<port>}. */
    public String url() {
        return "http://127.0.0.1:" + this.httpPort;
    }

    public int httpPort() {
        return this.httpPort;
    }

    /**
     * The node's own folder (with {@code data/}, {@code logs/}, {@code config/} and the pid file). It differs from the
     * configured one when that one was not reachable by the service user.
     */
    public Path dataDir() {
        return this.layout.nodeDir();
    }

    /** Stops the node and waits up to 30 s for it to exit. */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(this.shutdownHook);
        }
        catch (IllegalStateException ex) {
            // the JVM is already shutting down: the hook does the work
        }
        stop();
    }

    // --- setup -------------------------------------------------------------------------------------------------

    /**
     * The directory to use: {@code configured}, unless we are root and the service user cannot reach it.
     */
    private static Path usableDirectory(Path configured, Path fallback, boolean root) throws IOException {
        if (!root || ServiceUser.prepareReachableDirectory(configured)) {
            return configured;
        }
        log.warn("{} is not reachable by the user {} ({} is not traversable by others); using {} instead",
                configured, ServiceUser.NAME, ServiceUser.firstUnreachableParent(configured), fallback);
        if (!ServiceUser.prepareReachableDirectory(fallback)) {
            throw new IOException("Fallback folder " + fallback + " is not reachable by " + ServiceUser.NAME);
        }
        return fallback;
    }

    private static Path fallbackNodeDir(Path configured) {
        String unique = configured.getFileName() + "-" + Integer.toHexString(configured.toString().hashCode());
        return ROOT_FALLBACK_DIR.resolve("nodes").resolve(unique);
    }

    private static void handOverToServiceUser(Path esHome, Path nodeDir, Path javaHome) throws IOException {
        ServiceUser.ensureExists();
        ServiceUser.chownRecursively(esHome);
        ServiceUser.chownRecursively(nodeDir);
        Path closed = ServiceUser.firstUnreachableParent(javaHome);
        if (closed != null) {
            log.warn("Java home {} is not reachable by {} ({} is closed to others): Elasticsearch will not start",
                    javaHome, ServiceUser.NAME, closed);
        }
    }

    /** A node from an earlier run on the same data folder (for example after kill -9) holds its lock: stop it. */
    private static void killLeftoverNode(Path pidFile) throws IOException {
        Optional<ProcessHandle> leftover = readPid(pidFile).flatMap(ProcessHandle::of)
            .filter(ProcessHandle::isAlive)
            .filter(p -> p.info().command().map(c -> c.endsWith("java")).orElse(false));
        if (leftover.isPresent()) {
            log.warn("Stopping Elasticsearch pid {} left running by an earlier run ({})", leftover.get().pid(),
                    pidFile);
            terminate(List.of(leftover.get()), Duration.ofSeconds(10));
        }
        Files.deleteIfExists(pidFile);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static List<String> elasticsearchCommand(EmbeddedElasticsearchSettings settings, Path esHome,
            NodeLayout layout, int httpPort, int transportPort) {
        // passed through env(1) so that they survive runuser/setpriv/su, which may reset the environment
        List<String> command = new ArrayList<>(List.of("/usr/bin/env", "ES_JAVA_HOME=" + settings.javaHome(),
                "ES_JAVA_OPTS=-Xms" + settings.heap() + " -Xmx" + settings.heap()
                        + (settings.jvmOptions().isEmpty() ? "" : " " + settings.jvmOptions()), "ES_PATH_CONF=" + layout.config(),
                "ES_TMPDIR=" + layout.tmp(), esHome.resolve("bin").resolve("elasticsearch").toString(), "-p",
                layout.pidFile().toString()));
        List<String> options = new ArrayList<>(List.of("discovery.type=single-node", "network.host=127.0.0.1",
                "http.port=" + httpPort, "transport.port=" + transportPort, "path.data=" + layout.data(),
                "path.logs=" + layout.logs(), "cluster.name=" + CLUSTER_NAME, "node.name=" + settings.nodeName(),
                // no TLS/passwords for a local node (accepted: the integ-test-zip ships x-pack-security)
                "xpack.security.enabled=false",
                // full disks on dev machines must not turn indices read-only
                "cluster.routing.allocation.disk.threshold_enabled=false"));
        if (Files.isDirectory(esHome.resolve("modules").resolve("ingest-geoip"))) {
            // only a known setting when the module is there; the integ-test-zip rejects it ("unknown setting")
            options.add("ingest.geoip.downloader.enabled=false");
        }
        options.forEach(option -> command.add("-E" + option));
        return command;
    }

    private static Process startWatchdog(List<String> command, Path esHome, NodeLayout layout) throws IOException {
        List<String> watchdogCommand = new ArrayList<>(List.of("/bin/sh", "-c", WATCHDOG_SCRIPT,
                "ticketflow-es-watchdog", String.valueOf(ProcessHandle.current().pid()), layout.pidFile().toString()));
        watchdogCommand.addAll(command);
        log.debug("Starting {}", watchdogCommand);
        // output goes to a file, not a pipe: nothing blocks or breaks when this JVM dies
        return new ProcessBuilder(watchdogCommand).directory(esHome.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(layout.consoleLog().toFile()))
            .start();
    }

    // --- health ------------------------------------------------------------------------------------------------

    private void awaitHealthy(Duration timeout) throws IOException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = HttpRequest
            .newBuilder(URI.create(url() + "/_cluster/health?wait_for_status=yellow&timeout=1s"))
            .timeout(Duration.ofSeconds(5))
            .GET()
            .build();
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            if (!this.watchdog.isAlive()) {
                throw startupFailure("Elasticsearch exited during startup with code " + this.watchdog.exitValue());
            }
            if (isHealthy(client, request)) {
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                throw startupFailure("Elasticsearch did not become healthy within " + timeout.toSeconds() + " s");
            }
            sleep(Duration.ofMillis(250));
        }
    }

    private static boolean isHealthy(HttpClient client, HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        }
        catch (IOException ex) {
            return false; // not listening yet
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for Elasticsearch", ex);
        }
    }

    private IOException startupFailure(String reason) {
        Path serverLog = this.layout.logs().resolve(CLUSTER_NAME + ".log");
        Path logFile = Files.isRegularFile(serverLog) ? serverLog : this.layout.consoleLog();
        return new IOException(reason + " (console output: " + this.layout.consoleLog() + ")\n--- last "
                + LOG_TAIL_LINES + " lines of " + logFile + " ---\n" + tail(logFile));
    }

    private static String tail(Path file) {
        try {
            List<String> lines = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        }
        catch (IOException ex) {
            return "(could not read " + file + ": " + ex + ")";
        }
    }

    // --- stop --------------------------------------------------------------------------------------------------

    private void stop() {
        if (!this.stopped.compareAndSet(false, true)) {
            return;
        }
        log.info("Stopping Elasticsearch at {}", url());
        List<ProcessHandle> tree = new ArrayList<>(this.watchdog.descendants().toList());
        tree.add(this.watchdog.toHandle());
        // TERM makes the server shut down cleanly; its launcher, runuser and the watchdog then exit on their own.
        // Without a pid file (still starting) the whole tree gets TERM.
        readPid(this.layout.pidFile()).flatMap(ProcessHandle::of)
            .ifPresent(server -> terminate(List.of(server), STOP_TIMEOUT));
        terminate(tree, Duration.ofSeconds(5));
    }

    /** Sends TERM to the processes still alive, waits up to {@code timeout} for all, then KILLs the rest. */
    private static void terminate(List<ProcessHandle> processes, Duration timeout) {
        processes.forEach(ProcessHandle::destroy);
        CompletableFuture<?>[] exits = processes.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(exits).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (TimeoutException | ExecutionException ex) {
            processes.stream().filter(ProcessHandle::isAlive).forEach(p -> {
                log.warn("Elasticsearch process {} did not stop within {} s, killing it", p.pid(), timeout.toSeconds());
                p.destroyForcibly();
            });
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            processes.forEach(ProcessHandle::destroyForcibly);
        }
    }

    private static Optional<Long> readPid(Path pidFile) {
        try {
            return Optional.of(Long.parseLong(Files.readString(pidFile).trim()));
        }
        catch (IOException | NumberFormatException ex) {
            return Optional.empty();
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for Elasticsearch", ex);
        }
    }

}
