package io.ticketflow.route;

/** One test of a rule's {@code when} block. */
@FunctionalInterface
public interface Condition {

    boolean test(RuleContext message);
}
