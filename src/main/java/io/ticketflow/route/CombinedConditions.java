package io.ticketflow.route;

import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.nodes.Node;

/** Condition kinds made of other conditions. */
final class CombinedConditions {

    private CombinedConditions() {
    }

    /** A list of condition blocks; the condition holds when all conditions of at least one block hold. */
    record Any() implements ConditionKind {
        @Override
        public String name() {
            return "any";
        }

        @Override
        public Condition read(Node value, String path, Reader reader) {
            List<List<Condition>> alternatives = new ArrayList<>();
            List<Node> items = reader.yaml().list(value, path);
            for (int i = 0; i < items.size(); i++) {
                alternatives.add(reader.conditions(items.get(i), path + "[" + i + "]"));
            }
            return m -> alternatives.stream().anyMatch(all -> all.stream().allMatch(c -> c.test(m)));
        }
    }

    /** A condition block that must not hold as a whole. */
    record Not() implements ConditionKind {
        @Override
        public String name() {
            return "not";
        }

        @Override
        public Condition read(Node value, String path, Reader reader) {
            List<Condition> inner = reader.conditions(value, path);
            return m -> !inner.stream().allMatch(c -> c.test(m));
        }
    }
}
