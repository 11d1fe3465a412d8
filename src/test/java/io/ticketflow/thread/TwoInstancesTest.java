package io.ticketflow.thread;

import static org.assertj.core.api.Assertions.assertThat;

import io.ticketflow.TicketflowApplication;
import io.ticketflow.intake.IntakeRoute;
import io.ticketflow.store.TicketStore;
import io.ticketflow.testing.ElasticsearchNode;
import io.ticketflow.testing.TestMailServer;
import io.ticketflow.vocabulary.ProcessingOutcome;
import io.ticketflow.vocabulary.RawMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two Ticketflow instances (two Spring contexts, as two processes would be) on the same Elasticsearch: replies to one
 * ticket processed by both at once all land, exactly once; ticket numbers never collide; both sign with the one
 * secret generated at first start. The second instance runs with {@code stranger-policy: hold}.
 */
@ExtendWith(ElasticsearchNode.class)
class TwoInstancesTest {

    private static final String PREFIX = "dual-" + UUID.randomUUID().toString().substring(0, 6);
    private static ConfigurableApplicationContext first;
    private static ConfigurableApplicationContext second;

    @BeforeAll
    static void start() {
        first = instance("new-linked");
        second = instance("hold");
    }

    @AfterAll
    static void stop() {
        if (second != null) {
            second.close();
        }
        if (first != null) {
            first.close();
        }
    }

    private static ConfigurableApplicationContext instance(String strangerPolicy) {
        return new SpringApplicationBuilder(TicketflowApplication.class).web(WebApplicationType.NONE).run(
                "--ticketflow.embedded.enabled=false",
                "--ticketflow.elasticsearch.url=" + ElasticsearchNode.url(),
                "--ticketflow.elasticsearch.index-prefix=" + PREFIX,
                "--ticketflow.identity.secret=",
                "--ticketflow.smtp.host=127.0.0.1",
                "--ticketflow.smtp.port=" + TestMailServer.smtpPort(),
                "--ticketflow.intake.polling-enabled=false",
                "--ticketflow.threading.stranger-policy=" + strangerPolicy);
    }

    @Test
    void concurrentRepliesThroughTwoInstancesAllLandExactlyOnce() throws Exception {
        String customer = "dual-" + UUID.randomUUID().toString().substring(0, 8) + "@acme.example";
        ProcessingOutcome opened = process(first, TestMail.from(customer).subject("Two instances"));
        String number = opened.ticket();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<ProcessingOutcome>> futures = new ArrayList<>();
        try {
            for (int i = 0; i < 50; i++) {
                ConfigurableApplicationContext instance = i % 2 == 0 ? first : second;
                TestMail reply = TestMail.from(customer).subject("Re: [TF#" + number + "] Two instances").body("reply " + i);
                futures.add(pool.submit(() -> process(instance, reply)));
                // new tickets opened at the same time on both instances must get distinct numbers
                TestMail other = TestMail.from("other-" + i + "-" + customer).subject("Other " + i);
                futures.add(pool.submit(() -> process(instance, other)));
            }
            List<String> newNumbers = new ArrayList<>();
            for (Future<ProcessingOutcome> f : futures) {
                ProcessingOutcome o = f.get();
                if (o.outcome() == ProcessingOutcome.Outcome.CREATED) {
                    newNumbers.add(o.ticket());
                }
                else {
                    assertThat(o.outcome()).isEqualTo(ProcessingOutcome.Outcome.APPENDED);
                    assertThat(o.ticket()).isEqualTo(number);
                }
            }
            assertThat(newNumbers).hasSize(50).doesNotHaveDuplicates().doesNotContain(number);
        }
        finally {
            pool.shutdown();
        }
        TicketStore store = second.getBean(TicketStore.class);
        assertThat(store.find(number).value().messageCount()).isEqualTo(51);
        assertThat(store.find(number).value().messageKeys()).hasSize(51).doesNotHaveDuplicates();
    }

    @Test
    void bothInstancesShareTheGeneratedSecretAndTheHoldPolicyQuarantinesStrangers() throws Exception {
        String customer = "dual-" + UUID.randomUUID().toString().substring(0, 8) + "@acme.example";
        String number = process(first, TestMail.from(customer).subject("Secret")).ticket();
        String minted = first.getBean(ThreadTokens.class).newMessageId(number);
        assertThat(second.getBean(ThreadTokens.class).verifyMessageId(minted).check()).isEqualTo(ThreadTokens.Check.VALID);

        ProcessingOutcome held = process(second, TestMail.from("mallory@evil.example").subject("Re: [TF#" + number + "]"));
        assertThat(held.outcome()).isEqualTo(ProcessingOutcome.Outcome.QUARANTINED);
        assertThat(held.reason()).startsWith("held for review").contains("ticket " + number).contains("mallory@evil.example");
        assertThat(second.getBean(TicketStore.class).find(number).value().messageCount()).isEqualTo(1);
    }

    private static ProcessingOutcome process(ConfigurableApplicationContext instance, TestMail mail) {
        return instance.getBean(ProducerTemplate.class).requestBody(IntakeRoute.URI,
                RawMessage.of(mail.bytes(), "api", "api"), ProcessingOutcome.class);
    }
}
