package io.ticketflow.intake;

import io.ticketflow.lifecycle.SelfServiceClosing;
import io.ticketflow.lifecycle.TicketLifecycle;
import io.ticketflow.respond.Acknowledgements;
import io.ticketflow.respond.KnowledgeBase;
import io.ticketflow.respond.LoopGuard;
import io.ticketflow.respond.MailModels;
import io.ticketflow.store.StoreUnavailableException;
import io.ticketflow.ticket.SelfService;
import io.ticketflow.vocabulary.ProcessingOutcome.Outcome;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code acknowledge}: a new ticket's customer gets the acknowledgement through the outbox (recorded once, sent once),
 * unless the loop guard, the verdict or the routing refuse it, which the outcome's reason then says; imported history
 * is never answered (a migration must not mail customers years later). A customer's answer on an existing ticket puts
 * a pending or solved ticket back in the agents' hands instead, unless it just says "solved" on a ticket whose
 * acknowledgement suggested knowledge-base articles: then the customer closed it themselves (L0 self-service). The
 * message is on its ticket when this step runs, so a failure here (other than the store being down) is recorded in the
 * outcome's reason, never turned into a quarantine: a message has exactly one outcome.
 */
final class Acknowledge implements IntakeStep {

    private static final Logger log = LoggerFactory.getLogger(Acknowledge.class);

    private final Acknowledgements acknowledgements;
    private final TicketLifecycle lifecycle;
    private final KnowledgeBase knowledge;
    private final SelfServiceClosing selfService;

    Acknowledge(Acknowledgements acknowledgements, TicketLifecycle lifecycle, KnowledgeBase knowledge,
            SelfServiceClosing selfService) {
        this.acknowledgements = acknowledgements;
        this.lifecycle = lifecycle;
        this.knowledge = knowledge;
        this.selfService = selfService;
    }

    @Override
    public String name() {
        return "acknowledge";
    }

    @Override
    public boolean appliesTo(MessageInProgress m) {
        return (m.settled == Outcome.CREATED || m.settled == Outcome.APPENDED) && !m.edit && !m.agentMail;
    }

    @Override
    public void apply(MessageInProgress m) {
        try {
            answer(m);
        }
        catch (RuntimeException | StackOverflowError e) {
            if (StoreUnavailableException.isCauseOf(e)) {
                throw e;
            }
            // the message is on its ticket already: a failure here must not turn it into a quarantined one, and a
            // retry would only fail the same way; the outcome says what went wrong
            log.error("Acknowledging raw message {} on ticket {} failed", m.raw.id(), m.ticketNumber, e);
            m.reason.append("; no acknowledgement: failed: ").append(Quarantine.describe(e));
        }
    }

    private void answer(MessageInProgress m) {
        if (m.alert != null) {
            // a monitoring system reads no mail, and follow alert has set the incident's status already
            if (m.settled == Outcome.CREATED) {
                m.reason.append("; no acknowledgement: monitoring notification (").append(m.alert.format()).append(": ")
                        .append(m.alert.identity()).append(")");
            }
            return;
        }
        if (m.settled == Outcome.APPENDED) {
            if (!solvedByCustomer(m)) {
                lifecycle.customerReplied(m.ticket);
            }
            return;
        }
        SuggestArticles.Plan plan = m.acknowledgement;
        String refusal = plan != null ? plan.refusal() : "import".equals(m.raw.channel()) ? "imported message"
                : acknowledgements.refusal(m.parsed, m.verdict);
        if (refusal == null) {
            List<KnowledgeBase.Suggestion> suggestions = plan != null ? plan.suggestions() : suggestions(m);
            refusal = acknowledgements.acknowledge(m.ticket, m.parsed, m.routing.acknowledgementTemplate(),
                    MailModels.faqArticles(m.routing), LoopGuard.source(m.raw.channel(), m.raw.mailbox()), suggestions);
            List<String> ids = suggestions.stream().map(KnowledgeBase.Suggestion::id).toList();
            if (refusal == null && !ids.isEmpty()) {
                if (!suggestedOnTicket(m, ids)) {
                    // the ticket was there before this attempt planned them (a retry): recorded now
                    m.ticket = selfService.suggested(m.ticketNumber, ids);
                }
                m.reason.append("; suggested ").append(String.join(", ", ids));
            }
            else if (refusal != null && !ids.isEmpty() && suggestedOnTicket(m, ids)) {
                // created with the suggestions of an acknowledgement that does not go out
                m.ticket = selfService.withdrawn(m.ticketNumber);
            }
        }
        if (refusal != null) {
            m.reason.append("; no acknowledgement: ").append(refusal);
        }
    }

    /** The knowledge-base articles for a new ticket's message; none (and a log line) when the search fails. */
    private List<KnowledgeBase.Suggestion> suggestions(MessageInProgress m) {
        try {
            String content = m.parsed.newContent() == null || m.parsed.newContent().isBlank() ? m.parsed.text()
                    : m.parsed.newContent();
            return knowledge.suggest(m.parsed.subject(), content, m.ticket.triage().language());
        }
        catch (RuntimeException e) {
            if (StoreUnavailableException.isCauseOf(e)) {
                throw e;
            }
            // the acknowledgement matters more than its suggestions
            log.warn("Knowledge-base suggestions for ticket {} failed: {}", m.ticketNumber, e.toString());
            return List.of();
        }
    }

    private static boolean suggestedOnTicket(MessageInProgress m, List<String> ids) {
        SelfService s = m.ticket == null ? null : m.ticket.selfService();
        return s != null && s.suggested().equals(ids);
    }

    /** A "solved" reply to a ticket that had suggestions: closed by the customer (or left alone if done already). */
    private boolean solvedByCustomer(MessageInProgress m) {
        SelfService s = m.ticket.selfService();
        if (s == null || s.suggested().isEmpty() || !knowledge.isSolvedReply(m.parsed.newContent())) {
            return false;
        }
        SelfServiceClosing.Result result = selfService.solve(m.ticketNumber, "reply", m.raw.id());
        if (result == SelfServiceClosing.Result.CLOSED) {
            m.reason.append("; closed: solved by the customer with the suggested articles");
        }
        // a "solved" on a ticket that is done already must not reopen it
        return result != SelfServiceClosing.Result.NOTHING_SUGGESTED;
    }
}
