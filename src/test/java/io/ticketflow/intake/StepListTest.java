package io.ticketflow.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.ticketflow.vocabulary.ProcessingOutcome;
import io.ticketflow.vocabulary.ProcessingOutcome.Outcome;
import io.ticketflow.vocabulary.RawMessage;
import io.ticketflow.vocabulary.ScreeningVerdict;
import io.ticketflow.vocabulary.ThreadingDecision;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

/**
 * The intake's step list without Elasticsearch, Camel or a mail server: the order of the production list, which of
 * its steps apply to a message in each state, and how the runner ends, skips and reports a failing step.
 */
class StepListTest {

    private static final RawMessage RAW = RawMessage.of("Subject: hi\r\n\r\nhello".getBytes(StandardCharsets.UTF_8),
            "api", "test");

    /** The production list, built with no collaborators: the steps only keep references until they run. */
    private static StepList production() {
        return new IntakeSteps().intakeStepList(null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null, new StaticListableBeanFactory().getBeanProvider(io.micrometer.core.instrument.MeterRegistry.class));
    }

    @Test
    void theProductionListKeepsTheRawMessageFirstAndRecordsTheOutcomeLast() {
        assertThat(production().names()).containsExactly("keep raw", "parse", "screen", "apply edit",
                "keep machine mail", "take agent mail", "classify", "read alert", "route", "keep refused", "find ticket",
                "number ticket", "write message", "suggest articles", "write ticket", "remember conversation",
                "follow alert", "note refund", "acknowledge", "notify agents", "record outcome");
    }

    @Test
    void aPersonsFirstMessageRunsEveryDecidingAndWritingStep() {
        MessageInProgress m = new MessageInProgress(RAW, null);
        m.verdict = ScreeningVerdict.human();
        m.threading = ThreadingDecision.newTicket(List.of());
        assertThat(applicable(m)).containsExactly("keep raw", "parse", "screen", "take agent mail", "classify",
                "read alert", "route", "find ticket", "number ticket", "write message", "write ticket");
        m.ticketNumber = "100001";
        m.settled = Outcome.CREATED;
        assertThat(applicable(m)).containsExactly("acknowledge", "record outcome");
        // a monitoring alert's incident follows its alert as well
        m.alert = new io.ticketflow.screen.monitoring.MonitoringNotice("nagios-service", "db1", "http", "PROBLEM",
                "CRITICAL", false);
        assertThat(applicable(m)).containsExactly("follow alert", "acknowledge", "record outcome");
    }

    @Test
    void machineMailIsKeptAndRecordedButNeverClassifiedThreadedOrAnswered() {
        MessageInProgress m = new MessageInProgress(RAW, null);
        m.verdict = new ScreeningVerdict(ScreeningVerdict.Kind.AUTO_REPLY, "Auto-Submitted: auto-replied");
        assertThat(applicable(m)).contains("keep machine mail", "keep refused");
        m.settled = Outcome.SCREENED;
        assertThat(applicable(m)).containsExactly("record outcome");
    }

    @Test
    void aReplyToAKnownTicketGetsNoNewNumber() {
        MessageInProgress m = new MessageInProgress(RAW, null);
        m.fresh = true;
        m.verdict = ScreeningVerdict.human();
        m.ticketNumber = "100002";
        assertThat(applicable(m)).doesNotContain("number ticket").contains("write message", "write ticket");
    }

    @Test
    void aRetriedReplyLooksWhetherAnEarlierAttemptOpenedItsTicket() {
        // the threader may find the ticket an earlier attempt opened through the message's own Message-ID; that is
        // still this message's new ticket, which number ticket finds in the message document
        MessageInProgress m = new MessageInProgress(RAW, null);
        m.verdict = ScreeningVerdict.human();
        m.ticketNumber = "100002";
        assertThat(applicable(m)).contains("number ticket");
        m.opensTicket = true;
        assertThat(applicable(m)).doesNotContain("number ticket");
    }

    @Test
    void theFirstStepThatSetsTheOutcomeEndsTheMessage() {
        List<String> ran = new ArrayList<>();
        StepList list = new StepList(List.of(step("a", ran, m -> { }), step("b", ran, m -> m.outcome = outcome()),
                step("c", ran, m -> { })), new SimpleMeterRegistry());
        assertThat(list.process(RAW, null).outcome()).isEqualTo(Outcome.SCREENED);
        assertThat(ran).containsExactly("a", "b");
    }

    @Test
    void stepsThatDoNotApplyAreSkipped() {
        List<String> ran = new ArrayList<>();
        StepList list = new StepList(List.of(step("settle", ran, m -> m.settled = Outcome.SCREENED),
                step("decide", ran, m -> { }, m -> m.settled == null),
                step("finish", ran, m -> m.outcome = outcome(), m -> m.settled != null)), null);
        list.process(RAW, null);
        assertThat(ran).containsExactly("settle", "finish");
    }

    @Test
    void aFailureCarriesTheNameOfTheStepItEscapedFrom() {
        StepList list = new StepList(List.of(step("parse", new ArrayList<>(), m -> {
            throw new IllegalArgumentException("not a message");
        })), null);
        assertThatThrownBy(() -> list.process(RAW, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not a message")
                .satisfies(e -> assertThat(StepList.FailedStep.of(e)).isEqualTo("parse"));
        assertThat(StepList.FailedStep.of(new IllegalStateException("elsewhere"))).isNull();
    }

    @Test
    void aStackOverflowInAStepIsLabelledToo() {
        StepList list = new StepList(List.of(step("find ticket", new ArrayList<>(), m -> {
            throw new StackOverflowError();
        })), null);
        assertThatThrownBy(() -> list.process(RAW, null)).isInstanceOf(StackOverflowError.class)
                .satisfies(e -> assertThat(StepList.FailedStep.of(e)).isEqualTo("find ticket"));
    }

    @Test
    void aListThatDecidesNothingIsAnErrorNotASilentDrop() {
        StepList list = new StepList(List.of(step("a", new ArrayList<>(), m -> { })), null);
        assertThatThrownBy(() -> list.process(RAW, null)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no intake step decided");
    }

    @Test
    void stepNamesAreUniqueAndEachHasATimer() {
        assertThatThrownBy(() -> new StepList(List.of(step("a", new ArrayList<>(), m -> { }),
                step("a", new ArrayList<>(), m -> { })), null)).hasMessageContaining("two intake steps are named 'a'");
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        new StepList(List.of(step("only", new ArrayList<>(), m -> m.outcome = outcome())), meters).process(RAW, null);
        assertThat(meters.get("ticketflow.intake.step").tag("step", "only").timer().count()).isEqualTo(1);
    }

    @Test
    void aPayloadWithoutAParserFailsTheParseStepWithAClearError() {
        RawMessage chat = RawMessage.ofChannel("telegram", "bot", "{}".getBytes(StandardCharsets.UTF_8),
                "application/json", "chat-1/1", "chat-1", java.time.Instant.now());
        assertThatThrownBy(() -> new Parse(null, new io.ticketflow.parse.channel.ChannelPayloads()).apply(new MessageInProgress(chat, null)))
                .isInstanceOf(io.ticketflow.parse.UnparseableMessageException.class)
                .hasMessage("no parser for application/json from channel telegram");
    }

    @Test
    void aChatMessageThatOpensATicketRemembersItsConversationAndAnEditEndsWithoutAnAcknowledgement() {
        RawMessage chat = RawMessage.ofChannel("telegram", "bot", "{}".getBytes(StandardCharsets.UTF_8),
                io.ticketflow.parse.channel.TelegramPayloadParser.CONTENT_TYPE, "1:1", "1", java.time.Instant.now());
        MessageInProgress m = new MessageInProgress(chat, null);
        m.ticketNumber = "100001";
        m.settled = Outcome.CREATED;
        assertThat(applicable(m)).containsExactly("remember conversation", "acknowledge", "record outcome");
        MessageInProgress mail = new MessageInProgress(RAW, null);
        mail.settled = Outcome.CREATED;
        assertThat(applicable(mail)).doesNotContain("remember conversation");
        m.settled = Outcome.APPENDED;
        m.edit = true;
        assertThat(applicable(m)).containsExactly("record outcome");
    }

    private static List<String> applicable(MessageInProgress m) {
        return production().steps().stream().filter(s -> s.appliesTo(m)).map(IntakeStep::name).toList();
    }

    private static ProcessingOutcome outcome() {
        return new ProcessingOutcome(Outcome.SCREENED, null, "test", RAW.id(), null, null, null, null, null);
    }

    private static IntakeStep step(String name, List<String> ran, Consumer<MessageInProgress> action) {
        return step(name, ran, action, m -> true);
    }

    private static IntakeStep step(String name, List<String> ran, Consumer<MessageInProgress> action,
            Predicate<MessageInProgress> applies) {
        return new IntakeStep() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public boolean appliesTo(MessageInProgress message) {
                return applies.test(message);
            }

            @Override
            public void apply(MessageInProgress message) {
                ran.add(name);
                action.accept(message);
            }
        };
    }
}
