package io.ticketflow.config.cluster;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How several Ticketflow instances agree on who runs what (the follow-up scheduler, the poller of each mailbox).
 *
 * @param zookeeper ZooKeeper ensemble; without {@code connect} the instances of one host (or of a shared file system
 *                  with working locks) elect their leaders through lock files in {@code lockDir}
 * @param lockDir   directory of the lock files when ZooKeeper is not configured
 * @param nodeId    this instance's name among the members (shown in health and metrics); default host name, pid and a random
 *                  suffix
 */
@ConfigurationProperties("ticketflow.cluster")
public record ClusterProperties(ZooKeeper zookeeper, String lockDir, String nodeId) {

    public ClusterProperties {
        zookeeper = zookeeper == null ? new ZooKeeper(null, null, null, null) : zookeeper;
        lockDir = lockDir == null || lockDir.isBlank() ? "data/cluster" : lockDir;
        nodeId = nodeId == null || nodeId.isBlank() ? defaultNodeId() : nodeId;
    }

    /**
     * @param connect           {@code host:port,host:port}; empty keeps the single-host lock files
     * @param sessionTimeout    a member silent for this long loses its leaderships; another instance takes over
     *                          after it. The instance itself stops its pollers as soon as its connection is
     *                          suspended (2/3 of this without an answer), so before anyone else can start them
     * @param connectionTimeout how long one connection attempt may take
     * @param basePath          the ZooKeeper node under which each namespace (mailbox, scheduler) elects its leader
     */
    public record ZooKeeper(String connect, Duration sessionTimeout, Duration connectionTimeout, String basePath) {

        public ZooKeeper {
            connect = connect == null ? "" : connect.strip();
            sessionTimeout = sessionTimeout == null ? Duration.ofSeconds(15) : sessionTimeout;
            connectionTimeout = connectionTimeout == null ? Duration.ofSeconds(10) : connectionTimeout;
            basePath = basePath == null || basePath.isBlank() ? "/ticketflow/cluster" : basePath;
            if (sessionTimeout.compareTo(Duration.ofSeconds(2)) < 0) {
                throw new IllegalArgumentException("ticketflow.cluster.zookeeper.session-timeout must be at least 2s, is "
                        + sessionTimeout);
            }
        }

        public boolean enabled() {
            return !connect.isEmpty();
        }
    }

    private static String defaultNodeId() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        }
        catch (java.net.UnknownHostException e) {
            host = "localhost";
        }
        // the random part keeps two instances in one JVM (tests) or a reused pid apart
        return host + "-" + ProcessHandle.current().pid() + "-" + java.util.UUID.randomUUID().toString().substring(0, 4);
    }
}
