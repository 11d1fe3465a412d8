package io.ticketflow.intake;

import io.ticketflow.route.RoutingInput;
import io.ticketflow.route.RoutingRules;
import io.ticketflow.route.RuleSet;
import io.ticketflow.vocabulary.RoutingDecision;
import io.ticketflow.vocabulary.SenderAuthentication;
import io.ticketflow.vocabulary.ScreeningVerdict;

/**
 * {@code route}: the admin's routing rules decide queue, level, priority, SLA policy, tags and acknowledgement. A rule
 * that marks the message as spam or rejects it turns the verdict into that refusal, so {@code keep refused} keeps it.
 * A sender whose From fails DMARC gets the tag {@value SenderAuthentication#DMARC_FAIL_TAG} on the ticket. The rules
 * that matched are recorded with the message's one decision event ({@code record outcome}), not in an event of their
 * own: one event document per message instead of two.
 * <p>
 * A reply's labels may still be the sparse models' ({@link MessageInProgress#labels}): the cascade's labels are
 * computed first when the refusal or one of the tags of {@code ticketflow.routing.reply-tags} (default
 * {@value NoteRefund#TAG}: the answers of routing that matter for a message appended to a ticket) could depend on
 * them ({@link RuleSet#settledWithout}), or when the rules refuse the message (it is kept with its labels). A
 * message that opens a ticket is routed again with the cascade's labels ({@link RefineLabels}), by the same rules.
 */
final class Route implements IntakeStep {

    private final RoutingRules rules;

    Route(RoutingRules rules) {
        this.rules = rules;
    }

    @Override
    public String name() {
        return "route";
    }

    @Override
    public Phase phase() {
        return Phase.DECIDE;
    }

    @Override
    public void apply(MessageInProgress m) {
        RuleSet ruleSet = rules.rules();
        m.routedBy = ruleSet;
        if (m.labels != null && !ruleSet.settledWithout(RoutingInput.of(m.raw, m.parsed, m.classification),
                m.labels.unsure(), rules.replyTags())) {
            m.refineLabels();
        }
        RoutingDecision routing = routed(ruleSet, m);
        if (routing.refused() && m.labels != null) {
            m.refineLabels();
            routing = routed(ruleSet, m);
        }
        m.routing = routing;
        if (routing.refused()) {
            String reason = (routing.spam() ? "spam" : "rejected") + " by rule "
                    + routing.rulesMatched().get(routing.rulesMatched().size() - 1) + ": " + routing.reason();
            m.verdict = new ScreeningVerdict(routing.spam() ? ScreeningVerdict.Kind.SPAM : ScreeningVerdict.Kind.REJECTED,
                    reason);
        }
    }

    /** The rules' decision for the message as classified now. */
    static RoutingDecision routed(RuleSet ruleSet, MessageInProgress m) {
        RoutingDecision routing = ruleSet.route(RoutingInput.of(m.raw, m.parsed, m.classification));
        return m.parsed.senderAuthentication().dmarcFailed() ? tagged(routing, SenderAuthentication.DMARC_FAIL_TAG)
                : routing;
    }

    private static RoutingDecision tagged(RoutingDecision r, String tag) {
        java.util.List<String> tags = new java.util.ArrayList<>(r.tags());
        if (!tags.contains(tag)) {
            tags.add(tag);
        }
        return new RoutingDecision(r.queue(), r.level(), r.priority(), r.slaPolicy(), tags, r.assigneeGroup(),
                r.acknowledgementTemplate(), r.spam(), r.reject(), r.reason(), r.faqArticles(), r.rulesMatched());
    }
}
