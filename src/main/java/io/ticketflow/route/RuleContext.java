package io.ticketflow.route;

import io.ticketflow.config.RequiredLiteral;
import java.time.ZonedDateTime;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A message as the conditions see it: the input plus what the rule file derives from it once. Also keeps each value's
 * folded form once a rule's case-insensitive prefilter asked for it, so that the body is folded once per mail, not
 * once per rule. Used by one thread for one routing decision.
 */
public record RuleContext(RoutingInput input, Set<String> customerTags, ZonedDateTime localTime, boolean businessHours,
        Map<String, RequiredLiteral.Text> texts) {

    public RuleContext(RoutingInput input, Set<String> customerTags, ZonedDateTime localTime, boolean businessHours) {
        this(input, customerTags, localTime, businessHours, new IdentityHashMap<>());
    }

    /** The value as a prefilter reads it, shared by every rule that looks at this same string. */
    RequiredLiteral.Text text(String value) {
        return texts.computeIfAbsent(value, RequiredLiteral.Text::new);
    }
}
