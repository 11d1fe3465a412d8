package io.ticketflow.embedded;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How to launch an {@link EmbeddedElasticsearch} node.
 *
 * @param distributionZip the Elasticsearch distribution zip; {@code null} means look in
 *        {@code target/elasticsearch/elasticsearch.zip}, then in the local Maven repository for {@code version}
 * @param version the distribution version (used to find the zip in the local Maven repository)
 * @param installDir where the zip is unpacked once and reused by later starts
 * @param dataDir the node's own folder: it holds {@code data/}, {@code logs/}, {@code config/}, {@code tmp/} and the
 *        pid file
 * @param javaHome the JDK that runs Elasticsearch (ES 8.x: 17+, ES 9.x: 21+)
 * @param heap the JVM heap, for example {@code 512m}
 * @param startupTimeout how long to wait for the cluster to become yellow
 * @param nodeName the Elasticsearch node name
 * @param jvmOptions more JVM options for the node, space separated, after the heap (empty: none)
 */
public record EmbeddedElasticsearchSettings(Path distributionZip, String version, Path installDir, Path dataDir,
        Path javaHome, String heap, Duration startupTimeout, String nodeName, String jvmOptions) {

    /** The server version the project builds against (see {@code elasticsearch-server.version} in the pom). */
    public static final String DEFAULT_VERSION = "8.19.7";

    public EmbeddedElasticsearchSettings {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(installDir, "installDir");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(javaHome, "javaHome");
        Objects.requireNonNull(heap, "heap");
        Objects.requireNonNull(startupTimeout, "startupTimeout");
        Objects.requireNonNull(nodeName, "nodeName");
        jvmOptions = jvmOptions == null ? "" : jvmOptions.strip();
        installDir = installDir.toAbsolutePath().normalize();
        dataDir = dataDir.toAbsolutePath().normalize();
        distributionZip = (distributionZip != null) ? distributionZip.toAbsolutePath().normalize() : null;
    }

    /**
     * Defaults: version {@value #DEFAULT_VERSION}, the zip found by the default lookup, the current JVM as java home, a
     * 512m heap and a 120 s startup timeout.
     * @param installDir where the distribution is unpacked
     * @param dataDir the node's own folder
     * @return the settings
     */
    public static EmbeddedElasticsearchSettings of(Path installDir, Path dataDir) {
        return new EmbeddedElasticsearchSettings(null, DEFAULT_VERSION, installDir, dataDir,
                Path.of(System.getProperty("java.home")), "512m", Duration.ofSeconds(120), "ticketflow-node", "");
    }

    public EmbeddedElasticsearchSettings withDistributionZip(Path zip) {
        return new EmbeddedElasticsearchSettings(zip, this.version, this.installDir, this.dataDir, this.javaHome,
                this.heap, this.startupTimeout, this.nodeName, this.jvmOptions);
    }

    public EmbeddedElasticsearchSettings withVersion(String version) {
        return new EmbeddedElasticsearchSettings(this.distributionZip, version, this.installDir, this.dataDir,
                this.javaHome, this.heap, this.startupTimeout, this.nodeName, this.jvmOptions);
    }

    public EmbeddedElasticsearchSettings withJavaHome(Path javaHome) {
        return new EmbeddedElasticsearchSettings(this.distributionZip, this.version, this.installDir, this.dataDir,
                javaHome, this.heap, this.startupTimeout, this.nodeName, this.jvmOptions);
    }

    public EmbeddedElasticsearchSettings withHeap(String heap) {
        return new EmbeddedElasticsearchSettings(this.distributionZip, this.version, this.installDir, this.dataDir,
                this.javaHome, heap, this.startupTimeout, this.nodeName, this.jvmOptions);
    }

    public EmbeddedElasticsearchSettings withStartupTimeout(Duration startupTimeout) {
        return new EmbeddedElasticsearchSettings(this.distributionZip, this.version, this.installDir, this.dataDir,
                this.javaHome, this.heap, startupTimeout, this.nodeName, this.jvmOptions);
    }

    public EmbeddedElasticsearchSettings withNodeName(String nodeName) {
        return new EmbeddedElasticsearchSettings(this.distributionZip, this.version, this.installDir, this.dataDir,
                this.javaHome, this.heap, this.startupTimeout, nodeName, this.jvmOptions);
    }

    public EmbeddedElasticsearchSettings withInstallDir(Path installDir) {
        return new EmbeddedElasticsearchSettings(this.distributionZip, this.version, installDir, this.dataDir,
                this.javaHome, this.heap, this.startupTimeout, this.nodeName, this.jvmOptions);
    }

    public EmbeddedElasticsearchSettings withDataDir(Path dataDir) {
        return new EmbeddedElasticsearchSettings(this.distributionZip, this.version, this.installDir, dataDir,
                this.javaHome, this.heap, this.startupTimeout, this.nodeName, this.jvmOptions);
    }

    public EmbeddedElasticsearchSettings withJvmOptions(String jvmOptions) {
        return new EmbeddedElasticsearchSettings(this.distributionZip, this.version, this.installDir, this.dataDir,
                this.javaHome, this.heap, this.startupTimeout, this.nodeName, jvmOptions);
    }
}
