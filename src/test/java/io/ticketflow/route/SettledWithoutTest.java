package io.ticketflow.route;

import static org.assertj.core.api.Assertions.assertThat;

import io.ticketflow.parse.MessageParser;
import io.ticketflow.vocabulary.Classification;
import io.ticketflow.vocabulary.RawMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link RuleSet#settledWithout}: whether a message's refusal and a tag could depend on what some classifiers say,
 * read from the rules that look at them (which {@link RuleFileParser} records per rule).
 */
class SettledWithoutTest {

    private static RoutingInput input(String subject, String text) {
        RawMessage raw = RawMessage.of(("From: ann@example.com\r\nTo: support@ticketflow.local\r\nSubject: " + subject
                + "\r\n\r\n" + text + "\r\n").getBytes(StandardCharsets.UTF_8), "api", "test");
        return RoutingInput.of(raw, new MessageParser().parse(raw), new Classification("eng", null));
    }

    @Test
    void theShippedRulesTagRefundsByCategoryAndRefuseByWordingOnly() {
        RuleSet rules = new RoutingRules(Path.of("config/routing.yml"), Duration.ofDays(1)).rules();
        assertThat(rules.rules()).filteredOn(r -> r.id().equals("refund-queue")).singleElement()
                .extracting(Rule::classifiers).isEqualTo(Set.of("category"));
        assertThat(rules.rules()).filteredOn(r -> r.id().equals("unsure-classification")).singleElement()
                .extracting(Rule::classifiers).isEqualTo(Set.of(Rule.EVERY_CLASSIFIER));
        RoutingInput plain = input("My order", "Where is my parcel?");
        Set<String> refund = Set.of("refund");
        // the refund rule looks at the category and tags refund
        assertThat(rules.settledWithout(plain, Set.of("category"), refund)).isFalse();
        // no rule that looks at type or priority refuses, stops or touches the refund tag
        assertThat(rules.settledWithout(plain, Set.of("type"), refund)).isTrue();
        assertThat(rules.settledWithout(plain, Set.of("type", "priority"), refund)).isTrue();
        assertThat(rules.settledWithout(plain, Set.of(), refund)).isTrue();
        // without a tag to keep, only refusals and stops count: none of them looks at a classifier
        assertThat(rules.settledWithout(plain, Set.of("category", "type"), Set.of())).isTrue();
        // the tags the type rules set are theirs to decide
        assertThat(rules.settledWithout(plain, Set.of("type"), Set.of("incident"))).isFalse();
        // spam by wording is refused before any rule that looks at a classifier
        assertThat(rules.settledWithout(input("You have won", "lottery winner!"), Set.of("category"), refund)).isTrue();
    }

    @Test
    void aRuleThatLooksAtAClassifierAndStopsOrRefusesUnsettlesWhatComesAfter() {
        RuleSet rules = RuleFileParser.parse("""
                version: 1
                rules:
                  - id: vip-billing
                    when:
                      classifier:
                        category: {label: billing, minConfidence: 0.9}
                    then:
                      queue: billing
                    stop: true
                  - id: bulk
                    when:
                      subject: "newsletter"
                    then:
                      reject: bulk
                  - id: unsure
                    when:
                      needsReview: true
                    then:
                      spam: unsure means spam here
                """, "test");
        RoutingInput bulk = input("Our newsletter", "news");
        assertThat(rules.settledWithout(bulk, Set.of("category"), Set.of())).isFalse();
        // the stop looks at the category only: with the type unsure, the bulk rule still rejects first
        assertThat(rules.settledWithout(bulk, Set.of("type"), Set.of())).isTrue();
        RuleSet withoutStop = RuleFileParser.parse("""
                version: 1
                rules:
                  - id: bulk
                    when:
                      subject: "newsletter"
                    then:
                      reject: bulk
                  - id: unsure
                    when:
                      needsReview: true
                    then:
                      spam: unsure means spam here
                """, "test");
        assertThat(withoutStop.settledWithout(bulk, Set.of("type"), Set.of())).isTrue();
        assertThat(withoutStop.settledWithout(input("Hello", "a question"), Set.of("type"), Set.of())).isFalse();
    }

    @Test
    void replyTagsAreRefundByDefaultAndMayBeEmpty() {
        java.util.function.Function<java.util.Map<String, String>, RoutingProperties> bind = m -> new org.springframework
                .boot.context.properties.bind.Binder(new org.springframework.boot.context.properties.source
                        .MapConfigurationPropertySource(m)).bindOrCreate("ticketflow.routing", RoutingProperties.class);
        assertThat(bind.apply(java.util.Map.of()).replyTags()).containsExactly("refund");
        assertThat(bind.apply(java.util.Map.of("ticketflow.routing.reply-tags", "")).replyTags()).isEmpty();
        assertThat(bind.apply(java.util.Map.of("ticketflow.routing.reply-tags", "refund,vip")).replyTags())
                .containsExactly("refund", "vip");
    }
}
