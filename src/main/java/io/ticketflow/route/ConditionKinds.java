package io.ticketflow.route;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The condition kinds a rule file may use, by name, in the order docs/routing.md lists them. The error for an unknown
 * condition lists {@link #names()}, so a new kind appears there by being registered here.
 */
final class ConditionKinds {

    static final ConditionKinds BUILT_IN = new ConditionKinds(List.of(
            MessageConditions.FROM,
            new MessageConditions.FromDomain(),
            MessageConditions.TO,
            MessageConditions.SUBJECT,
            MessageConditions.TEXT,
            MessageConditions.SUBJECT_OR_TEXT,
            new MessageConditions.Header(),
            MessageConditions.CHANNEL,
            MessageConditions.MAILBOX,
            MessageConditions.ALERT_SEVERITY,
            ClassifierConditions.LANGUAGE,
            new ClassifierConditions.ConfidentLabel("category"),
            new ClassifierConditions.ConfidentLabel("type"),
            new ClassifierConditions.ConfidentLabel("priority"),
            new ClassifierConditions.Classifier(),
            new ClassifierConditions.NeedsReview(),
            new MessageConditions.HasAttachment(),
            MessageConditions.ATTACHMENT_TYPE,
            new MessageConditions.CustomerTag(),
            new TimeConditions.InBusinessHours(),
            new TimeConditions.TimeOfDay(),
            new TimeConditions.Weekday(),
            new CombinedConditions.Any(),
            new CombinedConditions.Not()));

    private final Map<String, ConditionKind> byName = new LinkedHashMap<>();

    ConditionKinds(List<ConditionKind> kinds) {
        for (ConditionKind kind : kinds) {
            if (byName.putIfAbsent(kind.name(), kind) != null) {
                throw new IllegalArgumentException("condition kind registered twice: " + kind.name());
            }
        }
    }

    /** The kind of that name, or null. */
    ConditionKind get(String name) {
        return byName.get(name);
    }

    List<String> names() {
        return List.copyOf(byName.keySet());
    }
}
