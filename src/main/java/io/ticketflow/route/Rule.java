package io.ticketflow.route;

import java.util.List;

/**
 * One routing rule: all its conditions must hold (none = always); then its actions apply. {@code stop} ends the
 * evaluation after this rule; otherwise later rules may add to or override its actions.
 *
 * @param line line of the rule in its file, for messages to the admin
 */
public record Rule(String id, String description, int line, List<Condition> conditions, RoutingActions actions,
        boolean stop) {

    public boolean matches(RuleContext message) {
        for (Condition c : conditions) {
            if (!c.test(message)) {
                return false;
            }
        }
        return true;
    }
}
