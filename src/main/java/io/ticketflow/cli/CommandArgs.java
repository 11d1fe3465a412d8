package io.ticketflow.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Arguments of a command: positionals, {@code --option VALUE} pairs, flags. {@code --name=value} arguments are Spring
 * settings and left to {@link io.ticketflow.cli.ServiceContext}.
 */
public record CommandArgs(List<String> positional, Map<String, String> options, Set<String> flags) {

    /** Options that take a value; every other {@code --word} is a flag. */
    private static final Set<String> WITH_VALUE = Set.of("--data", "--train", "--test", "--classifiers", "--trainer",
            "--since", "--rules", "--repeat", "--threads", "--limit", "--folds", "--threshold", "--cv",
            "--target-accuracy", "--embed-below", "--svm-c", "--embedding-weight", "--embedding-model-weight",
            "--set", "--sweep");

    public static CommandArgs parse(List<String> args) {
        List<String> positional = new ArrayList<>();
        Map<String, String> options = new HashMap<>();
        Set<String> flags = new HashSet<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.startsWith("--") && a.contains("=")) {
                continue;
            }
            if (WITH_VALUE.contains(a)) {
                if (i + 1 >= args.size()) {
                    throw new IllegalArgumentException(a + " needs a value");
                }
                options.put(a, args.get(++i));
            }
            else if (a.startsWith("--")) {
                flags.add(a);
            }
            else {
                positional.add(a);
            }
        }
        return new CommandArgs(positional, options, flags);
    }

    public boolean has(String option) {
        return options.containsKey(option);
    }

    public String option(String name, String fallback) {
        return options.getOrDefault(name, fallback);
    }

    public boolean flag(String name) {
        return flags.contains(name);
    }
}
