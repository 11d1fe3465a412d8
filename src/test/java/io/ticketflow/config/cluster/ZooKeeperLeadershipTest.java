package io.ticketflow.config.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.ticketflow.testing.Await;
import io.ticketflow.testing.TcpProxy;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Leader election over a real (in-process) ZooKeeper, as {@link ClusterConfiguration} sets it up: one leader per
 * namespace; a leader whose connection is cut stops at once and another takes over after the session time-out; a
 * leader can hand a namespace over; with ZooKeeper down nobody leads, and leadership comes back with it.
 */
class ZooKeeperLeadershipTest {

    private static final String NS = "test-namespace";
    private static final Duration SESSION = Duration.ofSeconds(3);

    private TestingServer zk;
    private Instance first;
    private Instance second;

    @BeforeEach
    void start() throws Exception {
        zk = new TestingServer(true);
        first = new Instance("first");
        second = new Instance("second");
    }

    @AfterEach
    void stop() throws Exception {
        first.close();
        second.close();
        zk.close();
    }

    @Test
    void oneLeaderAndACutLeaderStopsBeforeTheOtherTakesOver() throws Exception {
        Instance leader = Await.until("a leader", Duration.ofSeconds(20), () -> first.leads() ? first : second.leads() ? second : null);
        Instance follower = leader == first ? second : first;
        Thread.sleep(1_000);
        assertThat(follower.leads()).isFalse();
        assertThat(follower.ticks.get()).as("the follower's master route never ran").isZero();
        // the leader's master route runs (waited for, not timed: a stalled machine once took over a second)
        Await.until("the leader's master route runs", Duration.ofSeconds(20), () -> leader.ticks.get() > 0 ? true : null);
        assertThat(follower.ticks.get()).as("the follower's master route never ran").isZero();
        assertThat(leader.leadership.members()).containsExactlyInAnyOrder("first", "second");

        // the leader's network to ZooKeeper breaks (as if its host died): it must stop before the other starts
        long cutAt = System.nanoTime();
        leader.proxy.cut();
        Await.until("the cut leader stops", SESSION, () -> leader.leadership.leads(NS) ? null : true);
        long stoppedAt = System.nanoTime();
        Await.until("the follower takes over", SESSION.multipliedBy(4), () -> follower.leads() ? true : null);
        long takenAt = System.nanoTime();
        assertThat(stoppedAt).isLessThan(takenAt);
        assertThat(Duration.ofNanos(takenAt - cutAt)).isLessThan(SESSION.multipliedBy(4));
        int before = follower.ticks.get();
        Await.until("the new leader's route runs", Duration.ofSeconds(10), () -> follower.ticks.get() > before ? true : null);

        // back on the network: the old leader queues again behind the new one
        leader.proxy.restore();
        Await.until("the old leader is a member again", Duration.ofSeconds(20),
                () -> follower.leadership.members().contains(leader.leadership.nodeId()) ? true : null);
        assertThat(leader.leadership.leads(NS)).isFalse();
    }

    @Test
    void aLeaderHandsOverAndWithZooKeeperDownNobodyLeadsUntilItIsBack() throws Exception {
        Instance leader = Await.until("a leader", Duration.ofSeconds(20), () -> first.leads() ? first : second.leads() ? second : null);
        Instance follower = leader == first ? second : first;
        Await.until("both are members", Duration.ofSeconds(10), () -> leader.leadership.members().size() == 2 ? true : null);
        leader.leadership.relinquish(NS);
        Await.until("the other one leads", Duration.ofSeconds(10), () -> follower.leads() ? true : null);
        assertThat(leader.leads()).isFalse();

        zk.stop();
        Await.until("nobody leads while ZooKeeper is down", SESSION, () -> !first.leads() && !second.leads() ? true : null);
        Thread.sleep(SESSION.multipliedBy(2).toMillis());
        assertThat(first.leads() || second.leads()).isFalse();
        int ticks = first.ticks.get() + second.ticks.get();
        Thread.sleep(500);
        assertThat(first.ticks.get() + second.ticks.get()).as("no leader work while ZooKeeper is down").isEqualTo(ticks);

        zk.restart();
        Await.until("a leader again", Duration.ofSeconds(30), () -> first.leads() || second.leads() ? true : null);
        Thread.sleep(1_000);
        assertThat(first.leads() && second.leads()).isFalse();
    }

    /** One Ticketflow instance as far as leadership goes: Curator (through a proxy), the service, a master route. */
    private final class Instance implements AutoCloseable {
        final TcpProxy proxy;
        final ClusterConfiguration.CuratorHolder curator;
        final CamelContext context = new DefaultCamelContext();
        final Leadership leadership;
        final AtomicInteger ticks = new AtomicInteger();

        Instance(String id) throws Exception {
            proxy = new TcpProxy("127.0.0.1", zk.getPort());
            ClusterProperties properties = new ClusterProperties(new ClusterProperties.ZooKeeper(
                    "127.0.0.1:" + proxy.port(), SESSION, Duration.ofSeconds(2), null), null, id);
            curator = ClusterConfiguration.clusterCurator(properties);
            CamelClusterService service = ClusterConfiguration.clusterService(properties, curator);
            context.addService(service);
            leadership = new Leadership(service, properties, curator);
            leadership.watch(NS);
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("master:" + NS + ":scheduler:tick?delay=100&initialDelay=0")
                            .filter(e -> leadership.leads(NS))
                            .process(e -> ticks.incrementAndGet());
                }
            });
            context.start();
        }

        boolean leads() {
            return leadership.leads(NS);
        }

        @Override
        public void close() throws Exception {
            leadership.stop();
            context.stop();
            curator.close();
            proxy.close();
        }
    }
}
