package io.ticketflow.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the Elasticsearch distribution zip and unpacks it once into an install folder.
 * <p>
 * The unpacking is atomic (unzip into a temporary sibling folder, then rename), so a half-unpacked tree left by a
 * killed JVM is never mistaken for a complete install, and two JVMs unpacking at the same time do not clash.
 * {@link ZipFile} does not keep Unix permissions, so the launchers (every file in a {@code bin/} folder) are made
 * executable explicitly.
 */
final class ElasticsearchDistribution {

    private static final Logger log = LoggerFactory.getLogger(ElasticsearchDistribution.class);

    private static final Path TARGET_ZIP = Path.of("target", "elasticsearch", "elasticsearch.zip");

    private ElasticsearchDistribution() {
    }

    /**
     * The zip to use: the given one, else {@code target/elasticsearch/elasticsearch.zip}, else the local Maven
     * repository copy for {@code version}.
     */
    static Path locateZip(Path configured, String version) {
        if (configured != null) {
            if (!Files.isRegularFile(configured)) {
                throw new IllegalStateException("Elasticsearch distribution not found: " + configured);
            }
            return configured;
        }
        Path m2 = mavenRepository().resolve(Path.of("org", "elasticsearch", "distribution", "integ-test-zip",
                "elasticsearch", version, "elasticsearch-" + version + ".zip"));
        for (Path candidate : new Path[] { TARGET_ZIP.toAbsolutePath(), m2 }) {
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("Elasticsearch distribution zip not found at " + TARGET_ZIP.toAbsolutePath()
                + " or " + m2 + "; run ./mvnw generate-resources");
    }

    /**
     * Unpacks {@code zip} into {@code installDir} unless that was already done.
     * @return the Elasticsearch home (the zip's single top-level folder inside {@code installDir})
     */
    static Path unpackOnce(Path zip, Path installDir) throws IOException {
        try (ZipFile zipFile = new ZipFile(zip.toFile())) {
            String topLevel = topLevelFolder(zipFile);
            Path home = installDir.resolve(topLevel);
            if (Files.isDirectory(home)) {
                log.debug("Reusing Elasticsearch install {}", home);
                return home;
            }
            Files.createDirectories(installDir);
            Path tmp = Files.createTempDirectory(installDir, ".unpack-");
            try {
                log.info("Unpacking {} into {}", zip, home);
                extract(zipFile, tmp);
                makeFoldersReadable(tmp.resolve(topLevel));
                moveAtomically(tmp.resolve(topLevel), home);
            }
            finally {
                deleteRecursively(tmp);
            }
            return home;
        }
    }

    private static String topLevelFolder(ZipFile zipFile) {
        String first = null;
        Enumeration<? extends ZipEntry> entries = zipFile.entries();
        while (entries.hasMoreElements()) {
            String name = entries.nextElement().getName();
            String top = name.contains("/") ? name.substring(0, name.indexOf('/')) : name;
            if (first == null) {
                first = top;
            }
            else if (!first.equals(top)) {
                throw new IllegalStateException(zipFile.getName() + " has more than one top-level entry");
            }
        }
        if (first == null || first.isEmpty()) {
            throw new IllegalStateException(zipFile.getName() + " is empty");
        }
        return first;
    }

    private static void extract(ZipFile zipFile, Path target) throws IOException {
        Enumeration<? extends ZipEntry> entries = zipFile.entries();
        while (entries.hasMoreElements()) {
            ZipEntry entry = entries.nextElement();
            Path out = target.resolve(entry.getName()).normalize();
            if (!out.startsWith(target)) {
                throw new IOException("Zip entry outside the target folder: " + entry.getName());
            }
            if (entry.isDirectory()) {
                Files.createDirectories(out);
                continue;
            }
            Files.createDirectories(out.getParent());
            try (InputStream in = zipFile.getInputStream(entry)) {
                Files.copy(in, out);
            }
            setPermissions(out);
        }
    }

    private static void makeFoldersReadable(Path home) throws IOException {
        try (Stream<Path> paths = Files.walk(home)) {
            for (Path dir : (Iterable<Path>) paths.filter(Files::isDirectory)::iterator) {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        }
    }

    /** rw-r--r-- for data files, rwxr-xr-x for launchers: other users (the service user) must read the install. */
    private static void setPermissions(Path file) throws IOException {
        boolean launcher = file.getParent().getFileName().toString().equals("bin") && !file.toString().endsWith(".bat")
                && !file.toString().endsWith(".exe");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(launcher ? "rwxr-xr-x" : "rw-r--r--"));
    }

    private static void moveAtomically(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        }
        catch (AtomicMoveNotSupportedException ex) {
            throw new IOException("Cannot rename " + from + " to " + to + " atomically", ex);
        }
        catch (IOException ex) {
            if (!Files.isDirectory(to.resolve("bin"))) {
                throw ex;
            }
            // another JVM finished unpacking first: its copy is as good as ours
            log.info("{} was unpacked concurrently, using that copy", to);
        }
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(ElasticsearchDistribution::deleteQuietly);
        }
        catch (IOException | UncheckedIOException ex) {
            log.warn("Could not delete {}: {}", dir, ex.toString());
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        }
        catch (IOException ex) {
            log.debug("Could not delete {}: {}", path, ex.toString());
        }
    }

    private static Path mavenRepository() {
        String local = System.getProperty("maven.repo.local");
        return (local != null && !local.isBlank()) ? Path.of(local)
                : Path.of(System.getProperty("user.home"), ".m2", "repository");
    }

}
