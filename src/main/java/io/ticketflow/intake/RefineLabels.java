package io.ticketflow.intake;

/**
 * {@code refine labels}: a mail that looked like a reply ({@link Classify}) but opens a ticket gets the cascade's full
 * labels after all, and is routed again with them by the rules that routed it ({@link Route#routed}): the new ticket's
 * category, type, priority, queue, SLA and tags are exactly what classifying it in full first would give. Its refusal
 * cannot change ({@code route} computed the labels first wherever a refusal could depend on them). A mail appended to
 * a ticket keeps the sparse labels: the ticket keeps those of its first message.
 */
final class RefineLabels implements IntakeStep {

    @Override
    public String name() {
        return "refine labels";
    }

    @Override
    public boolean appliesTo(MessageInProgress m) {
        return m.settled == null && m.labels != null && m.opensTicket;
    }

    @Override
    public void apply(MessageInProgress m) {
        m.refineLabels();
        m.routing = Route.routed(m.routedBy, m);
    }
}
