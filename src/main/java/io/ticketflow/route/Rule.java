package io.ticketflow.route;

import java.util.List;
import java.util.Set;

/**
 * One routing rule: all its conditions must hold (none = always); then its actions apply. {@code stop} ends the
 * evaluation after this rule; otherwise later rules may add to or override its actions.
 *
 * @param line        line of the rule in its file, for messages to the admin
 * @param classifiers the classifiers whose predictions its conditions look at ({@value #EVERY_CLASSIFIER}: all, as
 *                    {@code needsReview} does); the language is not one of them
 */
public record Rule(String id, String description, int line, List<Condition> conditions, RoutingActions actions,
        boolean stop, Set<String> classifiers) {

    public static final String EVERY_CLASSIFIER = "*";

    public Rule {
        classifiers = classifiers == null ? Set.of() : Set.copyOf(classifiers);
    }

    public Rule(String id, String description, int line, List<Condition> conditions, RoutingActions actions,
            boolean stop) {
        this(id, description, line, conditions, actions, stop, Set.of());
    }

    /** Whether its conditions look at a prediction of one of these classifiers. */
    public boolean looksAtAny(Set<String> names) {
        return !names.isEmpty() && (classifiers.contains(EVERY_CLASSIFIER) || classifiers.stream().anyMatch(names::contains));
    }

    public boolean matches(RuleContext message) {
        for (Condition c : conditions) {
            if (!c.test(message)) {
                return false;
            }
        }
        return true;
    }
}
