package io.ticketflow.intake;

import io.ticketflow.respond.agents.AgentMail;
import io.ticketflow.vocabulary.ProcessingOutcome.Outcome;
import io.ticketflow.vocabulary.ThreadingDecision;
import java.util.List;
import java.util.Optional;

/**
 * {@code take agent mail}: a person's mail to a ticket's signed agent address from a configured agent whose mail our
 * own infrastructure authenticated (DMARC pass, or an internal relay) is the agent working the ticket: commands on
 * its leading lines change the ticket, the rest goes to the customer or stays as an internal note. It ends here on
 * that ticket. Any other mail, including mail to the agent address from anybody else or with a wrong signature, goes
 * on as a customer's mail: its {@code #} lines are text.
 */
final class TakeAgentMail implements IntakeStep {

    private final AgentMail agentMail;

    TakeAgentMail(AgentMail agentMail) {
        this.agentMail = agentMail;
    }

    @Override
    public String name() {
        return "take agent mail";
    }

    @Override
    public boolean appliesTo(MessageInProgress m) {
        // machine mail (an agent's out-of-office reply to a notice) was settled as screened before this step
        // and only a mail to a signed agent address: every other mail goes past this step without a store read
        return m.settled == null && m.raw.isMail() && m.verdict.isHuman() && agentMail.addressedToAgent(m.parsed);
    }

    @Override
    public void apply(MessageInProgress m) {
        Optional<AgentMail.Recognised> recognised = agentMail.recognise(m.parsed);
        if (recognised.isEmpty()) {
            return;
        }
        AgentMail.Handled handled = agentMail.handle(recognised.get(), m.raw, m.parsed, m.verdict);
        m.ticketNumber = handled.ticket();
        m.threading = new ThreadingDecision(handled.ticket(), ThreadingDecision.Method.SIGNED_TOKEN,
                "signed agent address, " + recognised.get().sender().evidence(), List.of());
        m.agentMail = true;
        m.reason.append(handled.summary());
        m.settled = Outcome.APPENDED;
    }
}
