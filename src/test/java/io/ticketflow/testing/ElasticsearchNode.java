package io.ticketflow.testing;

import io.ticketflow.embedded.EmbeddedElasticsearch;
import io.ticketflow.embedded.EmbeddedElasticsearchSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JUnit 5 extension that gives tests a real Elasticsearch node: one node per test JVM, started on first use and shared
 * by all test classes, stopped when the test run ends (or at JVM exit at the latest).
 * <p>
 * Use {@code @ExtendWith(ElasticsearchNode.class)} and {@link #url()}. The distribution zip comes from the system
 * property {@code ticketflow.es.zip} (set by surefire), else the default lookup. If {@code ticketflow.es.url} (system
 * property) or {@code TICKETFLOW_ES_URL} (environment) is set, that external cluster is used and nothing is started.
 */
public final class ElasticsearchNode implements BeforeAllCallback {

    private static final Logger log = LoggerFactory.getLogger(ElasticsearchNode.class);

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace
        .create(ElasticsearchNode.class);

    private static final Path TEST_DIR = Path.of(System.getProperty("basedir", "."), "target", "es-test")
        .toAbsolutePath()
        .normalize();

    private static EmbeddedElasticsearch node;

    private static String url;

    @Override
    public void beforeAll(ExtensionContext context) {
        url();
        if (node != null) {
            // the root store is closed once, when the whole test run is over
            context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(Stopper.class, key -> new Stopper(),
                    Stopper.class);
        }
    }

    /**
     * The base URL of the shared node (no trailing slash), starting it if needed.
     * @return for example {@code http://127.0.0.1:40123}
     */
    public static synchronized String url() {
        if (url == null) {
            String external = externalUrl();
            url = (external != null) ? external : startNode().url();
        }
        return url;
    }

    /**
     * The shared node, or {@code null} when an external cluster is used.
     * @return the running node
     */
    public static synchronized EmbeddedElasticsearch node() {
        url();
        return node;
    }

    /** Settings the shared node uses, handy for tests that start a node of their own. */
    public static EmbeddedElasticsearchSettings settings(String name) {
        EmbeddedElasticsearchSettings settings = EmbeddedElasticsearchSettings.of(TEST_DIR.resolve("install"),
                TEST_DIR.resolve(name));
        String zip = System.getProperty("ticketflow.es.zip");
        return (zip != null && !zip.isBlank()) ? settings.withDistributionZip(Path.of(zip)) : settings;
    }

    private static String externalUrl() {
        String external = System.getProperty("ticketflow.es.url", System.getenv("TICKETFLOW_ES_URL"));
        if (external == null || external.isBlank()) {
            return null;
        }
        log.info("Using the external Elasticsearch at {}", external);
        return external.endsWith("/") ? external.substring(0, external.length() - 1) : external;
    }

    private static EmbeddedElasticsearch startNode() {
        long pid = ProcessHandle.current().pid();
        deleteDataOfDeadJvms();
        try {
            node = EmbeddedElasticsearch.start(settings("data-" + pid).withNodeName("test-" + pid));
            return node;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static synchronized void stopNode() {
        if (node != null) {
            node.close();
            deleteRecursively(node.dataDir());
            node = null;
            url = null;
        }
    }

    /** {@code data-<pid>} folders of test JVMs that are gone (killed before they could clean up). */
    private static void deleteDataOfDeadJvms() {
        if (!Files.isDirectory(TEST_DIR)) {
            return;
        }
        try (Stream<Path> dirs = Files.list(TEST_DIR)) {
            dirs.filter(dir -> dir.getFileName().toString().matches("data-\\d+"))
                .filter(dir -> ProcessHandle.of(Long.parseLong(dir.getFileName().toString().substring(5))).isEmpty())
                .forEach(ElasticsearchNode::deleteRecursively);
        }
        catch (IOException ex) {
            log.debug("Could not clean {}: {}", TEST_DIR, ex.toString());
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
        catch (IOException | UncheckedIOException ex) {
            log.debug("Could not delete {}: {}", dir, ex.toString());
        }
    }

    /** Stops the shared node when JUnit closes its root store at the end of the run. */
    private static final class Stopper implements ExtensionContext.Store.CloseableResource {

        @Override
        public void close() {
            stopNode();
        }

    }

}
