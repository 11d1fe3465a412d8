package io.ticketflow.respond;

import static org.assertj.core.api.Assertions.assertThat;

import io.ticketflow.sla.SlaPolicies;
import io.ticketflow.store.AutoReplyLedger;
import io.ticketflow.store.TestStores;
import io.ticketflow.testing.ElasticsearchNode;
import io.ticketflow.thread.SubjectTag;
import io.ticketflow.vocabulary.TicketflowIdentity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The limits on automatic mail, with the ledger in a real Elasticsearch and a clock the test moves. */
@ExtendWith(ElasticsearchNode.class)
class LoopGuardTest {

    private static final TicketflowIdentity IDENTITY = new TicketflowIdentity(List.of("support@ticketflow.local"),
            "support@ticketflow.local", "Support", "ticketflow.local", "TF", "ticketflow", "secret");
    private static TestStores stores;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T09:00:00Z"));

    @BeforeAll
    static void store() {
        stores = new TestStores("lg-" + UUID.randomUUID().toString().substring(0, 8));
    }

    @AfterAll
    static void close() throws Exception {
        stores.close();
    }

    /**
     * The global window and the list of trips are shared by everything on one store, as in production: each test
     * starts with them empty.
     */
    @BeforeEach
    void emptyGlobalWindow() throws Exception {
        stores.client.delete(d -> d.index(stores.indices.counters()).id("auto-mail-global").refresh(
                co.elastic.clients.elasticsearch._types.Refresh.True));
        stores.client.delete(d -> d.index(stores.indices.counters()).id("auto-mail-trips").refresh(
                co.elastic.clients.elasticsearch._types.Refresh.True));
    }

    private LoopGuard guard(LoopProtectionProperties limits) {
        return new LoopGuard(new AutoReplyLedger(stores.client, stores.indices), limits, IDENTITY, new SubjectTag(IDENTITY),
                clock);
    }

    private static String someone() {
        return "c-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    @Test
    void perRecipientTiersCapAutomaticMailAndFreeUpAsTimePasses() {
        LoopProtectionProperties limits = new LoopProtectionProperties(List.of(
                new LoopProtectionProperties.Limit(Duration.ofMinutes(10), 3),
                new LoopProtectionProperties.Limit(Duration.ofDays(1), 5)),
                new LoopProtectionProperties.Limit(Duration.ofDays(1), 100), null, null, null);
        LoopGuard guard = guard(limits);
        String to = someone();
        for (int i = 0; i < 3; i++) {
            assertThat(guard.permit(to, "Subject " + i)).isNull();
        }
        assertThat(guard.permit(to, "Subject 3")).contains("3 automatic mails within PT10M");
        assertThat(guard.permit(someone(), "Subject 3")).as("other recipients are not affected").isNull();
        clock.advance(Duration.ofMinutes(11));
        assertThat(guard.permit(to, "Subject 4")).isNull();
        assertThat(guard.permit(to, "Subject 5")).isNull();
        assertThat(guard.permit(to, "Subject 6")).contains("within PT24H (limit 5)");
        clock.advance(Duration.ofDays(1));
        assertThat(guard.permit(to, "Subject 7")).isNull();
    }

    @Test
    void sameSubjectAgainAndAgainIsNoProgressWhateverTheTagsAndPrefixes() {
        LoopGuard guard = guard(LoopProtectionProperties.defaults());
        String to = someone();
        assertThat(guard.permit(to, "Order 4711 missing")).isNull();
        assertThat(guard.permit(to, "[TF#100200] Re: AW: order 4711   MISSING")).isNull();
        assertThat(guard.permit(to, "RE: Re: [TF#100201] Order 4711 missing")).contains("no progress");
        assertThat(guard.permit(to, "Another question")).isNull();
    }

    @Test
    void twoInstancesCannotBothTakeTheLastSlot() throws Exception {
        LoopProtectionProperties limits = new LoopProtectionProperties(List.of(
                new LoopProtectionProperties.Limit(Duration.ofHours(1), 1)), null, null, null, null);
        String to = someone();
        LoopGuard a = guard(limits);
        LoopGuard b = guard(limits);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<String>> results = pool.invokeAll(List.<Callable<String>>of(() -> a.permit(to, "x"),
                    () -> b.permit(to, "y")));
            long permitted = results.stream().filter(r -> {
                try {
                    return r.get() == null;
                }
                catch (Exception e) {
                    throw new AssertionError(e);
                }
            }).count();
            assertThat(permitted).isEqualTo(1);
        }
        finally {
            pool.shutdown();
        }
    }

    @Test
    void globalBreakerOpensWhenTheRateExplodesAndClosesAfterTheCooldown() {
        LoopProtectionProperties limits = new LoopProtectionProperties(null, null,
                new LoopProtectionProperties.Limit(Duration.ofMinutes(10), 5), Duration.ofMinutes(30), null);
        LoopGuard guard = guard(limits);
        for (int i = 0; i < 5; i++) {
            assertThat(guard.permit(someone(), "storm")).isNull();
        }
        assertThat(guard.status().breakerOpen()).isFalse();
        assertThat(guard.permit(someone(), "storm")).contains("global breaker");
        assertThat(guard.status().breakerOpen()).isTrue();
        assertThat(guard.permit(someone(), "calm")).contains("breaker is open");
        assertThat(guard.status().refusedByBreaker()).isEqualTo(2);
        assertThat(health(guard).getStatus()).isEqualTo(RespondHealth.ALERT);
        assertThat(health(guard).getDetails().get("automaticMail").toString()).contains("breakerOpen=true");
        clock.advance(Duration.ofMinutes(31));
        assertThat(guard.status().breakerOpen()).isFalse();
        assertThat(guard.permit(someone(), "calm")).isNull();
        assertThat(health(guard).getStatus()).isEqualTo(org.springframework.boot.actuate.health.Status.UP);
    }

    @Test
    void twoInstancesTogetherNeverSendMoreThanTheGlobalLimitAndBothSeeTheOpenBreaker() throws Exception {
        LoopProtectionProperties limits = new LoopProtectionProperties(null, null,
                new LoopProtectionProperties.Limit(Duration.ofMinutes(10), 20), Duration.ofMinutes(30), null);
        LoopGuard a = guard(limits);
        LoopGuard b = guard(limits);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<String>> sends = new java.util.ArrayList<>();
            for (int i = 0; i < 60; i++) {
                LoopGuard instance = i % 2 == 0 ? a : b;
                sends.add(() -> instance.permit(someone(), "burst"));
            }
            long permitted = 0;
            for (Future<String> f : pool.invokeAll(sends)) {
                permitted += f.get() == null ? 1 : 0;
            }
            // each instance alone would have allowed 20; together they allow 20
            assertThat(permitted).isEqualTo(20);
        }
        finally {
            pool.shutdown();
        }
        assertThat(a.status().breakerOpen()).isTrue();
        assertThat(b.status().breakerOpen()).isTrue();
        assertThat(b.status().sentInWindow()).isEqualTo(20);
        assertThat(b.permit(someone(), "after")).contains("breaker is open");
    }

    private static org.springframework.boot.actuate.health.Health health(LoopGuard guard) {
        SlaPolicies slas = new SlaPolicies(new SlaPolicies.Properties("config/sla.yml"));
        TemplateRenderer templates = RespondFixture.renderer(new MailModels(slas, new SubjectTag(IDENTITY), IDENTITY),
                RespondFixture.LOADER_PATH);
        return new RespondHealth(guard, templates, slas, null).health();
    }

    @Test
    void acknowledgementsHaveTheirOwnLimitAndTheSameAcknowledgementAskedAgainTakesNoSecondSlot() {
        LoopProtectionProperties defaults = LoopProtectionProperties.defaults();
        LoopProtectionProperties limits = new LoopProtectionProperties(defaults.perRecipient(), defaults.sameSubject(),
                defaults.global(), defaults.breakerCooldown(), new LoopProtectionProperties.Limit(Duration.ofHours(1), 2));
        LoopGuard guard = guard(limits);
        String to = someone();
        assertThat(guard.permitAcknowledgement(to, "First", "100-acknowledgement")).isNull();
        // the pipeline retried the message of ticket 100: permitted again, counted once
        assertThat(guard.permitAcknowledgement(to, "First", "100-acknowledgement")).isNull();
        assertThat(guard.permit(to, "A reminder")).as("other automatic mail is not an acknowledgement").isNull();
        assertThat(guard.permitAcknowledgement(to, "Second", "101-acknowledgement")).isNull();
        assertThat(guard.permitAcknowledgement(to, "Third", "102-acknowledgement"))
                .contains("2 acknowledgements within PT1H (limit 2)");
        assertThat(guard.permitAcknowledgement(someone(), "Third", "103-acknowledgement")).isNull();
        assertThat(guard.status().refusedByLimits()).isEqualTo(1);
        // acknowledgements count towards the per-recipient limits too (10 within 10 minutes by default)
        for (int i = 0; i < 7; i++) {
            assertThat(guard.permit(to, "Notice " + i)).isNull();
        }
        assertThat(guard.permit(to, "Notice 7")).contains("10 automatic mails within PT10M");
        clock.advance(Duration.ofMinutes(61));
        assertThat(guard.permitAcknowledgement(to, "Fourth", "104-acknowledgement")).isNull();
    }

    @Test
    void ownRobotAndListAddressesAreNeverAnswered() {
        LoopGuard guard = guard(LoopProtectionProperties.defaults());
        assertThat(guard.permit("SUPPORT@ticketflow.local", "x")).contains("own");
        for (String robot : List.of("noreply@shop.example", "no.reply@shop.example", "mailer-daemon@mx.example",
                "owner-list@lists.example", "dev-request@lists.example", "bounces+77@lists.example",
                "users-bounces@lists.example")) {
            assertThat(guard.permit(robot, "x")).as(robot).contains("no-reply or robot");
        }
        assertThat(guard.permit("requester@example.com", "x")).isNull();
    }

    @Test
    void aSubjectOfThousandsOfReplyPrefixesNeitherOverflowsNorCrawls() {
        LoopGuard guard = guard(LoopProtectionProperties.defaults());
        String subject = "Re: ".repeat(5000) + "[TF#" + "1".repeat(5000) + "] help";
        // one repeated regex group per prefix overflowed the stack here (found by probing the REST intake)
        assertThat(guard.subjectKey(subject)).isEmpty();
        assertThat(guard.subjectKey("RE: Aw: Fwd: Printer  on fire")).isEqualTo("printer on fire");
    }
}
