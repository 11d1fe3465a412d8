package io.ticketflow.source.mail;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.icegreen.greenmail.user.GreenMailUser;
import io.ticketflow.TicketflowApplication;
import io.ticketflow.intake.IntakeProperties;
import io.ticketflow.intake.ScriptedFaults;
import io.ticketflow.testing.Await;
import io.ticketflow.testing.ElasticsearchNode;
import io.ticketflow.testing.TcpProxy;
import io.ticketflow.testing.TestMailServer;
import io.ticketflow.testing.TestTokens;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the ingestion tests: a full Ticketflow of its own (one Spring context shared by the subclasses) on the real
 * Elasticsearch node, reached through a {@link TcpProxy} the tests can cut, with the {@link ScriptedFaults} seam, and
 * two configured mailboxes on the shared GreenMail: {@code good} (IMAP IDLE, scheduled poll only every 2 minutes) and
 * {@code broken} (wrong password). Most tests poll mailboxes of their own, created per test, synchronously.
 */
@CamelSpringBootTest
@SpringBootTest(classes = TicketflowApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "ticketflow.embedded.enabled=false", "ticketflow.outbox.retry-delay-ms=500",
                "ticketflow.intake.max-attempts=3",
                "ticketflow.security.rate-limit.per-token.requests=1000000",
                "ticketflow.security.rate-limit.per-address.requests=1000000" })
@Import(IngestionTest.Faults.class)
public abstract class IngestionTest {

    static final String GOOD = "good@ingest.test";
    static final String GOOD_PASSWORD = "good-secret";

    private static TcpProxy proxy;

    @TestConfiguration
    static class Faults {
        @Bean
        @Primary
        ScriptedFaults scriptedFaults() {
            return new ScriptedFaults();
        }
    }

    static synchronized TcpProxy elasticsearch() {
        if (proxy == null) {
            URI es = URI.create(ElasticsearchNode.url());
            try {
                proxy = new TcpProxy(es.getHost(), es.getPort());
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return proxy;
    }

    @DynamicPropertySource
    static void parts(DynamicPropertyRegistry registry) {
        registry.add("ticketflow.elasticsearch.url", () -> elasticsearch().url());
        registry.add("ticketflow.elasticsearch.index-prefix", () -> "ingest");
        registry.add("ticketflow.smtp.host", () -> "127.0.0.1");
        registry.add("ticketflow.smtp.port", TestMailServer::smtpPort);
        registry.add("ticketflow.intake.mailboxes[0].name", () -> "good");
        registry.add("ticketflow.intake.mailboxes[0].host", () -> "127.0.0.1");
        registry.add("ticketflow.intake.mailboxes[0].port", () -> {
            TestMailServer.get().setUser(GOOD, GOOD, GOOD_PASSWORD);
            return TestMailServer.imapPort();
        });
        registry.add("ticketflow.intake.mailboxes[0].username", () -> GOOD);
        registry.add("ticketflow.intake.mailboxes[0].password", () -> GOOD_PASSWORD);
        registry.add("ticketflow.intake.mailboxes[0].poll-delay-ms", () -> 120_000);
        registry.add("ticketflow.intake.mailboxes[1].name", () -> "broken");
        registry.add("ticketflow.intake.mailboxes[1].host", () -> "127.0.0.1");
        registry.add("ticketflow.intake.mailboxes[1].port", TestMailServer::imapPort);
        registry.add("ticketflow.intake.mailboxes[1].username", () -> GOOD);
        registry.add("ticketflow.intake.mailboxes[1].password", () -> "wrong-password");
        registry.add("ticketflow.intake.mailboxes[1].poll-delay-ms", () -> 500);
        registry.add("ticketflow.intake.mailboxes[1].idle", () -> false);
        registry.add("ticketflow.security.tokens-file", TestTokens::file);
    }

    @Autowired
    protected TestRestTemplate api;

    /** The tests call the API as an admin (the token is in the test JVM's tokens file). */
    @BeforeEach
    void authorizeApi() {
        TestTokens.authorize(api);
    }

    @Autowired
    protected MailboxPollers pollers;

    @Autowired
    protected ScriptedFaults faults;

    @Autowired
    protected ElasticsearchClient es;

    @AfterEach
    void disarm() {
        faults.disarm();
        elasticsearch().restore();
    }

    /** A fresh account on the shared GreenMail. */
    protected static Account account() {
        String address = "box-" + UUID.randomUUID().toString().substring(0, 8) + "@ingest.test";
        GreenMailUser user = TestMailServer.get().setUser(address, address, "pw-" + address);
        return new Account(address, "pw-" + address, user);
    }

    /** A mail account on the test server and the mailbox configuration that reads it. */
    protected record Account(String address, String password, GreenMailUser user) {

        IntakeProperties.Mailbox mailbox() {
            return IntakeProperties.Mailbox.of(address.substring(0, address.indexOf('@')), "imap", "127.0.0.1",
                    TestMailServer.imapPort(), address, password).withLimits(25L * 1024 * 1024, 100, Duration.ofSeconds(5));
        }

        void deliver(MimeMessage message) {
            try {
                user.deliver(message);
            }
            catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        /** The flags of the messages now in a folder, in order. */
        List<Flags> flags(String folder) throws Exception {
            Store store = Session.getInstance(new Properties()).getStore("imap");
            store.connect("127.0.0.1", TestMailServer.imapPort(), address, password);
            try {
                Folder f = store.getFolder(folder);
                if (!f.exists()) {
                    return List.of();
                }
                f.open(Folder.READ_ONLY);
                List<Flags> flags = new ArrayList<>();
                for (Message m : f.getMessages()) {
                    flags.add(m.getFlags());
                }
                f.close(false);
                return flags;
            }
            finally {
                store.close();
            }
        }

        /** Marks every message \Seen, as a person reading it in webmail would. */
        void readInWebmail() throws Exception {
            Store store = Session.getInstance(new Properties()).getStore("imap");
            store.connect("127.0.0.1", TestMailServer.imapPort(), address, password);
            try {
                Folder inbox = store.getFolder("INBOX");
                inbox.open(Folder.READ_WRITE);
                for (Message m : inbox.getMessages()) {
                    m.setFlag(Flags.Flag.SEEN, true);
                }
                inbox.close(false);
            }
            finally {
                store.close();
            }
        }
    }

    /** A customer mail with its own unique sender. */
    protected static MimeMessage mail(String from, String subject, String body) {
        try {
            MimeMessage m = new MimeMessage(Session.getInstance(new Properties()));
            m.setFrom(new InternetAddress(from));
            m.setRecipients(Message.RecipientType.TO, "support@ticketflow.local");
            m.setSubject(subject, "UTF-8");
            m.setText(body, "UTF-8");
            m.setSentDate(new java.util.Date());
            m.saveChanges();
            return m;
        }
        catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    protected static String customer() {
        return "cust-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    /** Ticket messages (inbound) from a sender, counted after a refresh. */
    protected long messagesFrom(String address) throws IOException {
        es.indices().refresh(r -> r.index("ingest-messages"));
        return es.count(c -> c.index("ingest-messages").query(q -> q.term(t -> t.field("from").value(address)))).count();
    }

    protected long ticketsOf(String address) throws IOException {
        es.indices().refresh(r -> r.index("ingest-tickets"));
        return es.count(c -> c.index("ingest-tickets").query(q -> q.term(t -> t.field("customer").value(address)))).count();
    }

    /** The mailbox's status once it is in IDLE and has finished what it was doing (nothing pending, count steady). */
    protected MailboxStatus settled(String name) throws InterruptedException {
        MailboxStatus status = await("IDLE on mailbox " + name, Duration.ofSeconds(30),
                () -> pollers.status(name) != null && Boolean.TRUE.equals(pollers.status(name).details().get("idle"))
                        ? pollers.status(name) : null);
        long last = -1;
        while (last != status.processed() || !Integer.valueOf(0).equals(status.details().getOrDefault("pending", 0))) {
            last = status.processed();
            Thread.sleep(300);
        }
        return status;
    }

    protected static <T> T await(String what, Duration timeout, Supplier<T> supplier) {
        return Await.until(what, timeout, supplier);
    }
}
