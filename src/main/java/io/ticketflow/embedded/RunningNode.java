package io.ticketflow.embedded;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

/**
 * Lets a command ({@code ticketflow import}, {@code replay} ...) share the embedded Elasticsearch node of a running
 * {@code ticketflow run} on the same data folder. Without this the command would start its own node on that folder,
 * and the launcher kills a node whose pid file is in its data folder, i.e. the running service's store.
 * <p>
 * The service writes {@code <home>/embedded-elasticsearch.properties} (url, node folder, owner pid) once its node is
 * up and deletes it on shutdown; a command uses the node only if its owner is alive and the node answers as the
 * embedded cluster with that node folder, so a stale file (kill -9) is ignored.
 */
final class RunningNode {

    static final String FILE = "embedded-elasticsearch.properties";

    private RunningNode() {
    }

    static void publish(Path home, EmbeddedElasticsearch node) {
        Properties p = new Properties();
        p.setProperty("url", node.url());
        p.setProperty("nodeDir", node.dataDir().toString());
        p.setProperty("ownerPid", Long.toString(ProcessHandle.current().pid()));
        try {
            Files.createDirectories(home);
            Path tmp = home.resolve(FILE + ".tmp");
            try (var out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                p.store(out, "written by ticketflow run; read by ticketflow commands to share this node");
            }
            Files.move(tmp, home.resolve(FILE), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
        catch (IOException e) {
            // commands will then start a node of their own, as before
        }
    }

    static void withdraw(Path home) {
        try {
            Files.deleteIfExists(home.resolve(FILE));
        }
        catch (IOException e) {
            // a stale file is ignored by the next reader anyway
        }
    }

    /** The URL of a live node published in {@code home}, or null. */
    static String find(Path home) {
        Path file = home.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        }
        catch (IOException e) {
            return null;
        }
        String url = p.getProperty("url");
        String nodeDir = p.getProperty("nodeDir");
        String owner = p.getProperty("ownerPid");
        if (url == null || nodeDir == null || owner == null || !owner.matches("\\d+")
                || ProcessHandle.of(Long.parseLong(owner)).map(ProcessHandle::isAlive).orElse(false) == Boolean.FALSE) {
            return null;
        }
        return isThatNode(url, nodeDir) ? url : null;
    }

    /** The node at the URL is the embedded cluster and keeps its data under the published node folder. */
    static boolean isThatNode(String url, String nodeDir) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        try {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                    URI.create(url + "/_nodes/_local/settings?filter_path=cluster_name,nodes.*.settings.path.data"))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
            String body = response.body();
            return response.statusCode() == 200 && body.contains(EmbeddedElasticsearch.CLUSTER_NAME)
                    && body.replace("\\/", "/").contains(Path.of(nodeDir).resolve("data").toString());
        }
        catch (IOException | RuntimeException e) {
            return false;
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
