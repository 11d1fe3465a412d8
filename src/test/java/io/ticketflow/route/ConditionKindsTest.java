package io.ticketflow.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionKindsTest {

    @Test
    void unknownKindIsRefusedWithTheRegisteredKindsInOrder() {
        assertThatThrownBy(() -> RuleFileParser.parse("rules:\n  - id: r\n    when:\n      colour: red\n    then: {queue: a}\n",
                "r.yml")).isInstanceOfSatisfying(RoutingConfigException.class, e -> assertThat(e.problems()).containsExactly(
                        "r.yml:4: rules[0].when.colour: unknown condition (known: "
                                + String.join(", ", ConditionKinds.BUILT_IN.names()) + ")"));
    }

    @Test
    void everyRegisteredKindIsAcceptedByItsName() {
        // one value per kind that the kind accepts; the parser must find each name in the registry
        var values = new java.util.LinkedHashMap<String, String>();
        ConditionKinds.BUILT_IN.names().forEach(n -> values.put(n, "x"));
        values.putAll(java.util.Map.of("header", "{X-A: b}", "classifier", "{type: {label: q}}", "needsReview", "true",
                "hasAttachment", "true", "businessHours", "true", "timeOfDay", "\"08:00-09:00\"", "weekday", "MON",
                "any", "[{subject: a}]", "not", "{subject: a}"));
        StringBuilder yaml = new StringBuilder("rules:\n  - id: all\n    when:\n");
        values.forEach((k, v) -> yaml.append("      ").append(k).append(": ").append(v).append('\n'));
        yaml.append("    then: {queue: a}\n");
        RuleSet rules = RuleFileParser.parse(yaml.toString(), "all.yml");
        assertThat(rules.rules().get(0).conditions()).hasSize(ConditionKinds.BUILT_IN.names().size());
    }

    @Test
    void aNameRegisteredTwiceIsAProgrammingError() {
        assertThatThrownBy(() -> new ConditionKinds(List.of(MessageConditions.SUBJECT, MessageConditions.SUBJECT)))
                .hasMessageContaining("subject");
    }
}
