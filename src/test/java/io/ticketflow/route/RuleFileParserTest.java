package io.ticketflow.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ticketflow.vocabulary.Classification;
import io.ticketflow.vocabulary.Prediction;
import io.ticketflow.vocabulary.RoutingDecision;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleFileParserTest {

    @TempDir
    Path dir;

    static RoutingInput message(String from, String subject, String text, Classification c) {
        return new RoutingInput(from, List.of("support@ticketflow.local"), subject, text,
                Map.of("x-priority", List.of("1 (Highest)")), "email", "support", c, List.of(),
                Instant.parse("2026-11-25T10:00:00Z")); // a Wednesday, 11:00 in Berlin
    }

    static Classification classified(String category, String type, String priority, double confidence) {
        return new Classification("eng", Map.of(
                "category", new Prediction(category, confidence, confidence < 0.35),
                "type", new Prediction(type, confidence, confidence < 0.5),
                "priority", new Prediction(priority, confidence, confidence < 0.5)));
    }

    @Test
    void shippedRulesEncodeTheSeedPractice() {
        RuleSet rules = RuleFileParser.parse(Path.of("config/routing.yml"));

        RoutingDecision refund = rules.route(message("ann@example.com", "Refund", "money back please",
                classified("refund", "service-request", "normal", 0.9)));
        assertThat(refund.queue()).isEqualTo("refunds");
        assertThat(refund.level()).isEqualTo("L1");
        assertThat(refund.rulesMatched()).containsExactly("refund-queue");

        RoutingDecision incident = rules.route(message("ops@shop.example", "Checkout broken", "customers cannot pay",
                classified("technical", "incident", "high", 0.9)));
        assertThat(incident.level()).isEqualTo("L2");
        assertThat(incident.priority()).isEqualTo("high");
        assertThat(incident.slaPolicy()).isEqualTo("incident");
        assertThat(incident.rulesMatched()).containsExactly("technical-question", "technical-incident-to-l2", "business-impact");
        assertThat(incident.tags()).contains("technical", "incident", "business-impact");

        RoutingDecision question = rules.route(message("bob@example.com", "SMTP settings", "how do I configure",
                classified("technical", "question", "low", 0.9)));
        assertThat(question.level()).isEqualTo("L0");
        assertThat(question.priority()).isEqualTo("low");
        assertThat(question.slaPolicy()).isNull();

        RoutingDecision unsure = rules.route(message("c@example.com", "hm", "hm", classified("other", "question", "low", 0.2)));
        assertThat(unsure.tags()).contains("needs-review");
        assertThat(unsure.queue()).isEqualTo("general");

        RoutingDecision spam = rules.route(message("x@spam.example", "You have won", "lottery winner!",
                classified("other", "question", "low", 0.9)));
        assertThat(spam.spam()).isTrue();
        assertThat(spam.reason()).isEqualTo("spam phrase in subject or text");
    }

    @Test
    void everyConditionKind() {
        RuleSet rules = RuleFileParser.parse("""
                businessHours: {zone: Europe/Berlin, days: [MON, TUE, WED, THU, FRI], from: "08:00", to: "18:00"}
                customers:
                  - domain: big.example
                    tags: [vip]
                rules:
                  - id: all
                    when:
                      from: "^ceo@"
                      fromDomain: big.example
                      to: "^support@"
                      subject: "urgent"
                      text: "down"
                      header: {X-Priority: "^1"}
                      channel: [email]
                      mailbox: support
                      language: [eng, deu]
                      category: technical
                      classifier: {priority: {label: high, minConfidence: 0.8}}
                      hasAttachment: false
                      customerTag: vip
                      businessHours: true
                      timeOfDay: "10:00-12:00"
                      weekday: [WED]
                      any:
                        - subject: "nothing like this"
                        - text: "(?i)DOWN"
                      not: {needsReview: true}
                    then: {queue: vip-incidents, tags: [matched-all]}
                """, "inline.yml");
        RoutingDecision d = rules.route(message("ceo@sub.big.example", "URGENT", "the site is down",
                classified("technical", "incident", "high", 0.9)));
        assertThat(d.rulesMatched()).containsExactly("all");
        assertThat(d.tags()).containsExactly("customer:vip", "matched-all");

        RoutingDecision lowConfidence = rules.route(message("ceo@sub.big.example", "URGENT", "the site is down",
                classified("technical", "incident", "high", 0.6)));
        assertThat(lowConfidence.rulesMatched()).isEmpty();
        assertThat(lowConfidence.queue()).isEqualTo("general");
    }

    @Test
    void laterRulesOverrideTagsAddUpAndStopEnds() {
        RuleSet rules = RuleFileParser.parse("""
                defaults: {queue: inbox, level: L0, priority: low, sla: basic}
                rules:
                  - id: one
                    then: {queue: a, tags: [x]}
                  - id: two
                    then: {queue: b, tags: [y], acknowledgement: none, faq: [kb-1]}
                    stop: true
                  - id: three
                    then: {queue: c}
                """, "inline.yml");
        RoutingDecision d = rules.route(message("a@b.c", "s", "t", new Classification(null, null)));
        assertThat(d.queue()).isEqualTo("b");
        assertThat(d.tags()).containsExactly("x", "y");
        assertThat(d.rulesMatched()).containsExactly("one", "two");
        assertThat(d.acknowledge()).isFalse();
        assertThat(d.faqArticles()).containsExactly("kb-1");
        assertThat(d.slaPolicy()).isEqualTo("basic");
        assertThat(d.priority()).isEqualTo("low");
    }

    @Test
    void regexesRunInLinearTime() {
        // (a+)+$ on "aaaa...b" takes exponential time with backtracking engines; RE2/J answers at once
        RuleSet rules = RuleFileParser.parse("rules:\n  - id: evil\n    when: {text: \"(a+)+$\"}\n    then: {queue: x}\n", "evil.yml");
        RoutingDecision d = rules.route(message("a@b.c", "s", "a".repeat(50_000) + "b", new Classification(null, null)));
        assertThat(d.rulesMatched()).isEmpty();
    }

    @Test
    void errorsNameFileLineAndField() throws Exception {
        Path file = dir.resolve("routing.yml");
        Files.writeString(file, """
                rules:
                  - id: ok
                    then: {queue: a}
                  - id: bad-regex
                    when:
                      subject: "([unclosed"
                    then: {queue: b}
                  - id: bad-level
                    then:
                      level: L7
                      priorty: high
                  - id: ok
                    when: {colour: red}
                    then: {queue: c}
                """);
        assertThatThrownBy(() -> RuleFileParser.parse(file))
                .isInstanceOfSatisfying(RoutingConfigException.class, e -> assertThat(e.problems()).containsExactly(
                        file + ":6: rules[1].when.subject: invalid regular expression: " + firstLineOfRe2Error("([unclosed"),
                        file + ":10: rules[2].then.level: must be one of [L0, L1, L2], found 'L7'",
                        file + ":11: rules[2].then.priorty: unknown field (known: acknowledgement, assigneeGroup, faq, "
                                + "level, priority, queue, reject, removeTags, sla, spam, tags)",
                        file + ":12: rules[3].id: duplicate rule id 'ok'",
                        file + ":13: rules[3].when.colour: unknown condition (known: from, fromDomain, to, subject, text, "
                                + "subjectOrText, header, channel, mailbox, alertSeverity, language, category, type, priority, classifier, "
                                + "needsReview, hasAttachment, attachmentType, customerTag, businessHours, timeOfDay, weekday, "
                                + "any, not)"));
    }

    private static String firstLineOfRe2Error(String regex) {
        try {
            com.google.re2j.Pattern.compile(regex, com.google.re2j.Pattern.CASE_INSENSITIVE);
            throw new AssertionError("expected an invalid regex");
        }
        catch (com.google.re2j.PatternSyntaxException e) {
            return e.getMessage();
        }
    }

    @Test
    void brokenYamlNamesTheLine() throws Exception {
        Path file = dir.resolve("broken.yml");
        Files.writeString(file, "rules:\n  - id: a\n    then: {queue: a\n  - id: b\n");
        assertThatThrownBy(() -> RuleFileParser.parse(file)).hasMessageStartingWith(file + ":").hasMessageContaining("not valid YAML");
        Files.writeString(file, "rules:\n  - id: a\n    then: {queue: a}\n  - id: a2\n    then: {queue: b}\n    then: {queue: c}\n");
        assertThatThrownBy(() -> RuleFileParser.parse(file)).hasMessage(file + ":6: rules[1].then: given twice (the first one is line 5)");
        Files.writeString(file, "defaults: {queue: x}\n");
        assertThatThrownBy(() -> RuleFileParser.parse(file)).hasMessage(file + ":1: rules: missing: the file needs a 'rules' list (it may be empty: rules: [])");
    }
}
