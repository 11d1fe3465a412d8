package io.ticketflow.route;

import java.util.List;

/** A rule file that cannot be used; each problem names the file, the line and the field. */
public class RoutingConfigException extends RuntimeException {

    private final List<String> problems;

    public RoutingConfigException(List<String> problems) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
