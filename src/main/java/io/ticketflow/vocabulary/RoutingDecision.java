package io.ticketflow.vocabulary;

import java.util.List;

/**
 * Where a message goes, as decided by the routing rules ({@code config/routing.yml}) over the message and its
 * classification.
 *
 * @param level                   support level: L0 gathers and forwards, L1 resolves, L2 takes escalations and
 *                                technical incidents
 * @param slaPolicy               name of the SLA policy (read by the SLA engine from {@code ticket.sla().policy()})
 * @param acknowledgementTemplate template of the acknowledgement: null = the default template, {@code none} = no
 *                                acknowledgement
 * @param spam                    a rule marked the message as spam: no ticket, recorded as screened with the reason
 * @param reject                  a rule rejected the message: no ticket, recorded as screened with the reason
 * @param reason                  why it was marked spam or rejected (null otherwise)
 * @param faqArticles             knowledge-base articles a rule suggests for the answer (may be empty)
 * @param rulesMatched            ids of the rules that matched, in the order they were applied
 */
public record RoutingDecision(String queue, String level, String priority, String slaPolicy, List<String> tags,
        String assigneeGroup, String acknowledgementTemplate, boolean spam, boolean reject, String reason,
        List<String> faqArticles, List<String> rulesMatched) {

    public static final String NO_ACKNOWLEDGEMENT = "none";

    public RoutingDecision {
        tags = tags == null ? List.of() : List.copyOf(tags);
        faqArticles = faqArticles == null ? List.of() : List.copyOf(faqArticles);
        rulesMatched = rulesMatched == null ? List.of() : List.copyOf(rulesMatched);
    }

    /** No ticket for this message. */
    public boolean refused() {
        return spam || reject;
    }

    public boolean acknowledge() {
        return !NO_ACKNOWLEDGEMENT.equals(acknowledgementTemplate);
    }
}
