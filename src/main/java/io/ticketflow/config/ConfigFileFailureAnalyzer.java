package io.ticketflow.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * When an admin file stops the start, the console shows its problems ({@code file:line: field: message}) and what to
 * do, instead of a stack of bean-creation exceptions with the problems somewhere inside.
 */
public class ConfigFileFailureAnalyzer extends AbstractFailureAnalyzer<ConfigFileException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, ConfigFileException cause) {
        return new FailureAnalysis("An admin file is not valid:\n\n  " + String.join("\n  ", cause.problems()) + "\n",
                "Correct the lines named above (each reads file:line: field: message) and start again, or remove the "
                        + "setting that names the file to use the one shipped in the jar.", cause);
    }
}
