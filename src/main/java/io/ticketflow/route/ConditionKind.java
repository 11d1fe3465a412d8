package io.ticketflow.route;

import io.ticketflow.config.BusinessHoursParser;
import io.ticketflow.config.LocatedYaml;
import java.util.List;
import org.yaml.snakeyaml.nodes.Node;

/**
 * One kind of test a rule's {@code when} block can make ({@code subject}, {@code fromDomain}, {@code classifier} ...):
 * it reads and checks its YAML value once, at load, and answers with the {@link Condition} that runs per message.
 * The kinds are listed by name in {@link ConditionKinds}.
 */
interface ConditionKind {

    /** The key in the rule file. */
    String name();

    /**
     * The condition for {@code value}; problems are reported to {@code reader.yaml()} with their line, and null is
     * returned when the value cannot be used (the file is then rejected anyway).
     */
    Condition read(Node value, String path, Reader reader);

    /** What a kind may use while it reads: the file's validator, the hours parser, and nested condition blocks. */
    interface Reader {

        LocatedYaml yaml();

        BusinessHoursParser hours();

        /** A nested {@code when} block (for {@code any} and {@code not}): all of its conditions must hold. */
        List<Condition> conditions(Node node, String path);

        /**
         * The condition being read looks at this classifier's prediction ({@link Rule#classifiers}; {@code *}: at
         * every classifier's).
         */
        default void readsClassifier(String name) {
        }
    }
}
