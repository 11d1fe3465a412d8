package io.ticketflow.intake;

import io.ticketflow.lifecycle.SelfServiceClosing;
import io.ticketflow.respond.Acknowledgements;
import io.ticketflow.respond.KnowledgeBase;
import io.ticketflow.store.StoreUnavailableException;
import io.ticketflow.ticket.SelfService;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code suggest articles}: before a new ticket is written, whether its customer may get an acknowledgement at all
 * (imported history, a machine or forged sender, an undeliverable address: no) and which knowledge-base articles it
 * would suggest. The ticket is then created with the suggestions on it ({@code write ticket}), instead of being
 * created and updated a moment later; {@code acknowledge} uses this plan and withdraws the suggestions if the loop
 * guard refuses the mail after all.
 */
final class SuggestArticles implements IntakeStep {

    private static final Logger log = LoggerFactory.getLogger(SuggestArticles.class);

    /** The acknowledgement's refusal known before the ticket exists (null: none yet), and its suggestions. */
    record Plan(String refusal, List<KnowledgeBase.Suggestion> suggestions, SelfService selfService) {

        List<String> ids() {
            return suggestions.stream().map(KnowledgeBase.Suggestion::id).toList();
        }
    }

    private final Acknowledgements acknowledgements;
    private final KnowledgeBase knowledge;
    private final SelfServiceClosing selfService;

    SuggestArticles(Acknowledgements acknowledgements, KnowledgeBase knowledge, SelfServiceClosing selfService) {
        this.acknowledgements = acknowledgements;
        this.knowledge = knowledge;
        this.selfService = selfService;
    }

    @Override
    public String name() {
        return "suggest articles";
    }

    @Override
    public boolean appliesTo(MessageInProgress m) {
        return m.settled == null && m.opensTicket && m.alert == null && !m.edit && !m.agentMail;
    }

    @Override
    public void apply(MessageInProgress m) {
        String refusal = "import".equals(m.raw.channel()) ? "imported message"
                : acknowledgements.refusal(m.parsed, m.verdict);
        List<KnowledgeBase.Suggestion> suggestions = refusal == null ? suggestions(m) : List.of();
        SelfService suggested = suggestions.isEmpty() ? null
                : selfService.suggesting(suggestions.stream().map(KnowledgeBase.Suggestion::id).toList());
        m.acknowledgement = new Plan(refusal, suggestions, suggested);
    }

    /** The knowledge-base articles for a new ticket's message; none (and a log line) when the search fails. */
    private List<KnowledgeBase.Suggestion> suggestions(MessageInProgress m) {
        try {
            String content = m.parsed.newContent() == null || m.parsed.newContent().isBlank() ? m.parsed.text()
                    : m.parsed.newContent();
            return knowledge.suggest(m.parsed.subject(), content,
                    m.classification == null ? null : m.classification.language());
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
}
