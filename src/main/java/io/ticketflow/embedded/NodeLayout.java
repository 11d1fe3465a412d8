package io.ticketflow.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The folders of one node, all under its own directory, so that several nodes can share one unpacked install.
 * <p>
 * The config folder is a per-node copy of the install's {@code config/} because Elasticsearch writes into it (it
 * creates {@code elasticsearch.keystore} on first start).
 *
 * @param nodeDir the node's own folder
 */
record NodeLayout(Path nodeDir) {

    Path data() {
        return this.nodeDir.resolve("data");
    }

    Path logs() {
        return this.nodeDir.resolve("logs");
    }

    Path config() {
        return this.nodeDir.resolve("config");
    }

    Path tmp() {
        return this.nodeDir.resolve("tmp");
    }

    Path pidFile() {
        return this.nodeDir.resolve("elasticsearch.pid");
    }

    /** Output of the launcher (also catches errors printed before logging is set up). */
    Path consoleLog() {
        return logs().resolve("console.log");
    }

    /** Creates the folders and copies the install's config folder unless this node has one already. */
    void create(Path esHome) throws IOException {
        Files.createDirectories(data());
        Files.createDirectories(logs());
        Files.createDirectories(tmp());
        if (!Files.isDirectory(config())) {
            copyRecursively(esHome.resolve("config"), config());
        }
    }

    private static void copyRecursively(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                }
                else {
                    Files.copy(source, target);
                }
            }
        }
    }

}
