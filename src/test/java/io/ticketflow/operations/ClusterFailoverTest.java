package io.ticketflow.operations;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch._types.FieldValue;
import io.ticketflow.respond.OutboxProperties;
import io.ticketflow.store.TestStores;
import io.ticketflow.testing.Await;
import io.ticketflow.testing.ElasticsearchNode;
import io.ticketflow.testing.TestMailServer;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two Ticketflow processes on one Elasticsearch, one ZooKeeper (Curator's in-process server) and one mailbox. A
 * burst arrives; the instance polling the mailbox is killed with SIGKILL in the middle; the other takes the mailbox
 * over within the session time-out, and every mail ends exactly once: one ticket and one acknowledgement each. Then
 * ZooKeeper itself goes away for longer than the session time-out: polling stops (mail waits on the server), and
 * when ZooKeeper is back everything that waited is handled, again exactly once.
 */
@ExtendWith(ElasticsearchNode.class)
class ClusterFailoverTest {

    private static final Duration SESSION = Duration.ofSeconds(4);
    private static final String RUN = UUID.randomUUID().toString().substring(0, 6);
    private static final String MAILBOX = "failover-" + RUN + "@ticketflow.local";
    private static final String NAMESPACE = "ticketflow-mailbox-failover";
    private static final Pattern LEADS = Pattern.compile("Cluster: (\\S+) (now leads|no longer leads) " + NAMESPACE + "\\b");

    private static TestingServer zk;
    private static TestStores stores;
    private static final List<TicketflowProcess> instances = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        zk = new TestingServer(true);
        TestMailServer.get().setUser(MAILBOX, MAILBOX, "failover-secret");
        stores = new TestStores("fo-" + RUN);
        Path logs = Path.of("target", "cluster-failover-" + RUN);
        for (String name : List.of("alpha", "beta")) {
            instances.add(new TicketflowProcess(name, logs, List.of(
                    "--spring.main.web-application-type=none",
                    "--ticketflow.embedded.enabled=false",
                    "--ticketflow.elasticsearch.url=" + ElasticsearchNode.url(),
                    "--ticketflow.elasticsearch.index-prefix=fo-" + RUN,
                    "--ticketflow.identity.secret=",
                    "--ticketflow.smtp.host=127.0.0.1",
                    "--ticketflow.smtp.port=" + TestMailServer.smtpPort(),
                    "--ticketflow.intake.mailboxes[0].name=failover",
                    "--ticketflow.intake.mailboxes[0].protocol=imap",
                    "--ticketflow.intake.mailboxes[0].host=127.0.0.1",
                    "--ticketflow.intake.mailboxes[0].port=" + TestMailServer.imapPort(),
                    "--ticketflow.intake.mailboxes[0].username=" + MAILBOX,
                    "--ticketflow.intake.mailboxes[0].password=failover-secret",
                    "--ticketflow.intake.mailboxes[0].poll-delay-ms=200",
                    "--ticketflow.intake.mailboxes[0].max-messages-per-poll=3",
                    "--ticketflow.cluster.zookeeper.connect=127.0.0.1:" + zk.getPort(),
                    "--ticketflow.cluster.zookeeper.session-timeout=" + SESSION.toSeconds() + "s",
                    "--ticketflow.cluster.node-id=" + name,
                    "--ticketflow.followups.enabled=false",
                    "--ticketflow.outbox.handoff-grace=2s",
                    "--ticketflow.outbox.retry-delay-ms=500",
                    // an instance killed mid-send leaves its claimed mail to the other one soon, within the test's wait
                    "--ticketflow.outbox.claim=10s")));
        }
        for (TicketflowProcess p : instances) {
            Await.until(p.name + " started (log " + p.log + ")", Duration.ofSeconds(150), () -> {
                assertThat(p.alive()).as(p.name + " died at start:\n" + p.output()).isTrue();
                return p.output().contains("Started TicketflowApplication") ? true : null;
            });
        }
    }

    @AfterAll
    static void stop() throws Exception {
        for (TicketflowProcess p : instances) {
            p.close();
        }
        if (stores != null) {
            stores.close();
        }
        if (zk != null) {
            zk.close();
        }
    }

    @Test
    void theOtherInstanceTakesTheMailboxOverAndEveryMailEndsExactlyOnce() throws Exception {
        TicketflowProcess leader = Await.until("a leader of the mailbox", Duration.ofSeconds(30), ClusterFailoverTest::leader);
        assertThat(leader).isNotNull();
        TicketflowProcess follower = instances.get(0) == leader ? instances.get(1) : instances.get(0);

        List<String> burst = customers("burst", 40);
        deliver(burst.subList(0, 20));
        Await.until("the leader handles the first mails", Duration.ofSeconds(30),
                () -> acknowledged(burst) > 0 ? true : null);
        long killedAt = System.nanoTime();
        Instant killedAtWall = Instant.now();
        leader.kill();
        // more mail while nobody polls
        deliver(burst.subList(20, 40));

        Await.until(follower.name + " takes the mailbox over", SESSION.plusSeconds(6),
                () -> follower.name.equals(leaderName()) ? true : null);
        Duration takeover = Duration.ofNanos(System.nanoTime() - killedAt);
        System.out.println("mailbox taken over " + takeover.toMillis() + " ms after the kill (session time-out " + SESSION + ")");
        assertThat(takeover).isLessThan(SESSION.plusSeconds(6));

        assertExactlyOnce(burst, Duration.ofSeconds(60), killedAtWall);

        // ZooKeeper away for longer than a session: nobody polls, the mail waits on the server
        zk.stop();
        // the session expires SESSION after the last heartbeat; the log line and the next poll decision follow it.
        // A generous bound: this asserts that it stops (safety), not how fast; a stalled CI machine has taken > 10 s
        Await.until(follower.name + " stops polling", SESSION.plusSeconds(20), () -> follower.output().contains(
                "Cluster: " + follower.name + " no longer leads " + NAMESPACE) && lastLeadership(follower) == null ? true : null);
        List<String> during = customers("outage", 10);
        deliver(during);
        Thread.sleep(SESSION.plusSeconds(2).toMillis());
        assertThat(tickets(during)).as("nothing is polled while ZooKeeper is down").isEmpty();
        assertThat(acknowledged(during)).isZero();

        zk.restart();
        Await.until("polling resumes", Duration.ofSeconds(40), () -> follower.name.equals(leaderName()) ? true : null);
        assertExactlyOnce(during, Duration.ofSeconds(60), null);
        // and the first burst still exactly once (no replays after the outage)
        assertExactlyOnce(burst, Duration.ofSeconds(5), killedAtWall);
    }

    /** The instance that currently leads the mailbox, by what each instance logged last about it. */
    private static String leaderName() {
        String found = null;
        for (TicketflowProcess p : instances) {
            if (p.alive() && p.name.equals(lastLeadership(p))) {
                assertThat(found).as("two instances lead the mailbox at once").isNull();
                found = p.name;
            }
        }
        return found;
    }

    private static TicketflowProcess leader() {
        String name = leaderName();
        return instances.stream().filter(p -> p.name.equals(name)).findFirst().orElse(null);
    }

    /** The instance's name if its last log line about the mailbox says it leads, else null. */
    private static String lastLeadership(TicketflowProcess p) {
        Matcher m = LEADS.matcher(p.output());
        String last = null;
        while (m.find()) {
            last = m.group(2).equals("now leads") ? m.group(1) : null;
        }
        return last;
    }

    /**
     * One ticket per mail, and one acknowledgement per mail, except in the one window the outbox documents: a mail the
     * killed instance had handed to SMTP but not yet marked sent is sent again by the survivor. Each sending thread of
     * an instance marks a mail sent before it sends the next, so that is at most one mail per sending thread of the
     * killed instance (its senders and its retry timer), and a second copy is allowed only when the first arrived
     * before the kill ({@code crashAt}; null: no crash, exactly one).
     */
    private static void assertExactlyOnce(List<String> customers, Duration timeout, Instant crashAt) {
        Await.until("one ticket and one acknowledgement per mail", timeout,
                () -> tickets(customers).size() == customers.size() && acknowledged(customers) == customers.size() ? true : null);
        Map<String, Long> perCustomer = tickets(customers);
        assertThat(perCustomer.values()).as("tickets per mail").containsOnly(1L);
        int sendingThreads = OutboxProperties.defaults().senders() + 1;
        assertThat(customers.stream().filter(c -> TestMailServer.mailsTo(c).size() == 2).count())
                .as("acknowledgements sent twice: at most one in flight per sending thread of the killed instance")
                .isLessThanOrEqualTo(crashAt == null ? 0 : sendingThreads);
        for (String customer : customers) {
            List<MimeMessage> acks = TestMailServer.mailsTo(customer);
            if (crashAt != null && acks.size() == 2) {
                assertThat(receivedAt(acks.get(0))).as("the first of two acknowledgements to " + customer
                        + " was sent by the killed instance").isBefore(crashAt.plusSeconds(2));
            }
            else {
                assertThat(acks).as("acknowledgements to " + customer).hasSize(1);
            }
        }
    }

    private static Instant receivedAt(MimeMessage m) {
        try {
            return m.getReceivedDate().toInstant();
        }
        catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Long> tickets(List<String> customers) {
        try {
            stores.client.indices().refresh(r -> r.index(stores.indices.tickets()));
            var response = stores.client.search(s -> s.index(stores.indices.tickets()).size(1000)
                    .query(q -> q.terms(t -> t.field("customer").terms(v -> v.value(
                            customers.stream().map(FieldValue::of).toList())))), Map.class);
            return response.hits().hits().stream().map(h -> (String) h.source().get("customer"))
                    .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        }
        catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static long acknowledged(List<String> customers) {
        return customers.stream().filter(c -> !TestMailServer.mailsTo(c).isEmpty()).count();
    }

    private static List<String> customers(String what, int n) {
        List<String> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            list.add(what + i + "-" + RUN + "@customer.example");
        }
        return list;
    }

    private static void deliver(List<String> customers) throws Exception {
        Properties p = new Properties();
        p.setProperty("mail.smtp.host", "127.0.0.1");
        p.setProperty("mail.smtp.port", Integer.toString(TestMailServer.smtpPort()));
        Session session = Session.getInstance(p);
        for (String customer : customers) {
            MimeMessage m = new MimeMessage(session);
            m.setFrom(new InternetAddress(customer));
            m.setRecipients(Message.RecipientType.TO, MAILBOX);
            m.setSubject("Failover " + customer, "UTF-8");
            m.setText("Mail from " + customer, "UTF-8");
            Transport.send(m);
        }
    }
}
