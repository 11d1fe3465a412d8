package io.ticketflow.source.mail;

import static org.assertj.core.api.Assertions.assertThat;

import io.ticketflow.config.cluster.ClusterConfiguration;
import io.ticketflow.config.cluster.ClusterProperties;
import io.ticketflow.config.cluster.Leadership;
import io.ticketflow.testing.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Test;

/**
 * Four mailboxes, two instances on a real (in-process) ZooKeeper: the instance that started first leads them all at
 * first, then hands mailboxes over until each leads its share; every mailbox has exactly one leader throughout.
 */
class MailboxSpreadTest {

    private static final List<String> MAILBOXES = List.of("m1", "m2", "m3", "m4");

    @Test
    void mailboxesSpreadOverTheInstancesWithOneLeaderEach() throws Exception {
        try (TestingServer zk = new TestingServer(true)) {
            List<AutoCloseable> open = new ArrayList<>();
            try {
                Leadership first = instance(zk, "first", open);
                Await.until("the first instance leads all mailboxes", Duration.ofSeconds(20),
                        () -> count(first) == 4 ? true : null);
                Leadership second = instance(zk, "second", open);
                Await.until("two mailboxes each", Duration.ofSeconds(30),
                        () -> count(first) == 2 && count(second) == 2 ? true : null);
                for (String mailbox : MAILBOXES) {
                    String ns = MailboxLeadership.namespace(mailbox);
                    assertThat(first.leads(ns) ^ second.leads(ns)).as("exactly one leader of " + mailbox).isTrue();
                }
                Thread.sleep(1_500);
                assertThat(count(first) + count(second)).as("stable after spreading").isEqualTo(4);
                assertThat(count(first)).isEqualTo(2);
            }
            finally {
                for (int i = open.size() - 1; i >= 0; i--) {
                    open.get(i).close();
                }
            }
        }
    }

    private static long count(Leadership leadership) {
        return MAILBOXES.stream().filter(m -> leadership.leads(MailboxLeadership.namespace(m))).count();
    }

    private static Leadership instance(TestingServer zk, String id, List<AutoCloseable> open) throws Exception {
        ClusterProperties properties = new ClusterProperties(new ClusterProperties.ZooKeeper(zk.getConnectString(),
                Duration.ofSeconds(4), Duration.ofSeconds(2), null), null, id);
        ClusterConfiguration.CuratorHolder curator = ClusterConfiguration.clusterCurator(properties);
        open.add(curator);
        CamelClusterService service = ClusterConfiguration.clusterService(properties, curator);
        CamelContext context = new DefaultCamelContext();
        context.addService(service);
        context.start();
        open.add(context::stop);
        Leadership leadership = new Leadership(service, properties, curator);
        open.add(leadership::stop);
        MAILBOXES.forEach(m -> leadership.watch(MailboxLeadership.namespace(m)));
        MailboxLeadership mailboxes = new MailboxLeadership(leadership, null, 300);
        open.add(mailboxes::stop);
        return leadership;
    }
}
