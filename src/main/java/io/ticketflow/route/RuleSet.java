package io.ticketflow.route;

import io.ticketflow.vocabulary.RoutingDecision;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A validated rule file: defaults, customer tags, business hours and the ordered rules. {@link #route} is pure and
 * thread-safe (RE2/J patterns are immutable and match in linear time).
 *
 * @param source   where it was loaded from, for messages and the health endpoint
 */
public record RuleSet(String source, Instant loadedAt, RoutingActions defaults, BusinessHours businessHours,
        List<CustomerTagRule> customers, List<Rule> rules) {

    public static final String DEFAULT_QUEUE = "general";
    public static final String DEFAULT_LEVEL = "L0";
    public static final String DEFAULT_PRIORITY = "normal";

    public RuleSet {
        customers = List.copyOf(customers);
        rules = List.copyOf(rules);
    }

    public RoutingDecision route(RoutingInput input) {
        Set<String> customerTags = new LinkedHashSet<>();
        RuleContext context = context(input, customerTags);

        Builder d = new Builder();
        d.queue = DEFAULT_QUEUE;
        d.level = DEFAULT_LEVEL;
        d.priority = DEFAULT_PRIORITY;
        d.apply(defaults);
        // the priority classifier's label, when confident, comes before the rules: a rule can still override it
        String predicted = input.classification().confidentLabel("priority");
        if (predicted != null) {
            d.priority = predicted;
        }
        customerTags.forEach(t -> d.tags.add("customer:" + t));
        for (Rule rule : rules) {
            if (!rule.matches(context)) {
                continue;
            }
            d.matched.add(rule.id());
            d.apply(rule.actions());
            if (rule.stop() || d.spam || d.reject) {
                break;
            }
        }
        return d.build();
    }

    /**
     * Whether the refusal (spam or reject, with its rule and reason) and the presence of each of {@code tags} that
     * {@link #route} decides for this input come out the same whatever the named classifiers predict: no rule that
     * looks at one of them could refuse, stop the evaluation or add or remove one of the tags before a rule that does
     * not look at them refuses or stops. Exact for the rules as written (a rule's conditions are not evaluated for
     * it: a rule that looks at such a classifier counts as one that may match), so it may answer false where a closer
     * look would say true, never the other way round.
     */
    public boolean settledWithout(RoutingInput input, Set<String> classifiers, Set<String> tags) {
        if (classifiers.isEmpty()) {
            return true;
        }
        RuleContext context = context(input, new LinkedHashSet<>());
        for (Rule rule : rules) {
            RoutingActions a = rule.actions();
            boolean ends = rule.stop() || a.spam() != null || a.reject() != null;
            if (rule.looksAtAny(classifiers)) {
                if (ends || a.tags().stream().anyMatch(tags::contains) || a.removeTags().stream().anyMatch(tags::contains)) {
                    return false;
                }
            }
            else if (ends && rule.matches(context)) {
                return true;
            }
        }
        return true;
    }

    private RuleContext context(RoutingInput input, Set<String> customerTags) {
        customers.stream().filter(c -> c.applies(input)).forEach(c -> customerTags.addAll(c.tags()));
        var local = businessHours.local(input.receivedAt());
        return new RuleContext(input, Set.copyOf(customerTags), local, businessHours.contains(local));
    }

    private static final class Builder {
        String queue, level, priority, sla, assigneeGroup, acknowledgement, reason;
        boolean spam, reject;
        final Set<String> tags = new LinkedHashSet<>();
        final List<String> faq = new ArrayList<>();
        final List<String> matched = new ArrayList<>();

        void apply(RoutingActions a) {
            queue = a.queue() != null ? a.queue() : queue;
            level = a.level() != null ? a.level() : level;
            priority = a.priority() != null ? a.priority() : priority;
            sla = a.sla() != null ? a.sla() : sla;
            assigneeGroup = a.assigneeGroup() != null ? a.assigneeGroup() : assigneeGroup;
            acknowledgement = a.acknowledgement() != null ? a.acknowledgement() : acknowledgement;
            tags.addAll(a.tags());
            a.removeTags().forEach(tags::remove);
            a.faq().stream().filter(f -> !faq.contains(f)).forEach(faq::add);
            if (a.spam() != null) {
                spam = true;
                reason = a.spam();
            }
            if (a.reject() != null) {
                reject = true;
                reason = a.reject();
            }
        }

        RoutingDecision build() {
            return new RoutingDecision(queue, level, priority, sla, List.copyOf(tags), assigneeGroup, acknowledgement, spam,
                    reject, reason, faq, matched);
        }
    }
}
