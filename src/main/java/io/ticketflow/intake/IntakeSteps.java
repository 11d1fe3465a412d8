package io.ticketflow.intake;

import io.micrometer.core.instrument.MeterRegistry;
import io.ticketflow.classify.MessageClassifier;
import io.ticketflow.lifecycle.SelfServiceClosing;
import io.ticketflow.lifecycle.TicketLifecycle;
import io.ticketflow.parse.MessageParser;
import io.ticketflow.parse.channel.ChannelPayloads;
import io.ticketflow.respond.Acknowledgements;
import io.ticketflow.respond.KnowledgeBase;
import io.ticketflow.respond.agents.AgentMail;
import io.ticketflow.respond.agents.AgentNotifications;
import io.ticketflow.route.RoutingRules;
import io.ticketflow.screen.Screener;
import io.ticketflow.screen.monitoring.MonitoringFormats;
import io.ticketflow.screen.monitoring.MonitoringProperties;
import io.ticketflow.store.CustomerIdentities;
import io.ticketflow.store.EventLog;
import io.ticketflow.store.MessageStore;
import io.ticketflow.store.RawMessageStore;
import io.ticketflow.store.TicketStore;
import io.ticketflow.thread.AlertThreader;
import io.ticketflow.thread.ConversationThreader;
import io.ticketflow.thread.Threader;
import java.time.Clock;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The way of every message, top to bottom: the one place that lists the intake steps. Each step is a small class
 * named after what it does; what a step decides is configuration (routing rules, screening markers, templates,
 * classifiers), but the order is code: the raw message is always kept first, and nothing is written before it.
 * <p>
 * A poll's batch walks the steps in phases ({@link IntakeStep.Phase}, second column), so that the writes of one step
 * for all the batch's mails travel together: (1) the raw records of the whole batch are kept at once
 * ({@link ReliableIntake#keep}); (2) the {@code decide} steps, which neither read nor write the store, run for every
 * mail on one thread per core, up to the first step that applies and touches the store; (3) the rest of the steps
 * run for all the batch's mails at once on the intake workers, each conversation in arrival order. A mail's own
 * order of steps is the same in every phase.
 *
 * <pre>
 * keep raw           write   store the bytes (create-only); the same bytes again end here with their first outcome
 * parse              decide  headers, addresses, text, attachments, new content vs quoted history (mail, or chat)
 * screen             decide  a person, or machine mail that is never answered
 * apply edit         write   a chat message's edit changes the stored message and ends here
 * keep machine mail  write   machine mail kept with its verdict (on the ticket it is about), settled as screened
 * take agent mail    write   an authenticated agent's mail to a ticket's signed agent address: commands, reply or
 *                            note; ends here (runs only for mail to a signed agent address)
 * classify           decide  language, category, type, priority, with confidences (a mail that looks like a reply:
 *                            the sentence embedding only where its answer is used)
 * read alert         decide  a monitoring notification: an incident about one alert identity, its severity
 * route              decide  the admin's rules: queue, level, priority, SLA, tags, acknowledgement; or a refusal
 * keep refused       write   a refused message kept with the rule's reason, settled as screened
 * find ticket        write   (reads) the ticket it belongs to by the strongest evidence that passes the sender
 *                            check, or a new one
 * refine labels      write   (reads find ticket's answer) a mail that looked like a reply but opens a ticket: the full labels, routed again
 * number ticket      write   a new ticket's number (carried by the message document; a retry finds it there)
 * write message      write   the message document with every decision above
 * suggest articles   write   a new ticket's acknowledgement planned: refused or not, the articles it suggests
 * write ticket       write   create or append (idempotent), remember its Message-ID, link a related ticket
 * remember conversation
 *                    write   a chat that opened a ticket points its conversation at it
 * follow alert       write   an incident follows its alert: identity, state and labels on the ticket
 * note refund        write   a refund request's order, amount and currency on the ticket, for an agent's decision
 * acknowledge        write   a new ticket's acknowledgement through the outbox (with knowledge-base suggestions); a
 *                            reply reopens a waiting ticket, or a "solved" reply closes one that had suggestions
 * notify agents      write   the queue's agents hear of a new ticket or a customer's reply (config/agents.yml)
 * record outcome     write   the outcome on the raw record and the decision in the events
 * </pre>
 *
 * Around the steps, {@link ReliableIntake} stores the raw message before its source may acknowledge it, counts
 * attempts and quarantines what cannot be processed.
 */
@Configuration(proxyBeanMethods = false)
class IntakeSteps {

    @Bean
    StepList intakeStepList(RawMessageStore rawStore, MessageParser parser, Screener screener, ScreenedMail screenedMail,
            MessageClassifier classifier, RoutingRules rules, Threader threader, TicketStore tickets,
            MessageStore messages, TicketLifecycle lifecycle, Acknowledgements acknowledgements, EventLog events,
            FaultPoints faults, ChannelPayloads channels, ConversationThreader conversations,
            MonitoringFormats monitoring, AlertThreader alerts, MonitoringProperties alerting, Clock clock,
            CustomerIdentities identities, AgentMail agentMail, AgentNotifications agentNotifications,
            KnowledgeBase knowledge, SelfServiceClosing selfService,
            ObjectProvider<MeterRegistry> meters) {
        return new StepList(List.of(
                new KeepRaw(rawStore, messages),
                new Parse(parser, channels),
                new Screen(screener),
                new ApplyEdit(messages, tickets),
                new KeepScreened("keep machine mail", screenedMail),
                new TakeAgentMail(agentMail),
                new Classify(classifier),
                new ReadAlert(monitoring),
                new Route(rules),
                new KeepScreened("keep refused", screenedMail),
                new FindTicket(threader, conversations, alerts),
                new RefineLabels(),
                new NumberTicket(tickets, messages, threader),
                new WriteMessage(messages, faults),
                new SuggestArticles(acknowledgements, knowledge, selfService),
                new WriteTicket(tickets, lifecycle, threader, faults, identities),
                new RememberConversation(conversations),
                new FollowAlert(alerts, lifecycle, events, alerting),
                new NoteRefund(tickets, events),
                new Acknowledge(acknowledgements, lifecycle, knowledge, selfService),
                new NotifyAgents(agentNotifications),
                new RecordOutcome(rawStore, events)),
                meters.getIfAvailable());
    }
}
