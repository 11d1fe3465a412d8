package io.ticketflow.config;

import java.util.List;

/** An admin file that cannot be used; each problem reads {@code file:line: field: message}. */
public class ConfigFileException extends RuntimeException {

    private final List<String> problems;

    public ConfigFileException(List<String> problems) {
        this(String.join("\n", problems), problems);
    }

    /** For files whose message frames the problems (a heading line, indentation). */
    protected ConfigFileException(String message, List<String> problems) {
        super(message);
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
