package io.ticketflow.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.ticketflow.parse.MessageParser;
import io.ticketflow.respond.AgentAddress;
import io.ticketflow.respond.agents.AgentMail;
import io.ticketflow.store.RawRecord;
import io.ticketflow.store.Versioned;
import io.ticketflow.vocabulary.TicketflowIdentity;
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

    private static final RawMessage RAW = RawMessage.of(
            "From: ann@example.com\r\nSubject: hi\r\n\r\nhello".getBytes(StandardCharsets.UTF_8), "api", "test");

    private static final TicketflowIdentity IDENTITY = new TicketflowIdentity(List.of("support@ticketflow.local"),
            "support@ticketflow.local", "Support", "ticketflow.local", "TF", "ticketflow", "secret");
    /** Only the agent address, for whether a mail goes to one: nothing else of it is used without a store. */
    private static final AgentMail AGENT_MAIL = new AgentMail(new AgentAddress(IDENTITY, null), null, null, null, null,
            null, null, null);

    /** The production list, built with no collaborators: the steps only keep references until they run. */
    private static StepList production() {
        return new IntakeSteps().intakeStepList(null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, AGENT_MAIL, null, null, null, new StaticListableBeanFactory().getBeanProvider(io.micrometer.core.instrument.MeterRegistry.class));
    }

    @Test
    void theProductionListKeepsTheRawMessageFirstAndRecordsTheOutcomeLast() {
        assertThat(production().names()).containsExactly("keep raw", "parse", "screen", "apply edit",
                "keep machine mail", "take agent mail", "classify", "read alert", "route", "keep refused", "find ticket",
                "refine labels", "number ticket", "write message", "suggest articles", "write ticket", "remember conversation",
                "follow alert", "note refund", "acknowledge", "notify agents", "record outcome");
    }

    @Test
    void aPersonsFirstMessageRunsEveryDecidingAndWritingStep() {
        MessageInProgress m = new MessageInProgress(RAW, null);
        m.parsed = new MessageParser().parse(RAW);
        m.verdict = ScreeningVerdict.human();
        m.threading = ThreadingDecision.newTicket(List.of());
        assertThat(applicable(m)).containsExactly("keep raw", "parse", "screen", "classify",
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
    void theDecidingStepsNeitherReadNorWriteTheStoreAndTheRawRecordIsKeptBeforeThem() {
        assertThat(production().steps()).filteredOn(step -> step.phase() == IntakeStep.Phase.DECIDE)
                .extracting(IntakeStep::name).containsExactly("parse", "screen", "classify", "read alert", "route");
        // the raw record is stored before the deciding steps; only a message without one stores it in keep raw
        MessageInProgress stored = new MessageInProgress(RAW, new Versioned<>(new RawRecord(RAW.id(), "api", "test", null,
                null, null, 0, null, null, null, null, null, RawRecord.RECEIVED, null, null, null, null, 1, null, null, null), 1, 1));
        stored.verdict = ScreeningVerdict.human();
        assertThat(applicable(stored)).doesNotContain("keep raw");
    }

    @Test
    void onlyAMailToASignedAgentAddressIsLookedAtAsAnAgentsMail() {
        String agentAddress = new AgentAddress(IDENTITY, null).of("100001");
        RawMessage toAgent = RawMessage.of(("From: ann@example.com\r\nTo: " + agentAddress
                + "\r\nSubject: hi\r\n\r\n#close").getBytes(StandardCharsets.UTF_8), "api", "test");
        MessageInProgress m = new MessageInProgress(toAgent, null);
        m.parsed = new MessageParser().parse(toAgent);
        m.verdict = ScreeningVerdict.human();
        assertThat(applicable(m)).contains("take agent mail");
    }

    @Test
    void decidingRunsUpToTheFirstStepThatTouchesTheStoreAndTheRestGoesOnFromThere() {
        List<String> ran = new ArrayList<>();
        StepList list = new StepList(List.of(step("keep", ran, m -> { }, m -> false, IntakeStep.Phase.WRITE),
                step("parse", ran, m -> { }, m -> true, IntakeStep.Phase.DECIDE),
                step("keep machine mail", ran, m -> { }, m -> false, IntakeStep.Phase.WRITE),
                step("classify", ran, m -> { }, m -> true, IntakeStep.Phase.DECIDE),
                step("find ticket", ran, m -> { }, m -> true, IntakeStep.Phase.WRITE),
                step("route", ran, m -> { }, m -> true, IntakeStep.Phase.DECIDE),
                step("record outcome", ran, m -> m.outcome = outcome(), m -> true, IntakeStep.Phase.WRITE)), null);
        MessageInProgress m = new MessageInProgress(RAW, null);
        assertThat(list.decideAll(List.of(m))).isEmpty();
        assertThat(ran).containsExactly("parse", "classify");
        list.run(m);
        assertThat(ran).containsExactly("parse", "classify", "find ticket", "route", "record outcome");
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
        if (m.parsed == null && m.raw.isMail()) {
            m.parsed = new MessageParser().parse(m.raw);
        }
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
        return step(name, ran, action, applies, IntakeStep.Phase.WRITE);
    }

    private static IntakeStep step(String name, List<String> ran, Consumer<MessageInProgress> action,
            Predicate<MessageInProgress> applies, IntakeStep.Phase phase) {
        return new TestStep(name, phase, applies, message -> {
            ran.add(name);
            action.accept(message);
        });
    }
}
