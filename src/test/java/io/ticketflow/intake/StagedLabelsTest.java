package io.ticketflow.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.ticketflow.classify.ClassifierRegistry;
import io.ticketflow.classify.LanguageDetection;
import io.ticketflow.classify.MessageClassifier;
import io.ticketflow.parse.MessageParser;
import io.ticketflow.route.RoutingInput;
import io.ticketflow.route.RoutingRules;
import io.ticketflow.vocabulary.Classification;
import io.ticketflow.vocabulary.RawMessage;
import io.ticketflow.vocabulary.RoutingDecision;
import io.ticketflow.vocabulary.ScreeningVerdict;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sentence embedding of a mail that looks like a reply runs only where its answer is used: a reply appended to a
 * ticket whose routing cannot depend on it is never embedded; a reply-looking mail that opens a ticket gets exactly the
 * labels and routing of the whole cascade; a mail without reply evidence is classified as before. With the shipped
 * classifiers and rules, on texts the models are sure of and texts they are not.
 */
class StagedLabelsTest {

    private static final Path SHIPPED = Path.of("classifiers");
    private static final MessageParser PARSER = new MessageParser();

    private final MessageClassifier classifier = new MessageClassifier(new LanguageDetection(20),
            new ClassifierRegistry(SHIPPED, ChronoUnit.FOREVER.getDuration()));
    /** Classifies the way every mail was classified before, with its own count of mails embedded. */
    private final MessageClassifier reference = new MessageClassifier(new LanguageDetection(20),
            new ClassifierRegistry(SHIPPED, ChronoUnit.FOREVER.getDuration()));
    private final RoutingRules shipped = new RoutingRules(Path.of("config/routing.yml"), Duration.ofDays(1));

    /** Texts of every kind: the category model's own training texts, and replies and questions unlike them. */
    private static List<String> texts() throws Exception {
        List<String> texts = new ArrayList<>();
        List<io.ticketflow.classify.LabelledText> data = io.ticketflow.classify.TrainingData.read(
                SHIPPED.resolve("category/data.csv"));
        for (int i = 0; i < data.size(); i += Math.max(1, data.size() / 60)) {
            texts.add(data.get(i).text());
        }
        texts.addAll(List.of("Thanks, any news on this?", "Still waiting for an answer, please help.",
                "I tried that and it still does not work.", "Great, that solved it. Thank you!",
                "Can you also send me the invoice for last month?", "Here is the screenshot you asked for.",
                "The card payment failed again this morning.", "Please cancel my subscription as well.",
                "Our whole team cannot log in since the update.", "Is there a discount for 50 seats?"));
        return texts;
    }

    private static String mail(String text, boolean reply) {
        return "From: Ann <ann@example.com>\r\nTo: support@ticketflow.local\r\nSubject: " + (reply ? "Re: " : "")
                + "My order\r\nMessage-ID: <" + java.util.UUID.randomUUID() + "@c.example>\r\n"
                + (reply ? "In-Reply-To: <earlier-1@c.example>\r\nReferences: <earlier-1@c.example>\r\n" : "")
                + "Date: Wed, 25 Nov 2026 10:00:00 +0000\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + text + "\r\n";
    }

    /** The deciding steps, then find ticket's answer, then refine labels, as the step list runs them. */
    private MessageInProgress walk(String mail, boolean opensTicket, RoutingRules rules) {
        RawMessage raw = RawMessage.of(mail.getBytes(StandardCharsets.UTF_8), "api", "test");
        MessageInProgress m = new MessageInProgress(raw, null);
        m.parsed = PARSER.parse(raw);
        m.verdict = ScreeningVerdict.human();
        new Classify(classifier).apply(m);
        new Route(rules).apply(m);
        if (m.routing.refused()) {
            return m;
        }
        m.opensTicket = opensTicket;
        RefineLabels refine = new RefineLabels();
        if (refine.appliesTo(m)) {
            refine.apply(m);
        }
        return m;
    }

    /** What the whole cascade first and the rules after it decide: the way every mail was classified before. */
    private record Today(Classification classification, RoutingDecision routing) {
    }

    private Today today(String mail, RoutingRules rules) {
        RawMessage raw = RawMessage.of(mail.getBytes(StandardCharsets.UTF_8), "api", "test");
        var parsed = PARSER.parse(raw);
        Classification c = reference.classify(parsed);
        return new Today(c, rules.route(RoutingInput.of(raw, parsed, c)));
    }

    private long embedded() {
        return classifier.embeddingUse().embedded();
    }

    @Test
    void aReplyIsEmbeddedOnlyWhereItsAnswerIsUsedAndANewTicketGetsTodaysLabelsAndRouting() throws Exception {
        // reply-tags empty: no tag of a reply has to be the cascade's, only its refusal
        RoutingRules noReplyTags = new RoutingRules(Path.of("config/routing.yml"), Duration.ofDays(1), List.of());
        int unsureReplies = 0;
        int repliesEmbeddedForTheRefundTag = 0;
        for (String text : texts()) {
            Today reply = today(mail(text, true), shipped);
            Set<String> unsure = classifier.classifyStaged(PARSER.parse(RawMessage.of(
                    mail(text, true).getBytes(StandardCharsets.UTF_8), "api", "test"))).unsure();
            unsureReplies += unsure.isEmpty() ? 0 : 1;

            // appended to a ticket, shipped settings: embedded only when the category is unsure (the rule
            // refund-queue looks at it and tags refund, which makes the ticket a refund request)
            long before = embedded();
            MessageInProgress appended = walk(mail(text, true), false, shipped);
            boolean embeddedNow = embedded() > before;
            assertThat(embeddedNow).as(text).isEqualTo(unsure.contains("category"));
            repliesEmbeddedForTheRefundTag += embeddedNow ? 1 : 0;
            // what routing decides for a reply is the same: the refusal and the refund tag (note refund)
            assertThat(appended.routing.refused()).isEqualTo(reply.routing().refused());
            assertThat(appended.routing.tags().contains(NoteRefund.TAG)).as(text)
                    .isEqualTo(reply.routing().tags().contains(NoteRefund.TAG));
            assertThat(appended.classification.language()).isEqualTo(reply.classification().language());
            for (String sure : reply.classification().predictions().keySet()) {
                if (!unsure.contains(sure)) {
                    assertThat(appended.classification.prediction(sure)).isEqualTo(reply.classification().prediction(sure));
                }
            }

            // without reply tags: an appended reply is never embedded, and its refusal is the same
            before = embedded();
            MessageInProgress sparse = walk(mail(text, true), false, noReplyTags);
            assertThat(embedded()).as(text).isEqualTo(before);
            assertThat(sparse.routing.refused()).isEqualTo(reply.routing().refused());
            assertThat(sparse.labels == null).isEqualTo(unsure.isEmpty());

            // the same reply-looking mail opens a ticket: exactly today's labels and routing, with either setting
            for (RoutingRules rules : List.of(shipped, noReplyTags)) {
                MessageInProgress opened = walk(mail(text, true), true, rules);
                assertThat(opened.labels).isNull();
                assertThat(opened.classification).as(text).isEqualTo(reply.classification());
                assertThat(opened.routing).as(text).isEqualTo(reply.routing());
            }

            // a mail without reply evidence: the whole cascade in classify, as before
            Today fresh = today(mail(text, false), shipped);
            MessageInProgress first = walk(mail(text, false), true, noReplyTags);
            assertThat(first.labels).isNull();
            assertThat(first.classification).isEqualTo(fresh.classification());
            assertThat(first.routing).isEqualTo(fresh.routing());
        }
        // both kinds of text occurred
        assertThat(unsureReplies).isPositive().isLessThan(texts().size());
        assertThat(repliesEmbeddedForTheRefundTag).isPositive();
        // the cascade's embedding count: replies of the shipped setting and new tickets, each once
        assertThat(reference.embeddingUse().embedded()).isPositive();
    }

    @Test
    void aRuleThatRefusesByCategoryGetsTheCascadesLabelsBeforeItDecides(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("routing.yml");
        Files.writeString(file, """
                version: 1
                rules:
                  - id: sales-is-spam-here
                    when:
                      category: sales
                    then:
                      spam: no sales mail on this address
                  - id: incidents
                    when:
                      type: incident
                    then:
                      queue: incidents
                """);
        RoutingRules rules = new RoutingRules(file, Duration.ofDays(1));
        int refused = 0;
        for (String text : texts()) {
            String reply = mail(text, true);
            Today today = today(reply, rules);
            MessageInProgress appended = walk(reply, false, rules);
            Set<String> unsure = classifier.classifyStaged(PARSER.parse(RawMessage.of(
                    reply.getBytes(StandardCharsets.UTF_8), "api", "test"))).unsure();
            assertThat(appended.routing.refused()).as(text).isEqualTo(today.routing().refused());
            if (today.routing().refused()) {
                // a refused message is kept with the cascade's labels and the routing that refused it
                assertThat(appended.classification).isEqualTo(today.classification());
                assertThat(appended.routing).isEqualTo(today.routing());
                refused++;
            }
            // an unsure category is refined first; an unsure type alone is not (its rule only sets a queue)
            assertThat(appended.labels == null).as(text).isEqualTo(unsure.isEmpty() || unsure.contains("category")
                    || today.routing().refused());
        }
        assertThat(refused).isPositive();
    }
}
