package io.ticketflow.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ticketflow.testing.ElasticsearchNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(ElasticsearchNode.class)
class EmbeddedElasticsearchTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void sharedNodeIsHealthy() throws Exception {
        HttpResponse<String> response = send("GET", ElasticsearchNode.url() + "/_cluster/health", null);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode health = JSON.readTree(response.body());
        assertThat(health.path("status").asText()).isIn("yellow", "green");
        assertThat(health.path("number_of_nodes").asInt()).isPositive();
    }

    @Test
    void indexAndGetRoundTrip() throws Exception {
        String doc = ElasticsearchNode.url() + "/embedded-test-roundtrip/_doc/ticket-1";

        HttpResponse<String> put = send("PUT", doc + "?refresh=true",
                "{\"subject\":\"Printer on fire\",\"priority\":2}");
        HttpResponse<String> get = send("GET", doc, null);

        assertThat(put.statusCode()).isIn(200, 201);
        assertThat(get.statusCode()).isEqualTo(200);
        JsonNode source = JSON.readTree(get.body()).path("_source");
        assertThat(source.path("subject").asText()).isEqualTo("Printer on fire");
        assertThat(source.path("priority").asInt()).isEqualTo(2);
    }

    @Test
    void theNodeIsSharedWithinTheJvm() {
        String first = ElasticsearchNode.url();
        EmbeddedElasticsearch node = ElasticsearchNode.node();

        assertThat(ElasticsearchNode.url()).isEqualTo(first);
        assertThat(ElasticsearchNode.node()).isSameAs(node);
        if (node != null) {
            assertThat(first).isEqualTo(node.url()).isEqualTo("http://127.0.0.1:" + node.httpPort());
        }
    }

    @Test
    void closeStopsTheProcessAndFreesThePort() throws Exception {
        Path dataDir = separateDataDir("separate");
        EmbeddedElasticsearch node = EmbeddedElasticsearch.start(ElasticsearchNode.settings("unused")
            .withDataDir(dataDir)
            .withNodeName("separate")
            .withJvmOptions("-XX:TieredStopAtLevel=1 -XX:+UseG1GC"));
        ProcessHandle server;
        try {
            assertThat(send("GET", node.url() + "/_cluster/health", null).statusCode()).isEqualTo(200);
            // the extra JVM options reach the node's JVM, after the heap
            JsonNode jvm = JSON.readTree(send("GET", node.url() + "/_nodes/_local/jvm", null).body()).path("nodes")
                .elements().next().path("jvm");
            assertThat(jvm.path("input_arguments").toString()).contains("-XX:TieredStopAtLevel=1", "-XX:+UseG1GC");
            server = serverProcess(node.dataDir()).orElseThrow();
            assertThat(server.isAlive()).isTrue();
            if (ServiceUser.currentUserIsRoot()) {
                assertThat(server.info().user()).hasValue(ServiceUser.NAME);
                // the requested folder sits below a 0700 folder: the service user could not use it
                assertThat(node.dataDir()).startsWith(EmbeddedElasticsearch.ROOT_FALLBACK_DIR);
            }
        }
        finally {
            node.close();
        }

        assertThat(server.isAlive()).isFalse();
        assertThat(portIsFree(node.httpPort())).isTrue();
        ElasticsearchDistribution.deleteRecursively(node.dataDir());
        ElasticsearchDistribution.deleteRecursively(dataDir.getParent());
    }

    @Test
    void startupFailureReportsTheEndOfTheLog() throws Exception {
        Path dataDir = Path.of(System.getProperty("basedir", "."), "target", "es-test")
            .toAbsolutePath()
            .resolve("broken-" + ProcessHandle.current().pid());
        EmbeddedElasticsearchSettings settings = ElasticsearchNode.settings("unused")
            .withDataDir(dataDir)
            .withHeap("not-a-size");
        try {
            assertThatThrownBy(() -> EmbeddedElasticsearch.start(settings)).isInstanceOf(IOException.class)
                .hasMessageContaining("exited during startup")
                .hasMessageContaining("last 40 lines of")
                .hasMessageContaining("not-a-size");
        }
        finally {
            ElasticsearchDistribution.deleteRecursively(dataDir);
        }
    }

    /** kill -9 of the JVM that started the node: the watchdog must stop the server on its own. */
    @Test
    void serverDiesWithItsOwnerJvm() throws Exception {
        Path dataDir = separateDataDir("orphan");
        Process owner = new ProcessBuilder(javaExecutable(), "-Xmx256m", "-cp", testClassPath(), OwnerMain.class.getName(),
                dataDir.toString(), System.getProperty("ticketflow.es.zip", ""))
            .redirectErrorStream(true)
            .start();
        try {
            BufferedReader out = new BufferedReader(
                    new InputStreamReader(owner.getInputStream(), StandardCharsets.UTF_8));
            ProcessHandle server = ProcessHandle.of(Long.parseLong(awaitLine(out, "SERVER_PID="))).orElseThrow();
            Path nodeDir = Path.of(awaitLine(out, "NODE_DIR="));

            owner.destroyForcibly().waitFor(10, TimeUnit.SECONDS);

            assertThat(server.onExit().get(60, TimeUnit.SECONDS).isAlive()).isFalse();
            ElasticsearchDistribution.deleteRecursively(nodeDir);
        }
        finally {
            owner.destroyForcibly();
            ElasticsearchDistribution.deleteRecursively(dataDir.getParent());
        }
    }

    // --- helpers ---------------------------------------------------------------------------------------------

    private HttpResponse<String> send(String method, String url, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        if (json != null) {
            request.header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json));
        }
        else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * A data folder for a node of its own. As root it is put below a folder closed to others, to check the launcher
     * falls back to a reachable one.
     */
    private static Path separateDataDir(String name) throws IOException {
        Path base = Path.of(System.getProperty("basedir", "."), "target", "es-test").toAbsolutePath();
        Path closed = base.resolve("private-" + ProcessHandle.current().pid());
        Files.createDirectories(closed);
        Files.setPosixFilePermissions(closed, PosixFilePermissions.fromString("rwx------"));
        return closed.resolve(name);
    }

    private static Optional<ProcessHandle> serverProcess(Path nodeDir) throws IOException {
        long pid = Long.parseLong(Files.readString(nodeDir.resolve("elasticsearch.pid")).trim());
        return ProcessHandle.of(pid);
    }

    private static boolean portIsFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        }
        catch (IOException ex) {
            return false;
        }
    }

    private static String awaitLine(BufferedReader out, String prefix) throws IOException {
        StringBuilder seen = new StringBuilder();
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            if (line.startsWith(prefix)) {
                return line.substring(prefix.length());
            }
            seen.append(line).append('\n');
        }
        throw new AssertionError("The owner JVM exited before printing " + prefix + ":\n" + seen);
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String testClassPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return (surefire != null && !surefire.isBlank()) ? surefire : System.getProperty("java.class.path");
    }

    /** The JVM that owns a node in {@link #serverDiesWithItsOwnerJvm()}; it waits to be killed. */
    public static final class OwnerMain {

        public static void main(String[] args) throws Exception {
            EmbeddedElasticsearchSettings settings = ElasticsearchNode.settings("unused")
                .withDataDir(Path.of(args[0]))
                .withNodeName("orphan");
            if (args.length > 1 && !args[1].isBlank()) {
                settings = settings.withDistributionZip(Path.of(args[1]));
            }
            EmbeddedElasticsearch node = EmbeddedElasticsearch.start(settings);
            System.out.println("SERVER_PID=" + serverProcess(node.dataDir()).orElseThrow().pid());
            System.out.flush();
            System.out.println("NODE_DIR=" + node.dataDir());
            System.out.flush();
            Thread.sleep(Duration.ofHours(1).toMillis());
        }

    }

}
