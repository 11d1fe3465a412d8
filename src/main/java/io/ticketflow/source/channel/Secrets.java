package io.ticketflow.source.channel;

import org.springframework.core.env.Environment;

/**
 * Channel secrets are never in the configuration itself: the configuration names an environment variable, and the
 * secret is read from it (through Spring's environment, so a JVM system property of that name also works, which is
 * how the tests pass one).
 */
public final class Secrets {

    private Secrets() {
    }

    /** The secret, or null when the setting or the variable is missing. */
    public static String fromEnvironment(Environment env, String variable) {
        if (variable == null || variable.isBlank()) {
            return null;
        }
        String value = env.getProperty(variable.strip());
        return value == null || value.isBlank() ? null : value.strip();
    }
}
