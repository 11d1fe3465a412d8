package io.ticketflow.config.cluster;

import java.util.concurrent.TimeUnit;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.component.file.cluster.FileLockClusterService;
import org.apache.camel.component.zookeeper.ZooKeeperCuratorConfiguration;
import org.apache.camel.component.zookeeper.cluster.ZooKeeperClusterService;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The cluster service behind every {@code master:} route: ZooKeeper (Apache Curator) when
 * {@code ticketflow.cluster.zookeeper.connect} is set, otherwise lock files on one host. The Kubernetes Lease service
 * of camel-kubernetes would plug in here the same way (docs/operations.md).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ClusterProperties.class)
public class ClusterConfiguration {

    @Bean
    public static CamelClusterService clusterService(ClusterProperties properties, CuratorHolder curator) {
        return curator.client() == null ? fileLock(properties.lockDir(), properties.nodeId())
                : zooKeeper(properties, curator.client());
    }

    /** Our own Curator client, so {@link Leadership} sees the connection state (suspended means: stop at once). */
    @Bean(destroyMethod = "close")
    public static CuratorHolder clusterCurator(ClusterProperties properties) {
        ClusterProperties.ZooKeeper zk = properties.zookeeper();
        if (!zk.enabled()) {
            return new CuratorHolder(null);
        }
        CuratorFramework client = CuratorFrameworkFactory.builder()
                .connectString(zk.connect())
                .sessionTimeoutMs((int) zk.sessionTimeout().toMillis())
                .connectionTimeoutMs((int) Math.min(zk.connectionTimeout().toMillis(), zk.sessionTimeout().toMillis()))
                // operations retry a few times; the connection itself is re-established by Curator for ever
                .retryPolicy(new ExponentialBackoffRetry(500, 5, 5_000))
                .build();
        client.start();
        return new CuratorHolder(client);
    }

    /** Instances sharing the lock directory (one host, or a file system with working locks) elect one leader. */
    public static CamelClusterService fileLock(String lockDir, String nodeId) {
        FileLockClusterService service = new FileLockClusterService();
        service.setId(nodeId);
        service.setRoot(lockDir);
        service.setAcquireLockDelay(1, TimeUnit.SECONDS);
        service.setAcquireLockInterval(2, TimeUnit.SECONDS);
        return service;
    }

    static CamelClusterService zooKeeper(ClusterProperties properties, CuratorFramework client) {
        ZooKeeperCuratorConfiguration configuration = new ZooKeeperCuratorConfiguration();
        configuration.setCuratorFramework(client);
        configuration.setBasePath(properties.zookeeper().basePath());
        ZooKeeperClusterService service = new ZooKeeperClusterService(configuration);
        service.setId(properties.nodeId());
        return service;
    }

    /** The Curator client, or none when ZooKeeper is not configured. */
    public record CuratorHolder(CuratorFramework client) implements AutoCloseable {
        @Override
        public void close() {
            if (client != null) {
                client.close();
            }
        }
    }
}
